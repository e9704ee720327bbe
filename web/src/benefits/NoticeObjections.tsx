import { App, Button, Card, DatePicker, Form, Input, Modal, Radio, Select, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { ApiError } from '../api/api.js';
import { formatDate, isFuture, toIsoDate } from '../lib/dates.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { workflowApi, type Notice, type Objection } from './workflowApi.js';

const STATUS_COLOR: Record<Objection['status'], string> = { open: 'red', upheld: 'orange', dismissed: 'default' };

/**
 * The objections to a notice: recorded by the village or township as received (benefit.verify),
 * resolved by the township (benefit.review), upheld sending the candidate back to the village.
 */
export function NoticeObjections({ notice, onChanged }: { notice: Notice; onChanged: () => void }) {
  const { t } = useTranslation();
  const { can } = useMe();
  const [recording, setRecording] = useState(false);
  const [resolving, setResolving] = useState<Objection>();
  return (
    <Card
      size="small"
      title={t('benefits.workflow.notice.objections')}
      extra={
        can('benefit.verify') && (
          <Button onClick={() => setRecording(true)} data-testid="objection-record">
            {t('benefits.workflow.notice.recordObjection')}
          </Button>
        )
      }
    >
      <Table<Objection>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={notice.objections}
        locale={{ emptyText: t('benefits.workflow.notice.noObjections') }}
        data-testid="objection-table"
        columns={[
          {
            title: t('benefits.workflow.objection.receivedOn'),
            dataIndex: 'receivedOn',
            render: (d: string) => formatDate(d),
          },
          {
            title: t('benefits.workflow.objection.candidate'),
            dataIndex: 'candidateName',
            render: (n: string | null) => n ?? t('benefits.workflow.objection.wholeList'),
          },
          { title: t('benefits.workflow.objection.raisedBy'), dataIndex: 'raisedBy' },
          { title: t('benefits.workflow.objection.contact'), dataIndex: 'contact' },
          { title: t('benefits.workflow.objection.content'), dataIndex: 'content' },
          {
            title: t('benefits.workflow.objection.decision'),
            key: 'status',
            render: (_, o) => (
              <>
                <Tag color={STATUS_COLOR[o.status]}>{t(`benefits.workflow.objection.status.${o.status}`)}</Tag>
                {o.resolution}
              </>
            ),
          },
          {
            title: '',
            key: 'resolve',
            render: (_, o) =>
              o.status === 'open' &&
              can('benefit.review') && (
                <Button size="small" onClick={() => setResolving(o)} data-testid={`objection-resolve-${o.id}`}>
                  {t('benefits.workflow.objection.resolve')}
                </Button>
              ),
          },
        ]}
      />
      <RecordObjectionModal
        notice={notice}
        open={recording}
        onClose={() => setRecording(false)}
        onDone={() => {
          setRecording(false);
          onChanged();
        }}
      />
      <ResolveObjectionModal
        objection={resolving}
        onClose={() => setResolving(undefined)}
        onDone={() => {
          setResolving(undefined);
          onChanged();
        }}
      />
    </Card>
  );
}

type RecordValues = { candidateId?: string; raisedBy: string; contact?: string; content: string; receivedOn: Dayjs };

function RecordObjectionModal({
  notice,
  open,
  onClose,
  onDone,
}: {
  notice: Notice;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<RecordValues>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await workflowApi.recordObjection(notice.id, {
        candidateId: v.candidateId,
        raisedBy: v.raisedBy,
        contact: v.contact || undefined,
        content: v.content,
        receivedOn: toIsoDate(v.receivedOn)!,
      });
      void message.success(t('benefits.workflow.actions.done', { n: 1 }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError)
        form.setFields(e.problems.map((p) => ({ name: p.field as keyof RecordValues, errors: [p.message] })));
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('benefits.workflow.notice.recordObjection')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('benefits.workflow.objection.submit')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'objection-submit' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ receivedOn: dayjs() }}>
        <Form.Item name="candidateId" label={t('benefits.workflow.objection.candidate')}>
          <Select
            allowClear
            placeholder={t('benefits.workflow.objection.wholeList')}
            options={notice.entries.map((e) => ({
              value: e.candidateId,
              label: `${e.name}（${e.idNumberMasked ?? ''}）`,
            }))}
            data-testid="objection-candidate"
          />
        </Form.Item>
        <Form.Item
          name="raisedBy"
          label={t('benefits.workflow.objection.raisedBy')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={50} data-testid="objection-raised-by" />
        </Form.Item>
        <Form.Item name="contact" label={t('benefits.workflow.objection.contact')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="content"
          label={t('benefits.workflow.objection.content')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="objection-content" />
        </Form.Item>
        <Form.Item name="receivedOn" label={t('benefits.workflow.objection.receivedOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={isFuture} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ResolveObjectionModal({
  objection,
  onClose,
  onDone,
}: {
  objection: Objection | undefined;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const showError = useErrorMessage();
  const [form] = Form.useForm<{ decision: 'upheld' | 'dismissed'; reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await workflowApi.resolveObjection(objection!.id, v);
      onDone();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!objection}
      title={t('benefits.workflow.objection.resolveTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('benefits.workflow.objection.submit')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'objection-resolve-submit' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="decision" label={t('benefits.workflow.objection.decision')} rules={[{ required: true }]}>
          <Radio.Group data-testid="objection-decision">
            <Radio value="upheld">{t('benefits.workflow.objection.upheld')}</Radio>
            <Radio value="dismissed">{t('benefits.workflow.objection.dismissed')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('benefits.workflow.objection.reason')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="objection-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
