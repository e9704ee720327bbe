import { App, type ButtonProps, DatePicker, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { isFuture, toIsoDate, todayIso } from '../lib/dates.js';
import { PersonSelect } from '../registry/PersonSelect.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import {
  COUPLE_KINDS,
  HEALTH_KINDS,
  type HealthKind,
  type HealthResult,
  WOMEN_ONLY,
  defaultFollowUpDays,
  healthApi,
  serviceProblems,
} from './healthApi.js';

type Values = {
  kind?: HealthKind;
  personId?: string;
  partnerPersonId?: string;
  servedOn?: Dayjs;
  place?: string;
  provider?: string;
  result?: HealthResult;
  findings?: string;
  followUpDays?: number | null;
};
const FIELDS = [
  'kind',
  'personId',
  'partnerPersonId',
  'servedOn',
  'place',
  'provider',
  'result',
  'findings',
  'followUpDays',
] as const;

/**
 * Records one free service: the person found in the registry, what was done, when, where and by
 * whom, and the result. An abnormal result needs its findings and opens a follow-up, due within
 * the days given (the server's default for the service otherwise).
 */
export function ServiceForm({ onClose, onDone }: { onClose: () => void; onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const result = Form.useWatch('result', form);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const raw = form.getFieldsValue();
    const values = { ...raw, servedOn: toIsoDate(raw.servedOn) };
    const problems = serviceProblems(values, todayIso());
    form.setFields(
      FIELDS.map((name) => ({
        name,
        errors: problems.filter((p) => p.field === name).map((p) => t(`health.problems.${p.key}`)),
      })),
    );
    if (problems.length > 0) return;
    const abnormal = values.result === 'abnormal';
    setBusy(true);
    try {
      const saved = await healthApi.recordService({
        kind: values.kind!,
        personId: values.personId!,
        partnerPersonId:
          values.kind && COUPLE_KINDS.includes(values.kind) ? values.partnerPersonId || undefined : undefined,
        servedOn: values.servedOn!,
        place: values.place!.trim(),
        provider: values.provider!.trim(),
        result: values.result!,
        findings: values.findings?.trim() || undefined,
        followUpDays: abnormal && values.followUpDays ? values.followUpDays : undefined,
      });
      void message.success(saved.followupId ? t('health.form.doneWithFollowup') : t('health.form.done'), 5);
      onDone(saved.id);
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
      open
      width={640}
      title={t('health.form.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('health.form.submit')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'service-submit' } as ButtonProps}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        // A field's error goes once the user changes it; the next save checks again.
        onValuesChange={(changed: Partial<Values>) =>
          form.setFields(Object.keys(changed).map((name) => ({ name: name as keyof Values, errors: [] })))
        }
        initialValues={{ servedOn: dayjs(), result: 'normal' }}
        data-testid="service-form"
      >
        <Form.Item name="kind" label={t('health.form.kind')} required>
          <Select
            options={HEALTH_KINDS.map((k) => ({ value: k, label: t(`health.kinds.${k}`) }))}
            data-testid="service-kind"
          />
        </Form.Item>
        <Form.Item name="personId" label={t('health.form.person')} extra={t('health.form.personHint')} required>
          <PersonSelect sex={kind && WOMEN_ONLY.includes(kind) ? 2 : undefined} data-testid="service-person" />
        </Form.Item>
        {kind && COUPLE_KINDS.includes(kind) && (
          <Form.Item name="partnerPersonId" label={t('health.form.partner')}>
            <PersonSelect data-testid="service-partner" />
          </Form.Item>
        )}
        <Form.Item name="servedOn" label={t('health.form.servedOn')} required>
          <DatePicker disabledDate={isFuture} style={{ width: '100%' }} data-testid="service-date" />
        </Form.Item>
        <Form.Item name="place" label={t('health.form.place')} required>
          <Input maxLength={100} placeholder={t('health.form.placePlaceholder')} data-testid="service-place" />
        </Form.Item>
        <Form.Item name="provider" label={t('health.form.provider')} required>
          <Input maxLength={100} placeholder={t('health.form.providerPlaceholder')} data-testid="service-provider" />
        </Form.Item>
        <Form.Item name="result" label={t('health.form.result')} required>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="service-result-input">
            {/* The test id sits on the label: antd hides the radio input itself. */}
            <Radio.Button value="normal">
              <span data-testid="service-result-normal">{t('health.results.normal')}</span>
            </Radio.Button>
            <Radio.Button value="abnormal">
              <span data-testid="service-result-abnormal">{t('health.results.abnormal')}</span>
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="findings"
          label={t('health.form.findings')}
          extra={t('health.form.findingsHint')}
          required={result === 'abnormal'}
        >
          <Input.TextArea
            rows={3}
            maxLength={2000}
            placeholder={t('health.form.findingsPlaceholder')}
            data-testid="service-findings-input"
          />
        </Form.Item>
        {result === 'abnormal' && (
          <Form.Item
            name="followUpDays"
            label={t('health.form.followUpDays')}
            extra={t('health.form.followUpDaysHint', { days: defaultFollowUpDays(kind) })}
          >
            <InputNumber
              min={1}
              max={365}
              precision={0}
              placeholder={String(defaultFollowUpDays(kind))}
              style={{ width: 160 }}
              data-testid="service-followup-days"
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
