import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { toIsoDate } from '../lib/dates.js';
import { currentGroups, orgApi, type OrgStructure, type OrgUnit } from './orgApi.js';
import { useOrgSubmit } from './useOrgSubmit.js';

type PartValues = { id?: string; name?: string; groupIds?: string[]; householdIds?: string[] };
type Values = { effectiveDate?: Dayjs; parts: PartValues[] };

const KNOWN = ['effectiveDate', 'parts', 'parts.id', 'parts.name', 'parts.groupIds', 'parts.householdIds'];

/** Households of the village that belong to no group, found as the user types (a village has hundreds). */
function HouseholdSelect({
  villageId,
  value,
  onChange,
}: {
  villageId: string;
  value?: string[];
  onChange?: (v: string[]) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const { data, loading } = useQuery(
    () => api.searchHouseholds({ unitId: villageId, q, pageSize: 20 }),
    [villageId, q],
  );
  // Chosen households stay labelled when a later search no longer lists them.
  const [labels, setLabels] = useState<Record<string, string>>({});
  const options = (data?.items ?? [])
    .filter((h) => h.unit.id === villageId)
    .map((h) => ({ value: h.id, label: `${h.householdNumber} ${h.headName ?? ''} ${h.address ?? ''}`.trim() }));
  return (
    <Select
      mode="multiple"
      showSearch
      filterOption={false}
      onSearch={setQ}
      loading={loading}
      placeholder={t('org.splitForm.householdsSearch')}
      value={value}
      onChange={(v: string[]) => {
        setLabels((old) => ({ ...old, ...Object.fromEntries(options.map((o) => [o.value, o.label])) }));
        onChange?.(v);
      }}
      options={[
        ...options,
        ...(value ?? [])
          .filter((id) => !options.some((o) => o.value === id))
          .map((id) => ({ value: id, label: labels[id] ?? id })),
      ]}
    />
  );
}

/**
 * Splitting new villages off one: each takes the groups and households chosen for it. The
 * confirmation says that figures before the split stay with the old village.
 */
export function OrgSplitForm({
  structure,
  village,
  onClose,
  onDone,
}: {
  structure: OrgStructure;
  village: OrgUnit;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const groups = useMemo(() => currentGroups(structure, village.id), [structure, village.id]);
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const { run, busy, error } = useOrgSubmit(form, KNOWN);

  const submit = (v: Values) => {
    const effectiveDate = toIsoDate(v.effectiveDate)!;
    const parts = v.parts.map((p) => ({
      id: (p.id ?? '').trim(),
      name: (p.name ?? '').trim(),
      groupIds: p.groupIds ?? [],
      householdIds: p.householdIds ?? [],
    }));
    const summary = parts
      .map((p) =>
        t('org.splitForm.partSummary', {
          name: p.name,
          code: p.id,
          groups: p.groupIds.length ? p.groupIds.map((g) => groupName.get(g) ?? g).join('、') : 0,
          households: p.householdIds.length,
        }),
      )
      .join('；');
    modal.confirm({
      title: t('org.splitForm.confirmTitle'),
      content: (
        <span data-testid="org-split-confirm-text">
          {t('org.splitForm.confirm', { date: effectiveDate, village: village.name, parts: summary })}
        </span>
      ),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-ok' } as Record<string, string>,
      onOk: () =>
        run(async () => {
          const r = await orgApi.split({ unitId: village.id, effectiveDate, parts });
          void message.success(t('org.splitForm.done', { count: r.created.length, persons: r.movedPersons }));
          onDone();
        }),
    });
  };

  return (
    <Modal
      open
      title={t('org.splitForm.title', { village: `${village.name}（${village.id}）` })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('org.splitForm.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'org-split-submit' } as Record<string, string>}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('org.splitForm.intro', { village: village.name })}
      </Typography.Paragraph>
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="org-split-error" />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ parts: [{}] }}
        data-testid="org-split-form"
      >
        <Form.Item
          name="effectiveDate"
          label={t('org.splitForm.date')}
          rules={[{ required: true, message: t('org.splitForm.dateRequired') }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Typography.Text strong>{t('org.splitForm.parts')}</Typography.Text>
        <Form.List name="parts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  style={{ marginTop: 8 }}
                  extra={
                    fields.length > 1 && (
                      <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)}>
                        {t('org.splitForm.removePart')}
                      </Button>
                    )
                  }
                  title={`${i + 1}`}
                >
                  <Form.Item
                    name={[field.name, 'id']}
                    label={t('org.splitForm.partCode')}
                    extra={t('org.mergeForm.newCodeHelp', { township: village.parentId ?? '' })}
                    rules={[{ required: true, pattern: /^\s*\d{12}\s*$/, message: t('org.splitForm.codeRequired') }]}
                  >
                    <Input maxLength={14} inputMode="numeric" data-testid={`org-split-code-${i}`} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'name']}
                    label={t('org.splitForm.partName')}
                    rules={[{ required: true, whitespace: true, message: t('org.splitForm.nameRequired') }]}
                  >
                    <Input maxLength={40} data-testid={`org-split-name-${i}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'groupIds']} label={t('org.splitForm.partGroups')}>
                    <Select
                      mode="multiple"
                      optionFilterProp="label"
                      options={groups.map((g) => ({ value: g.id, label: `${g.name}（${g.id}）` }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'householdIds']} label={t('org.splitForm.partHouseholds')}>
                    <HouseholdSelect villageId={village.id} />
                  </Form.Item>
                </Card>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginTop: 8 }} block>
                {t('org.splitForm.addPart')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
