import { App, DatePicker, Form, Input, InputNumber, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { isFuture, toIsoDate } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { dispensersApi, type RegisterInput } from './dispensersApi.js';

type Values = Omit<RegisterInput, 'installedOn'> & { installedOn: Dayjs };
const FIELDS = ['code', 'unitId', 'location', 'installedOn', 'capacity', 'stock', 'restockThreshold'] as const;

/** Registers a machine of the caller's area; its stock on installation becomes the first stocktake. */
export function DispenserRegisterForm({
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
      const res = await dispensersApi.register({ ...v, installedOn: toIsoDate(v.installedOn)! });
      void message.success(t('dispensers.form.done'));
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
      title={t('dispensers.form.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('dispensers.form.submit')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'dispenser-register-submit' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="code"
          label={t('dispensers.form.code')}
          extra={t('dispensers.form.codeHelp')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="unitId" label={t('dispensers.form.unit')} rules={[{ required: true }]}>
          <UnitPicker />
        </Form.Item>
        <Form.Item name="location" label={t('dispensers.form.location')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="installedOn" label={t('dispensers.form.installedOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={isFuture} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="capacity" label={t('dispensers.form.capacity')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="stock" label={t('dispensers.form.stock')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="restockThreshold"
          label={t('dispensers.form.threshold')}
          extra={t('dispensers.form.thresholdHelp')}
          rules={[{ required: true }]}
        >
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
