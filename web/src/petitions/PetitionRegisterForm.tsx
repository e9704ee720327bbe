import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api.js';
import { isFuture, toIsoDate } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { CHANNELS, petitionsApi, type Channel } from './petitionsApi.js';

const FIELDS = [
  'channel',
  'receivedOn',
  'subject',
  'content',
  'petitionerName',
  'petitionerPhone',
  'peopleInvolved',
  'assignedUnitId',
] as const;
type Values = {
  channel: Channel;
  receivedOn: Dayjs;
  subject: string;
  content: string;
  petitionerName: string;
  petitionerPhone?: string;
  peopleInvolved?: string;
  assignedUnitId: string;
};

/** Registers a petition; the server numbers it and counts the acceptance deadline. */
export function PetitionRegisterForm({
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
      const res = await petitionsApi.register({
        ...v,
        receivedOn: toIsoDate(v.receivedOn)!,
        petitionerPhone: v.petitionerPhone || undefined,
        peopleInvolved: v.peopleInvolved || undefined,
      });
      void message.success(t('petitions.form.done', { number: res.number, due: res.acceptDueOn }), 6);
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
      title={t('petitions.register')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('petitions.form.submit')}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'petition-register-submit' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ channel: 'visit', receivedOn: dayjs() }}>
        <Form.Item name="channel" label={t('petitions.form.channel')} rules={[{ required: true }]}>
          <Select options={CHANNELS.map((c) => ({ value: c, label: t(`petitions.channel.${c}`) }))} />
        </Form.Item>
        <Form.Item
          name="receivedOn"
          label={t('petitions.form.receivedOn')}
          extra={t('petitions.form.receivedOnHint')}
          rules={[{ required: true }]}
        >
          <DatePicker disabledDate={isFuture} />
        </Form.Item>
        <Form.Item name="subject" label={t('petitions.form.subject')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="petition-subject" />
        </Form.Item>
        <Form.Item name="content" label={t('petitions.form.content')} rules={[{ required: true, max: 4000 }]}>
          <Input.TextArea rows={4} data-testid="petition-content" />
        </Form.Item>
        <Form.Item
          name="petitionerName"
          label={t('petitions.form.petitionerName')}
          rules={[{ required: true, max: 50 }]}
        >
          <Input data-testid="petition-petitioner" />
        </Form.Item>
        <Form.Item name="petitionerPhone" label={t('petitions.form.petitionerPhone')}>
          <Input />
        </Form.Item>
        <Form.Item name="peopleInvolved" label={t('petitions.form.peopleInvolved')} rules={[{ max: 500 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="assignedUnitId" label={t('petitions.form.assignedUnit')} rules={[{ required: true }]}>
          <UnitPicker selectable={['county', 'township', 'village']} data-testid="petition-unit" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
