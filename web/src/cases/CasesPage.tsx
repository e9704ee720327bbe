import { Alert, Button, Flex, InputNumber, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useQuery } from '../api/useQuery.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { CaseDrawer, STATUS_COLOR } from './CaseDrawer.js';
import { CaseOpenForm } from './CaseOpenForm.js';
import { CASE_KINDS, CASE_STATUSES, casesApi, type CaseItem, type CaseQuery } from './casesApi.js';

/**
 * 两非案件 (Sex-selection cases, issue 7): the case officer's register. /cases lists them with
 * filters; /cases/<id> opens a case in the drawer with its steps and the forms to go on.
 */
export function CasesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { '*': sub } = useParams();
  const openId = sub && /^[0-9a-f-]{36}$/i.test(sub) ? sub : undefined;
  const [query, setQuery] = useState<CaseQuery>({ page: 1 });
  const [opening, setOpening] = useState(false);
  const list = useQuery(() => casesApi.list(query), [JSON.stringify(query)]);
  const set = (patch: Partial<CaseQuery>) => setQuery((q) => ({ ...q, ...patch, page: patch.page ?? 1 }));

  return (
    <Page
      title={t('cases.title')}
      subtitle={t('cases.subtitle')}
      data-testid="cases-page"
      extra={
        <Button type="primary" onClick={() => setOpening(true)} data-testid="case-open">
          {t('cases.open')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('cases.notice')} />
      <Flex gap={8} wrap>
        <Select
          allowClear
          placeholder={t('cases.filters.status')}
          style={{ width: 140 }}
          value={query.status}
          onChange={(status) => set({ status })}
          options={CASE_STATUSES.map((s) => ({ value: s, label: t(`cases.status.${s}`) }))}
          data-testid="cases-filter-status"
        />
        <Select
          allowClear
          placeholder={t('cases.filters.kind')}
          style={{ width: 220 }}
          value={query.kind}
          onChange={(kind) => set({ kind })}
          options={CASE_KINDS.map((k) => ({ value: k, label: t(`cases.kind.${k}`) }))}
        />
        <InputNumber
          placeholder={t('cases.filters.year')}
          min={2000}
          max={2100}
          value={query.year}
          onChange={(year) => set({ year: year ?? undefined })}
        />
        <UnitPicker
          placeholder={t('cases.filters.unit')}
          style={{ width: 220 }}
          value={query.unitId}
          onChange={(unitId) => set({ unitId })}
        />
      </Flex>
      <QueryResult {...list}>
        {(data) => (
          <Table<CaseItem>
            rowKey="id"
            size="small"
            data-testid="cases-table"
            dataSource={data.items}
            onRow={(r) => ({ onClick: () => navigate(`/cases/${r.id}`), style: { cursor: 'pointer' } })}
            pagination={{
              current: data.page,
              pageSize: data.pageSize,
              total: data.total,
              showTotal: (n) => t('cases.total', { n }),
              onChange: (page) => set({ page }),
            }}
            columns={[
              { title: t('cases.columns.number'), dataIndex: 'number', width: 150 },
              {
                title: t('cases.columns.kind'),
                dataIndex: 'kind',
                render: (k: CaseItem['kind']) => t(`cases.kind.${k}`),
              },
              {
                title: t('cases.columns.leadSource'),
                dataIndex: 'leadSource',
                render: (k: CaseItem['leadSource']) => t(`cases.leadSource.${k}`),
              },
              { title: t('cases.columns.leadReceivedOn'), dataIndex: 'leadReceivedOn', width: 110 },
              { title: t('cases.columns.unit'), dataIndex: 'unitName' },
              {
                title: t('cases.columns.status'),
                dataIndex: 'status',
                render: (s: CaseItem['status']) => <Tag color={STATUS_COLOR[s]}>{t(`cases.status.${s}`)}</Tag>,
              },
              { title: t('cases.columns.summary'), dataIndex: 'summary', ellipsis: true },
            ]}
          />
        )}
      </QueryResult>
      <CaseOpenForm
        open={opening}
        onClose={() => setOpening(false)}
        onDone={(id) => {
          setOpening(false);
          void list.reload();
          void navigate(`/cases/${id}`);
        }}
      />
      <CaseDrawer id={openId} onClose={() => navigate('/cases')} onChanged={() => void list.reload()} />
    </Page>
  );
}
