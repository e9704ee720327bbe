import { Alert, App, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toIsoDate } from '../lib/dates.js';
import { currentVillages, orgApi, type OrgStructure } from './orgApi.js';
import { useOrgSubmit } from './useOrgSubmit.js';

type Values = {
  fromIds: string[];
  target: 'existing' | 'new';
  intoId?: string;
  newCode?: string;
  newName?: string;
  effectiveDate?: Dayjs;
  note?: string;
};

const KNOWN = ['fromIds', 'intoId', 'newCode', 'newName', 'effectiveDate', 'note'];

/**
 * Merging villages of one township into a surviving village or a new one. The confirmation says
 * in words what will happen before anything is sent.
 */
export function OrgMergeForm({
  structure,
  initialFromIds = [],
  onClose,
  onDone,
}: {
  structure: OrgStructure;
  initialFromIds?: string[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const target = Form.useWatch('target', form) ?? 'existing';
  const fromIds = Form.useWatch('fromIds', form) ?? initialFromIds;
  const villages = useMemo(() => currentVillages(structure), [structure]);
  const byId = useMemo(() => new Map(villages.map((v) => [v.id, v])), [villages]);
  // Sources must share a township; once one is chosen, the others and the target come from it.
  const township = fromIds.length ? byId.get(fromIds[0]!)?.parentId : undefined;
  const townshipName = fromIds.length ? byId.get(fromIds[0]!)?.townshipName : undefined;
  const option = (v: (typeof villages)[number]) => ({
    value: v.id,
    label: `${v.townshipName} / ${v.name}（${v.id}）`,
  });
  const sourceOptions = villages.filter((v) => !township || v.parentId === township).map(option);
  const intoOptions = villages.filter((v) => v.parentId === township && !fromIds.includes(v.id)).map(option);
  const rename = useMemo((): Record<string, string> => (target === 'new' ? { intoId: 'newCode' } : {}), [target]);
  const { run, busy, error } = useOrgSubmit(form, KNOWN, rename);

  const names = (ids: string[]) => ids.map((id) => byId.get(id)?.name ?? id).join('、');

  const submit = (v: Values) => {
    const effectiveDate = toIsoDate(v.effectiveDate)!;
    const isNew = v.target === 'new';
    const intoId = (isNew ? v.newCode?.trim() : v.intoId) ?? '';
    const content = isNew
      ? t('org.mergeForm.confirmNew', { date: effectiveDate, sources: names(v.fromIds), into: v.newName, code: intoId })
      : t('org.mergeForm.confirmExisting', { date: effectiveDate, sources: names(v.fromIds), into: names([intoId]) });
    modal.confirm({
      title: t('org.mergeForm.confirmTitle'),
      content: <span data-testid="org-merge-confirm-text">{content}</span>,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-ok' } as Record<string, string>,
      onOk: () =>
        run(async () => {
          const r = await orgApi.merge({
            fromIds: v.fromIds,
            intoId,
            ...(isNew ? { newName: v.newName } : {}),
            effectiveDate,
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          });
          void message.success(t('org.mergeForm.done', { households: r.movedHouseholds, persons: r.movedPersons }));
          onDone();
        }),
    });
  };

  return (
    <Modal
      open
      title={t('org.mergeForm.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('org.mergeForm.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'org-merge-submit' } as Record<string, string>}
      width={640}
      destroyOnHidden
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="org-merge-error" />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ fromIds: initialFromIds, target: 'existing' }}
        data-testid="org-merge-form"
      >
        <Form.Item
          name="fromIds"
          label={t('org.mergeForm.sources')}
          extra={t('org.mergeForm.sourcesHelp')}
          rules={[{ required: true, message: t('org.mergeForm.sourcesRequired') }]}
        >
          <Select mode="multiple" showSearch optionFilterProp="label" options={sourceOptions} />
        </Form.Item>
        <Form.Item name="target" label={t('org.mergeForm.target')}>
          <Radio.Group
            options={[
              { value: 'existing', label: t('org.mergeForm.targetExisting') },
              { value: 'new', label: t('org.mergeForm.targetNew') },
            ]}
          />
        </Form.Item>
        {target === 'existing' ? (
          <Form.Item
            name="intoId"
            label={t('org.mergeForm.into')}
            rules={[{ required: true, message: t('org.mergeForm.intoRequired') }]}
          >
            <Select showSearch optionFilterProp="label" options={intoOptions} disabled={!township} />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="newCode"
              label={t('org.mergeForm.newCode')}
              extra={township ? t('org.mergeForm.newCodeHelp', { township: `${townshipName} ${township}` }) : undefined}
              rules={[{ required: true, pattern: /^\d{12}$/, message: t('org.mergeForm.codeRequired') }]}
            >
              <Input maxLength={12} inputMode="numeric" />
            </Form.Item>
            <Form.Item
              name="newName"
              label={t('org.mergeForm.newName')}
              rules={[{ required: true, whitespace: true, message: t('org.mergeForm.nameRequired') }]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="effectiveDate"
          label={t('org.mergeForm.date')}
          rules={[{ required: true, message: t('org.mergeForm.dateRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label={t('org.mergeForm.note')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
