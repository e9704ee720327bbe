import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { isFuture, toIsoDate } from '../lib/dates.js';
import { PersonSelect } from '../registry/PersonSelect.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { workflowApi } from './workflowApi.js';

type Values = { personId: string; declared: string; documents: string[]; note?: string; receivedOn?: Dayjs };
const FIELDS = ['personId', 'declared', 'documents', 'note', 'receivedOn'] as const;

/**
 * An application a family brings to the village: the person (found by ID number or name), what
 * they declared, the documents seen. The server judges it on the registry's facts and keeps it
 * whatever the verdict; the answer's verdict is shown.
 */
export function WorkflowApplicationForm({
  cycleId,
  open,
  onClose,
  onDone,
}: {
  cycleId: string;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const res = await workflowApi.apply(cycleId, {
        personId: v.personId,
        declared: v.declared,
        documents: v.documents ?? [],
        note: v.note || undefined,
        receivedOn: toIsoDate(v.receivedOn),
      });
      void message.success(t('benefits.workflow.application.done', { verdict: res.verdict }), 6);
      onDone();
    } catch (e) {
      if (e instanceof ApiError)
        form.setFields(
          e.problems
            .filter((p) => (FIELDS as readonly string[]).includes(p.field))
            .map((p) => ({ name: p.field as (typeof FIELDS)[number], errors: [p.message] })),
        );
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('benefits.workflow.application.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('benefits.workflow.application.submit')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'application-submit' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ documents: [] }}>
        <Form.Item
          name="personId"
          label={t('benefits.workflow.application.person')}
          extra={t('benefits.workflow.application.personHint')}
          rules={[{ required: true }]}
        >
          <PersonSelect data-testid="application-person" />
        </Form.Item>
        <Form.Item
          name="declared"
          label={t('benefits.workflow.application.declared')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={2} maxLength={1000} data-testid="application-declared" />
        </Form.Item>
        <Form.Item
          name="documents"
          label={t('benefits.workflow.application.documents')}
          extra={t('benefits.workflow.application.documentsHint')}
        >
          <Select mode="tags" open={false} data-testid="application-documents" />
        </Form.Item>
        <Form.Item name="receivedOn" label={t('benefits.workflow.application.receivedOn')}>
          <DatePicker disabledDate={isFuture} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('benefits.workflow.application.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
