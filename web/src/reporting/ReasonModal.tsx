import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Asks why a report is returned or cancelled; a reason is required either way. */
export function ReasonModal({
  open,
  title,
  label,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  title: string;
  label: string;
  onCancel: () => void;
  onSubmit: (reason: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={title}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      onCancel={onCancel}
      okButtonProps={{ 'data-testid': 'reason-ok' } as Record<string, string>}
      onOk={async () => {
        const { reason } = await form.validateFields();
        setBusy(true);
        try {
          await onSubmit(reason.trim());
        } finally {
          setBusy(false);
        }
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={label}
          rules={[
            { required: true, whitespace: true, message: t('report.reasonRequired') },
            { min: 2, message: t('validation.minChars', { count: 2 }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
