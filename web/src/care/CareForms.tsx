import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { isFuture, toIsoDate } from '../lib/dates.js';
import { PersonSelect } from '../registry/PersonSelect.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import {
  CATEGORIES,
  FUND_SOURCES,
  KINDS,
  careApi,
  type Category,
  type Family,
  type FundSource,
  type Kind,
} from './careApi.js';
import { yuanToFen } from './careMoney.js';

type FormProps = { open: boolean; onClose: () => void; onDone: () => void };

/**
 * Submits a form: the server's refusals are marked on the fields they name (`fields`: the
 * server's field → the form's), and shown.
 */
function useSubmit<V extends object>(
  form: FormInstance<V>,
  fields: Record<string, string>,
  send: (v: V) => Promise<unknown>,
  onDone: () => void,
) {
  const showError = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await send(v);
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.problems.length)
        form.setFields(
          e.problems
            .filter((p) => fields[p.field] !== undefined)
            .map((p) => ({ name: fields[p.field] as never, errors: [p.message] })),
        );
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, submit };
}

type FlagValues = { personId: string; category: Category; reason: string; flaggedOn?: Dayjs };

/** Flags a family by staff: a parent of the caller's units, a category and a reason. */
export function FlagForm({ open, onClose, onDone }: FormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FlagValues>();
  const { busy, submit } = useSubmit(
    form,
    { personId: 'personId', category: 'category', reason: 'reason', flaggedOn: 'flaggedOn' },
    (v) =>
      careApi.flag({ personId: v.personId, category: v.category, reason: v.reason, flaggedOn: toIsoDate(v.flaggedOn) }),
    onDone,
  );
  return (
    <Modal
      open={open}
      title={t('care.flagForm.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'care-flag-submit' } as Record<string, string>}
    >
      <Alert type="info" showIcon message={t('care.flagForm.hint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" preserve={false} initialValues={{ category: 'hardship' }}>
        <Form.Item name="personId" label={t('care.flagForm.person')} rules={[{ required: true }]}>
          <PersonSelect data-testid="care-flag-person" />
        </Form.Item>
        <Form.Item name="category" label={t('care.flagForm.category')} rules={[{ required: true }]}>
          <Select
            data-testid="care-flag-category"
            options={CATEGORIES.map((c) => ({ value: c, label: t(`care.category.${c}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('care.flagForm.reason')}
          rules={[{ required: true, whitespace: true, message: t('care.flagForm.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="care-flag-reason" />
        </Form.Item>
        <Form.Item name="flaggedOn" label={t('care.flagForm.flaggedOn')}>
          <DatePicker disabledDate={isFuture} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type EndValues = { reason: string; endedOn?: Dayjs };

/** Ends a family's care with a reason, at the version the drawer read. */
export function EndForm({ family, open, onClose, onDone }: FormProps & { family: Family }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EndValues>();
  const { busy, submit } = useSubmit(
    form,
    { reason: 'reason', endedOn: 'endedOn' },
    (v) => careApi.end(family.id, { version: family.version, reason: v.reason, endedOn: toIsoDate(v.endedOn) }),
    onDone,
  );
  return (
    <Modal
      open={open}
      title={t('care.endForm.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ danger: true, ...({ 'data-testid': 'care-end-submit' } as Record<string, string>) }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('care.endForm.reason')}
          rules={[{ required: true, whitespace: true, message: t('care.endForm.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="care-end-reason" />
        </Form.Item>
        <Form.Item name="endedOn" label={t('care.endForm.endedOn')}>
          <DatePicker disabledDate={isFuture} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type VisitValues = { visitedOn: Dayjs; visitors: string; needs: string; notes?: string };

/** Records a visit to the family: when (not in the future), who visited, what the family needs. */
export function VisitForm({ family, open, onClose, onDone }: FormProps & { family: Family }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<VisitValues>();
  const { busy, submit } = useSubmit(
    form,
    { visitedOn: 'visitedOn', visitors: 'visitors', needs: 'needs', notes: 'notes' },
    (v) =>
      careApi.recordVisit(family.id, {
        visitedOn: toIsoDate(v.visitedOn)!,
        visitors: v.visitors,
        needs: v.needs,
        notes: v.notes || undefined,
      }),
    onDone,
  );
  return (
    <Modal
      open={open}
      title={`${t('care.visitForm.title')}：${family.name}`}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'care-visit-submit' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="visitedOn"
          label={t('care.visitForm.visitedOn')}
          rules={[{ required: true, message: t('care.visitForm.dateRequired') }]}
        >
          <DatePicker disabledDate={isFuture} style={{ width: '100%' }} data-testid="care-visit-date" />
        </Form.Item>
        <Form.Item
          name="visitors"
          label={t('care.visitForm.visitors')}
          rules={[{ required: true, whitespace: true, message: t('care.visitForm.visitorsRequired') }]}
        >
          <Input maxLength={200} data-testid="care-visit-visitors" />
        </Form.Item>
        <Form.Item
          name="needs"
          label={t('care.visitForm.needs')}
          rules={[{ required: true, whitespace: true, message: t('care.visitForm.needsRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="care-visit-needs" />
        </Form.Item>
        <Form.Item name="notes" label={t('care.visitForm.notes')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type GrantValues = { grantedOn: Dayjs; kind: Kind; amountYuan: string; fundSource: FundSource; purpose: string };

/** Grants assistance: the amount is typed in yuan and sent in integer fen (careMoney.ts). */
export function GrantForm({ family, open, onClose, onDone }: FormProps & { family: Family }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GrantValues>();
  const { busy, submit } = useSubmit(
    form,
    { grantedOn: 'grantedOn', kind: 'kind', amountFen: 'amountYuan', fundSource: 'fundSource', purpose: 'purpose' },
    (v) =>
      careApi.grant(family.id, {
        grantedOn: toIsoDate(v.grantedOn)!,
        kind: v.kind,
        amountFen: yuanToFen(v.amountYuan)!,
        fundSource: v.fundSource,
        purpose: v.purpose,
      }),
    onDone,
  );
  return (
    <Modal
      open={open}
      title={`${t('care.grantForm.title')}：${family.name}`}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'care-grant-submit' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ kind: 'cash' }}>
        <Form.Item
          name="grantedOn"
          label={t('care.grantForm.grantedOn')}
          rules={[{ required: true, message: t('care.grantForm.dateRequired') }]}
        >
          <DatePicker disabledDate={isFuture} style={{ width: '100%' }} data-testid="care-grant-date" />
        </Form.Item>
        <Form.Item name="kind" label={t('care.grantForm.kind')} rules={[{ required: true }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`care.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="amountYuan"
          label={t('care.grantForm.amount')}
          extra={t('care.grantForm.amountHint')}
          rules={[
            { required: true, message: t('care.grantForm.amountRequired') },
            {
              validator: (_, value: string | undefined) =>
                value === undefined || value === null || value === '' || yuanToFen(value) !== undefined
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('care.grantForm.amountFormat'))),
            },
          ]}
        >
          {/* stringMode: the yuan stay text until yuanToFen turns them into integer fen. */}
          <InputNumber<string> stringMode step="100" style={{ width: '100%' }} data-testid="care-grant-amount" />
        </Form.Item>
        <Form.Item
          name="fundSource"
          label={t('care.grantForm.fundSource')}
          rules={[{ required: true, message: t('care.grantForm.fundSourceRequired') }]}
        >
          <Select
            data-testid="care-grant-source"
            options={FUND_SOURCES.map((s) => ({ value: s, label: t(`care.fundSource.${s}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="purpose"
          label={t('care.grantForm.purpose')}
          rules={[{ required: true, whitespace: true, message: t('care.grantForm.purposeRequired') }]}
        >
          <Input maxLength={500} data-testid="care-grant-purpose" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
