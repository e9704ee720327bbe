import { App, Button, Card, DatePicker, Form, InputNumber, Modal, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { ApiError } from '../api/api.js';
import { toIsoDate } from '../lib/dates.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { fenToYuan } from './cyclesApi.js';
import { workflowApi, type Workflow, type WorkflowVillage } from './workflowApi.js';

/**
 * Each village of the caller's area: candidates per status, the notice (period, open objections,
 * whether an upheld objection calls for publishing again) and, for the village's workers, the
 * publish button once every candidate is verified.
 */
export function WorkflowVillages({
  workflow,
  unitId,
  onChanged,
}: {
  workflow: Workflow;
  unitId: string | undefined;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useMe();
  const [publishing, setPublishing] = useState<WorkflowVillage>();
  const rows = unitId ? workflow.villages.filter((v) => v.unitId === unitId) : workflow.villages;
  return (
    <Card size="small" title={t('benefits.workflow.villages.title')}>
      <Table<WorkflowVillage>
        rowKey="unitId"
        size="small"
        dataSource={rows}
        pagination={rows.length > 10 ? { pageSize: 10 } : false}
        data-testid="workflow-villages"
        columns={[
          { title: t('benefits.workflow.villages.village'), dataIndex: 'name' },
          { title: t('benefits.workflow.villages.pending'), dataIndex: 'pending', align: 'right' },
          { title: t('benefits.workflow.villages.verified'), dataIndex: 'verified', align: 'right' },
          { title: t('benefits.workflow.villages.reviewed'), dataIndex: 'reviewed', align: 'right' },
          { title: t('benefits.workflow.villages.approved'), dataIndex: 'approved', align: 'right' },
          { title: t('benefits.workflow.villages.excluded'), dataIndex: 'excluded', align: 'right' },
          {
            title: t('benefits.cycles.list.amount'),
            dataIndex: 'amountFen',
            align: 'right',
            render: (f: number) => fenToYuan(f),
          },
          {
            title: t('benefits.workflow.villages.notice'),
            key: 'notice',
            render: (_, v) =>
              v.notice ? (
                <Space size={4} wrap>
                  <span>
                    {t('benefits.workflow.villages.period', { from: v.notice.publishedOn, to: v.notice.endsOn })}
                  </span>
                  <Tag color={v.notice.ended ? 'green' : 'blue'}>
                    {t(`benefits.workflow.villages.${v.notice.ended ? 'ended' : 'running'}`)}
                  </Tag>
                  {v.notice.openObjections > 0 && (
                    <Tag color="red">
                      {t('benefits.workflow.villages.openObjections', { n: v.notice.openObjections })}
                    </Tag>
                  )}
                  {v.notice.needsRepublish && <Tag color="orange">{t('benefits.workflow.villages.republish')}</Tag>}
                </Space>
              ) : (
                <Tag>{t('benefits.workflow.villages.noNotice')}</Tag>
              ),
          },
          {
            title: '',
            key: 'actions',
            render: (_, v) => (
              <Space size={4}>
                {v.notice && (
                  <Link
                    to={`/benefits/workflow/notices/${v.notice.id}`}
                    data-testid={`workflow-notice-open-${v.unitId}`}
                  >
                    {t('benefits.workflow.villages.open')}
                  </Link>
                )}
                {can('benefit.verify') && (
                  <Button
                    size="small"
                    disabled={!v.canPublish}
                    onClick={() => setPublishing(v)}
                    data-testid={`workflow-notice-publish-${v.unitId}`}
                  >
                    {t('benefits.workflow.villages.publish')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <NoticePublishModal
        cycleId={workflow.cycle.id}
        village={publishing}
        onClose={() => setPublishing(undefined)}
        onPublished={() => {
          setPublishing(undefined);
          onChanged();
        }}
      />
    </Card>
  );
}

function NoticePublishModal({
  cycleId,
  village,
  onClose,
  onPublished,
}: {
  cycleId: string;
  village: WorkflowVillage | undefined;
  onClose: () => void;
  onPublished: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<{ publishedOn?: Dayjs; days: number }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const res = await workflowApi.publish(cycleId, {
        unitId: village!.unitId,
        publishedOn: toIsoDate(values.publishedOn),
        days: values.days,
      });
      void message.success(
        t('benefits.workflow.notice.done', { from: res.publishedOn, to: res.endsOn, n: res.entries }),
      );
      onPublished();
    } catch (e) {
      if (e instanceof ApiError && e.problems.length)
        form.setFields(
          e.problems
            .filter((p) => p.field === 'publishedOn' || p.field === 'days')
            .map((p) => ({ name: p.field as 'days', errors: [p.message] })),
        );
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!village}
      title={village ? t('benefits.workflow.notice.publishTitle', { village: village.name }) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('benefits.workflow.notice.submit')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'notice-publish-submit' } as never}
    >
      <Form form={form} layout="vertical" initialValues={{ days: 7 }} preserve={false}>
        <Form.Item name="publishedOn" label={t('benefits.workflow.notice.publishedOn')}>
          <DatePicker style={{ width: '100%' }} data-testid="notice-published-on" />
        </Form.Item>
        <Form.Item
          name="days"
          label={t('benefits.workflow.notice.days')}
          extra={t('benefits.workflow.notice.daysHint')}
          rules={[{ required: true, type: 'number', min: 5, max: 30 }]}
        >
          <InputNumber min={5} max={30} data-testid="notice-days" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
