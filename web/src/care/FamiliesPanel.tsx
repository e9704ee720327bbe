import { App, Button, Card, Flex, Input, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { useListParams } from '../shell/useListParams.js';
import { CATEGORIES, careApi, type FamilyListItem } from './careApi.js';
import { fenToYuan } from './careMoney.js';
import { FlagForm } from './CareForms.js';
import { FamilyDrawer } from './FamilyDrawer.js';

const STATUSES = ['open', 'ended', 'all'] as const;
const SOURCES = ['registry', 'staff'] as const;

/**
 * 关怀对象: the register with its filters (kept in the address), the staff flag form, the
 * registry scan (care.grant) and the family drawer. Rows of one household stand together (the
 * server sorts by village and household), so both parents of a special family are seen as one.
 */
export function FamiliesPanel() {
  const { t } = useTranslation();
  const { can } = useMe();
  const { modal, message } = App.useApp();
  const showError = useErrorMessage();
  const { params, page, pageSize, update, oneOf, pagination } = useListParams(50);
  const [flagging, setFlagging] = useState(false);
  const [scanning, setScanning] = useState(false);
  const [search, setSearch] = useState(params.get('q') ?? '');
  const query = {
    unitId: params.get('unitId') ?? undefined,
    category: oneOf('category', CATEGORIES),
    source: oneOf('source', SOURCES),
    status: oneOf('status', STATUSES) ?? 'open',
    q: params.get('q') ?? undefined,
    page,
    pageSize,
  };
  const families = useQuery(() => careApi.families(query), [JSON.stringify(query)]);
  const familyId = params.get('family') ?? undefined;
  // The open family is in the address too, so a link to it can be shared.
  const openFamily = (id: string | undefined) => update({ family: id, page: String(page) });

  const scan = () =>
    modal.confirm({
      title: t('care.actions.scan'),
      content: t('care.actions.scanConfirm'),
      okButtonProps: { 'data-testid': 'care-scan-confirm' } as Record<string, string>,
      onOk: async () => {
        setScanning(true);
        try {
          const r = await careApi.scan();
          void message.success(t('care.actions.scanDone', r), 8);
          void families.reload();
        } catch (e) {
          showError(e);
        } finally {
          setScanning(false);
        }
      },
    });

  const columns: ColumnsType<FamilyListItem> = [
    {
      title: t('care.columns.name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Button type="link" size="small" onClick={() => openFamily(r.id)} data-testid="care-family-link">
          {name}
        </Button>
      ),
    },
    { title: t('care.columns.idNumber'), dataIndex: 'idNumberMasked' },
    { title: t('care.columns.unit'), dataIndex: 'unitName' },
    { title: t('care.columns.household'), dataIndex: 'householdNumber', render: (v: string | null) => v ?? '—' },
    {
      title: t('care.columns.category'),
      dataIndex: 'category',
      render: (c: FamilyListItem['category']) => (
        <Tag color={c === 'hardship' ? 'orange' : 'purple'}>{t(`care.category.${c}`)}</Tag>
      ),
    },
    {
      title: t('care.columns.source'),
      dataIndex: 'source',
      render: (s: FamilyListItem['source']) => t(`care.source.${s}`),
    },
    { title: t('care.columns.flaggedOn'), dataIndex: 'flaggedOn', render: formatDate },
    { title: t('care.columns.lastVisitOn'), dataIndex: 'lastVisitOn', render: formatDate },
    { title: t('care.columns.visits'), dataIndex: 'visits', align: 'right' },
    {
      title: t('care.columns.assistance'),
      dataIndex: 'assistanceFen',
      align: 'right',
      render: (fen: number) => fenToYuan(fen),
    },
    {
      title: t('care.columns.status'),
      dataIndex: 'endedOn',
      render: (ended: string | null) =>
        ended ? <Tag>{`${t('care.status.ended')} ${ended}`}</Tag> : <Tag color="green">{t('care.status.open')}</Tag>,
    },
  ];

  return (
    <Card>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <UnitPicker
            value={query.unitId}
            onChange={(v) => update({ unitId: v })}
            deepest="village"
            allowClear
            placeholder={t('care.filters.unit')}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            placeholder={t('care.filters.category')}
            value={query.category}
            onChange={(v: string | undefined) => update({ category: v })}
            options={CATEGORIES.map((c) => ({ value: c, label: t(`care.category.${c}`) }))}
            style={{ width: 180 }}
            data-testid="care-filter-category"
          />
          <Select
            allowClear
            placeholder={t('care.filters.source')}
            value={query.source}
            onChange={(v: string | undefined) => update({ source: v })}
            options={SOURCES.map((s) => ({ value: s, label: t(`care.source.${s}`) }))}
            style={{ width: 150 }}
          />
          <Select
            value={query.status}
            onChange={(v: string) => update({ status: v === 'open' ? undefined : v })}
            options={STATUSES.map((s) => ({ value: s, label: t(`care.status.${s}`) }))}
            style={{ width: 110 }}
          />
          <Input.Search
            allowClear
            placeholder={t('care.filters.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 200 }}
            data-testid="care-search"
          />
          <div style={{ flex: 1 }} />
          <Space>
            {can('care.grant') && (
              <Button onClick={scan} loading={scanning} data-testid="care-scan">
                {t('care.actions.scan')}
              </Button>
            )}
            {can('care.manage') && (
              <Button type="primary" onClick={() => setFlagging(true)} data-testid="care-flag">
                {t('care.actions.flag')}
              </Button>
            )}
          </Space>
        </Flex>
        <QueryResult {...families}>
          {(data) => (
            <Table<FamilyListItem>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={data.items}
              pagination={pagination(data.total)}
              loading={families.loading}
              scroll={{ x: true }}
              data-testid="care-families"
            />
          )}
        </QueryResult>
      </Flex>
      <FlagForm
        open={flagging}
        onClose={() => setFlagging(false)}
        onDone={() => {
          setFlagging(false);
          void message.success(t('care.actions.saved'));
          void families.reload();
        }}
      />
      <FamilyDrawer
        familyId={familyId}
        onClose={() => openFamily(undefined)}
        onChanged={() => void families.reload()}
        onOpen={(id) => openFamily(id)}
      />
    </Card>
  );
}
