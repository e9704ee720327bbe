import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { toIsoDate } from '../lib/dates.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { programsApi, yuanToFen, type ProgramView } from './programsApi.js';

type Values = { tier: string; from?: Dayjs; amountYuan?: string; reason?: string };
const ALL = '__all__';
/** The server's field names (the request body) → this form's fields. */
const FIELDS: Record<string, keyof Values> = { tier: 'tier', from: 'from', fen: 'amountYuan', reason: 'reason' };

/**
 * Adding (or changing, or ending with 0) the county top-up of a program from a date. The amount is
 * entered in yuan and sent in integer fen; the change is based on the version shown, so a change
 * saved by someone else meanwhile is refused (409) and the list is reloaded.
 */
export function ProgramTopUpForm({
  view,
  onClose,
  onSaved,
  onStale,
}: {
  view: ProgramView;
  onClose: () => void;
  onSaved: () => void;
  onStale: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const en = i18n.language.startsWith('en');
  const tiers = view.program.amounts;
  const unit = t(`benefits.programs.unit.${view.program.rate}`);

  const submit = async (v: Values) => {
    setRefusal(undefined);
    setBusy(true);
    try {
      const saved = await programsApi.addTopUp(view.code, {
        baseVersion: view.version,
        ...(v.tier === ALL ? {} : { tier: v.tier }),
        from: toIsoDate(v.from)!,
        fen: yuanToFen(v.amountYuan)!,
        reason: v.reason?.trim() ?? '',
      });
      void message.success(t('benefits.programs.topUp.saved', { version: saved.version }));
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setRefusal(
          `${t('benefits.programs.topUp.conflict', { message: err.message })} ${t('benefits.programs.topUp.reloaded')}`,
        );
        onStale();
      } else if (err instanceof ApiError && err.status === 400 && err.problems.length) {
        // The server names each wrong field in Chinese: under the field when the form has it, else above the form.
        const mine = err.problems.filter((p) => FIELDS[p.field]);
        form.setFields(mine.map((p) => ({ name: FIELDS[p.field]!, errors: [p.message] })));
        if (mine.length < err.problems.length) setRefusal(err.message);
      } else {
        showError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('benefits.programs.topUp.title', { name: en ? view.nameEn : view.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('benefits.programs.topUp.save')}
      okButtonProps={{ loading: busy, 'data-testid': 'topup-ok' } as ButtonProps}
      destroyOnHidden
      width={560}
    >
      <Typography.Paragraph type="secondary">
        {t('benefits.programs.topUp.help', { version: view.version + 1 })}
      </Typography.Paragraph>
      {refusal && (
        <Alert type="error" showIcon title={refusal} style={{ marginBottom: 12 }} data-testid="topup-refusal" />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ tier: tiers.length === 1 ? tiers[0]!.key : ALL }}
        onFinish={(v) => void submit(v)}
        data-testid="topup-form"
      >
        <Form.Item name="tier" label={t('benefits.programs.topUp.tier')}>
          <Select
            data-testid="topup-tier"
            options={[
              ...(tiers.length > 1 ? [{ value: ALL, label: t('benefits.programs.topUp.allTiers') }] : []),
              ...tiers.map((tier) => ({ value: tier.key, label: en ? tier.label.en : tier.label.zh })),
            ]}
          />
        </Form.Item>
        <Form.Item
          name="from"
          label={t('benefits.programs.topUp.from')}
          rules={[{ required: true, message: t('benefits.programs.topUp.fromRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} data-testid="topup-from" />
        </Form.Item>
        <Form.Item
          name="amountYuan"
          label={t('benefits.programs.topUp.amount', { unit })}
          rules={[
            { required: true, message: t('benefits.programs.topUp.amountRequired') },
            {
              validator: (_, value: string | undefined) =>
                value === undefined || value === null || value === '' || yuanToFen(value) !== undefined
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('benefits.programs.topUp.amountFormat'))),
            },
          ]}
        >
          {/*
            stringMode: the yuan stay text until yuanToFen turns them into integer fen. No min or
            precision: InputNumber would silently clamp -3 to 0 (which ends the top-up) or round
            12.345; the rule above refuses them instead.
          */}
          <InputNumber<string> stringMode step="1" style={{ width: '100%' }} data-testid="topup-amount" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('benefits.programs.topUp.reason')}
          rules={[{ required: true, whitespace: true, message: t('benefits.programs.topUp.reasonRequired') }]}
        >
          <Input.TextArea
            rows={2}
            maxLength={500}
            showCount
            placeholder={t('benefits.programs.topUp.reasonPlaceholder')}
            data-testid="topup-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
