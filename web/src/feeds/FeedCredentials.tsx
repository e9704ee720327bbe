import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { feedsApi, type FeedCredential, type NewFeedCredential } from './feedsApi.js';

/** The departments' API credentials: create (the secret shown once, with a copy button), revoke. */
export function FeedCredentials() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [refresh, setRefresh] = useState(0);
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [created, setCreated] = useState<{ credential: FeedCredential; secret: string }>();
  const [form] = Form.useForm<NewFeedCredential>();
  const list = useQuery(() => feedsApi.credentials(), [refresh]);
  const types = useQuery(() => feedsApi.types(), []);
  const en = i18n.language === 'en';
  const typeName = (code: string) => {
    const x = types.data?.find((y) => y.code === code);
    return x ? (en ? x.nameEn : x.nameZh) : code;
  };

  const create = async (values: NewFeedCredential) => {
    setSaving(true);
    try {
      const r = await feedsApi.createCredential({ ...values, note: values.note || undefined });
      setCreating(false);
      form.resetFields();
      setCreated(r);
      setRefresh((n) => n + 1);
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) {
        form.setFields(err.problems.map((p) => ({ name: p.field as keyof NewFeedCredential, errors: [p.message] })));
      } else showError(err);
    } finally {
      setSaving(false);
    }
  };
  const revoke = async (id: string) => {
    try {
      await feedsApi.revokeCredential(id);
      void message.success(t('feeds.credentials.revokedDone'));
      setRefresh((n) => n + 1);
    } catch (err) {
      showError(err);
    }
  };
  const example = created
    ? `curl -X POST "${window.location.origin}/api/dept/feeds/${created.credential.feedTypes[0]}?fileName=feed.csv" \\\n  -H "Authorization: Bearer ${created.secret}" \\\n  -H "Content-Type: text/csv" \\\n  --data-binary @feed.csv`
    : '';

  return (
    <Card
      title={t('feeds.credentials.title')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="credential-create"
        >
          {t('feeds.credentials.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('feeds.credentials.intro')}</Typography.Paragraph>
      <Table<FeedCredential>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('feeds.credentials.none') }}
        data-testid="credentials-table"
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('feeds.credentials.departmentName'),
            key: 'dept',
            render: (_, c) => `${c.departmentName}（${c.departmentCode}）`,
          },
          {
            title: t('feeds.credentials.feedTypes'),
            dataIndex: 'feedTypes',
            render: (ts: string[]) => ts.map((x) => <Tag key={x}>{typeName(x)}</Tag>),
          },
          {
            title: t('feeds.credentials.prefix'),
            dataIndex: 'secretPrefix',
            width: 130,
            render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
          },
          {
            title: t('feeds.credentials.createdAt'),
            key: 'created',
            width: 220,
            render: (_, c) => `${formatDateTime(c.createdAt)} ${c.createdByName ?? ''}`,
          },
          {
            title: t('feeds.credentials.lastUsedAt'),
            dataIndex: 'lastUsedAt',
            width: 150,
            render: (v: string | null) => (v ? formatDateTime(v) : t('feeds.credentials.never')),
          },
          {
            title: t('feeds.status'),
            key: 'status',
            width: 170,
            render: (_, c) =>
              c.revokedAt ? (
                <Tag>{`${t('feeds.credentials.revoked')} ${formatDateTime(c.revokedAt)}`}</Tag>
              ) : (
                <Tag color="green">{t('feeds.credentials.active')}</Tag>
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_, c) =>
              !c.revokedAt && (
                <Popconfirm title={t('feeds.credentials.revokeConfirm')} onConfirm={() => void revoke(c.id)}>
                  <Button danger size="small" data-testid="credential-revoke">
                    {t('feeds.credentials.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />

      <Modal
        open={creating}
        title={t('feeds.credentials.create')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void create(v)} data-testid="credential-form">
          <Form.Item
            name="departmentName"
            label={t('feeds.credentials.departmentName')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item
            name="departmentCode"
            label={t('feeds.credentials.departmentCode')}
            extra={t('feeds.credentials.departmentCodeHint')}
            rules={[
              { required: true, message: t('common.required') },
              { pattern: /^[a-z0-9_-]{2,40}$/, message: t('feeds.credentials.departmentCodeHint') },
            ]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="feedTypes"
            label={t('feeds.credentials.feedTypes')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              mode="multiple"
              options={(types.data ?? []).map((x) => ({ value: x.code, label: en ? x.nameEn : x.nameZh }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('feeds.credentials.note')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={created !== undefined}
        title={
          <span>
            <KeyOutlined /> {t('feeds.credentials.secretTitle')}
          </span>
        }
        onCancel={() => setCreated(undefined)}
        footer={
          <Button type="primary" onClick={() => setCreated(undefined)}>
            {t('common.close')}
          </Button>
        }
        width={720}
        maskClosable={false}
      >
        {created && (
          <>
            <Alert
              type="warning"
              showIcon
              message={t('feeds.credentials.secretWarning')}
              style={{ marginBottom: 16 }}
            />
            <Typography.Paragraph
              copyable={{ text: created.secret, tooltips: [t('common.copy'), t('common.copied')] }}
              code
              data-testid="credential-secret"
            >
              {created.secret}
            </Typography.Paragraph>
            <Typography.Text strong>{t('feeds.credentials.example')}</Typography.Text>
            <pre
              style={{
                whiteSpace: 'pre-wrap',
                wordBreak: 'break-all',
                background: '#f6f6f6',
                padding: 12,
                fontSize: 12,
              }}
            >
              {example}
            </pre>
          </>
        )}
      </Modal>
    </Card>
  );
}
