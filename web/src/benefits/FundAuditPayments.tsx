import { Button, Card, Flex, Select, Table, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api.js';
import type { Unit } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { formatFen } from '../indicators/format.js';
import { formatDate } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { PROGRAM_CODES, yearOptions } from './BenefitFigures.js';
import { FundAuditTrail } from './FundAuditTrail.js';
import { fundAuditApi, PAYMENT_COLOR, type AuditPayment, type PaymentStatus } from './fundAuditApi.js';

type TreeNode = { value: string; title: string; children?: TreeNode[] };

/** Townships and villages as a tree for the filter (groups are below what payments name). */
const treeOf = (u: Unit): TreeNode => ({
  value: u.id,
  title: u.name,
  children: u.children?.filter((c) => c.level !== 'group').map(treeOf),
});

/**
 * Every payment of the county, filtered by program, year, township or village, status and
 * recovery, a page at a time; each row opens the payment's trail in a drawer.
 */
export function FundAuditPayments({ batchId, onClearBatch }: { batchId?: string; onClearBatch?: () => void }) {
  const { t } = useTranslation();
  const [programCode, setProgramCode] = useState<string>();
  const [year, setYear] = useState<number>();
  const [unitId, setUnitId] = useState<string>();
  const [status, setStatus] = useState<PaymentStatus>();
  const [withRecovery, setWithRecovery] = useState<boolean>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<string>();
  const tree = useQuery(() => api.orgTree(), []);
  const query = useQuery(
    () => fundAuditApi.payments({ programCode, year, batchId, unitId, status, withRecovery, page, pageSize }),
    [programCode, year, batchId, unitId, status, withRecovery, page, pageSize],
  );
  const first =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };
  const k = (key: string) => t(`benefits.fundAudit.${key}` as 'benefits.fundAudit.title');
  return (
    <Card size="small" data-testid="fund-audit-payments">
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={k('allPrograms')}
          value={programCode}
          onChange={first(setProgramCode)}
          options={PROGRAM_CODES.map((c) => ({ value: c, label: k(`program.${c}`) }))}
          data-testid="audit-filter-program"
        />
        <Select
          allowClear
          style={{ width: 110 }}
          placeholder={k('year')}
          value={year}
          onChange={first(setYear)}
          options={yearOptions().map((y) => ({ value: y, label: t('benefits.fundAudit.yearValue', { year: y }) }))}
          data-testid="audit-filter-year"
        />
        <TreeSelect
          allowClear
          showSearch
          treeNodeFilterProp="title"
          style={{ width: 220 }}
          placeholder={k('allUnits')}
          value={unitId}
          onChange={first(setUnitId)}
          treeData={tree.data ? treeOf(tree.data.root).children : []}
          data-testid="audit-filter-unit"
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={k('allStatuses')}
          value={status}
          onChange={first(setStatus)}
          options={(['paid', 'failed', 'pending'] as const).map((s) => ({ value: s, label: k(`status.${s}`) }))}
          data-testid="audit-filter-status"
        />
        <Select
          style={{ width: 150 }}
          value={withRecovery === undefined ? 'any' : withRecovery ? 'yes' : 'no'}
          onChange={(v: 'any' | 'yes' | 'no') => first(setWithRecovery)(v === 'any' ? undefined : v === 'yes')}
          options={(['any', 'yes', 'no'] as const).map((v) => ({ value: v, label: k(`recoveryFilter.${v}`) }))}
          data-testid="audit-filter-recovery"
        />
        {batchId && (
          <Tag
            closable
            onClose={onClearBatch}
            color="blue"
            style={{ alignSelf: 'center' }}
            data-testid="audit-filter-batch"
          >
            {k('col.batch')} {batchId.slice(0, 8)}
          </Tag>
        )}
      </Flex>
      <QueryResult data={query.data} error={query.error} loading={query.loading && !query.data} reload={query.reload}>
        {(data) => (
          <Table<AuditPayment>
            rowKey="id"
            size="small"
            loading={query.loading}
            dataSource={data.items}
            locale={{ emptyText: k('empty') }}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: page,
              pageSize,
              total: data.total,
              showSizeChanger: true,
              showTotal: (total) => t('benefits.fundAudit.total', { total }),
              onChange: (p, s) => {
                setPage(s === pageSize ? p : 1);
                setPageSize(s);
              },
            }}
            data-testid="audit-payment-table"
            columns={[
              { title: k('col.name'), dataIndex: 'name' },
              {
                title: k('col.idNumber'),
                dataIndex: 'idNumberMasked',
                render: (v: string | null) => <Typography.Text code>{v ?? '—'}</Typography.Text>,
              },
              {
                title: k('col.village'),
                dataIndex: 'unitName',
                render: (v: string, r) => `${r.townshipName ?? ''} ${v}`,
              },
              { title: k('col.program'), dataIndex: 'programCode', render: (v: string) => k(`program.${v}`) },
              {
                title: k('col.batch'),
                dataIndex: 'batchPeriod',
                render: (v: string, r) =>
                  r.batchKind === 'repay' ? `${v} · ${t('benefits.fundAudit.repay', { seq: r.batchSeq })}` : v,
              },
              { title: k('col.dueOn'), dataIndex: 'dueOn', render: (v: string) => formatDate(v) },
              {
                title: k('col.amount'),
                dataIndex: 'amountFen',
                align: 'right',
                render: (v: number) => formatFen(v),
              },
              {
                title: k('col.status'),
                dataIndex: 'status',
                render: (s: PaymentStatus, r) => (
                  <Flex gap={4} align="center">
                    <Tag color={PAYMENT_COLOR[s]}>{k(`status.${s}`)}</Tag>
                    {s === 'paid' && r.paidOn && <span>{formatDate(r.paidOn)}</span>}
                    {r.retriedBy && <Tag>{k('retried')}</Tag>}
                  </Flex>
                ),
              },
              { title: k('col.account'), dataIndex: 'accountMasked' },
              {
                title: k('col.recovery'),
                dataIndex: 'recoveryStatus',
                render: (v: AuditPayment['recoveryStatus'], r) =>
                  v ? (
                    <Tag color="orange">
                      {k(`recoveryStatus.${v}`)} {formatFen(r.recoveryFen)}
                    </Tag>
                  ) : (
                    '—'
                  ),
              },
              {
                title: k('col.trail'),
                key: 'trail',
                fixed: 'right',
                render: (_, r) => (
                  <Button size="small" onClick={() => setOpen(r.id)} data-testid={`audit-open-${r.id}`}>
                    {k('open')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </QueryResult>
      <FundAuditTrail paymentId={open} onClose={() => setOpen(undefined)} />
    </Card>
  );
}
