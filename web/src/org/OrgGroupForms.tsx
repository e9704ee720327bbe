import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { toIsoDate } from '../lib/dates.js';
import { orgApi, type OrgUnit } from './orgApi.js';
import { useOrgSubmit } from './useOrgSubmit.js';

type Props = { unit: OrgUnit; onClose: () => void; onDone: () => void };

/** The three group changes share one frame: a small form, its error, and OK to send. */
function GroupModal({
  title,
  busy,
  error,
  onClose,
  onOk,
  testId,
  children,
}: {
  title: string;
  busy: boolean;
  error?: string;
  onClose: () => void;
  onOk: () => void;
  testId: string;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={onOk}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': `${testId}-submit` } as Record<string, string>}
      destroyOnHidden
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid={`${testId}-error`} />
      )}
      {children}
    </Modal>
  );
}

/** Groups for a village, one name a line; the server numbers them after the village's codes. */
export function AddGroupsForm({ unit: village, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ names: string; validFrom?: Dayjs }>();
  // The server names `names.2` for the third line: all lines are one text area here.
  const { run, busy, error } = useOrgSubmit(form, ['names', 'validFrom']);
  return (
    <GroupModal
      title={t('org.groupForm.addTitle', { village: village.name })}
      busy={busy}
      error={error}
      onClose={onClose}
      onOk={() => form.submit()}
      testId="org-groups-add"
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          run(async () => {
            const names = v.names
              .split(/\r?\n/)
              .map((n) => n.trim())
              .filter(Boolean);
            const r = await orgApi.addGroups(village.id, { names, validFrom: toIsoDate(v.validFrom) });
            void message.success(t('org.groupForm.added', { count: r.groups.length }));
            onDone();
          })
        }
      >
        <Form.Item
          name="names"
          label={t('org.groupForm.names')}
          extra={t('org.groupForm.namesHelp')}
          rules={[{ required: true, whitespace: true, message: t('org.groupForm.namesRequired') }]}
        >
          <Input.TextArea rows={4} data-testid="org-groups-names" />
        </Form.Item>
        <Form.Item name="validFrom" label={t('org.groupForm.validFrom')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </GroupModal>
  );
}

export function RenameGroupForm({ unit: group, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const { run, busy, error } = useOrgSubmit(form, ['name']);
  return (
    <GroupModal
      title={t('org.groupForm.renameTitle', { group: `${group.name}（${group.id}）` })}
      busy={busy}
      error={error}
      onClose={onClose}
      onOk={() => form.submit()}
      testId="org-group-rename"
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: group.name }}
        onFinish={(v) =>
          run(async () => {
            await orgApi.renameGroup(group.id, v.name.trim());
            void message.success(t('org.groupForm.renamed'));
            onDone();
          })
        }
      >
        <Form.Item
          name="name"
          label={t('org.groupForm.name')}
          rules={[{ required: true, whitespace: true, message: t('org.groupForm.nameRequired') }]}
        >
          <Input maxLength={40} />
        </Form.Item>
      </Form>
    </GroupModal>
  );
}

export function EndGroupForm({ unit: group, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ effectiveDate?: Dayjs }>();
  const { run, busy, error } = useOrgSubmit(form, ['effectiveDate']);
  return (
    <GroupModal
      title={t('org.groupForm.endTitle', { group: `${group.name}（${group.id}）` })}
      busy={busy}
      error={error}
      onClose={onClose}
      onOk={() => form.submit()}
      testId="org-group-end"
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          run(async () => {
            await orgApi.endGroup(group.id, toIsoDate(v.effectiveDate)!);
            void message.success(t('org.groupForm.ended'));
            onDone();
          })
        }
      >
        <Form.Item
          name="effectiveDate"
          label={t('org.groupForm.endDate')}
          extra={t('org.groupForm.endHelp')}
          rules={[{ required: true, message: t('org.groupForm.endDateRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </GroupModal>
  );
}
