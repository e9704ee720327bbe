import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { isFuture, toIsoDate } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { CASE_KINDS, LEAD_SOURCES, casesApi, type CaseKind, type LeadSource } from './casesApi.js';

type Values = {
  kind: CaseKind;
  leadSource: LeadSource;
  leadReceivedOn: Dayjs;
  unitId: string;
  summary: string;
  parties: string;
};
const FIELDS = ['kind', 'leadSource', 'leadReceivedOn', 'unitId', 'summary', 'parties'] as const;

/** Opens a case from a lead; the server gives it the county's next number of the year. */
export function CaseOpenForm({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (id: string) => void;
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
      const res = await casesApi.open({ ...v, leadReceivedOn: toIsoDate(v.leadReceivedOn)! });
      void message.success(t('cases.form.opened', { number: res.number }));
      onDone(res.id);
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
      title={t('cases.form.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('cases.form.submit')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'case-open-submit' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" preserve={false} data-testid="case-open-form">
        <Form.Item name="kind" label={t('cases.form.kind')} rules={[{ required: true }]}>
          <Select options={CASE_KINDS.map((k) => ({ value: k, label: t(`cases.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="leadSource" label={t('cases.form.leadSource')} rules={[{ required: true }]}>
          <Select options={LEAD_SOURCES.map((k) => ({ value: k, label: t(`cases.leadSource.${k}`) }))} />
        </Form.Item>
        <Form.Item name="leadReceivedOn" label={t('cases.form.leadReceivedOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={isFuture} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="unitId" label={t('cases.form.unit')} rules={[{ required: true }]}>
          <UnitPicker selectable={['township', 'village']} />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t('cases.form.summary')}
          extra={t('cases.form.summaryHelp')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item
          name="parties"
          label={t('cases.form.parties')}
          extra={t('cases.form.partiesHelp')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
