import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery.js';
import { formatFen } from '../indicators/format.js';
import { formatDate } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { PROGRAM_CODES, yearOptions } from './BenefitFigures.js';
import { fundAuditApi, type AuditBatch, type BatchStatus } from './fundAuditApi.js';

const BATCH_COLOR: Record<BatchStatus, string> = {
  draft: 'default',
  approved: 'blue',
  exported: 'purple',
  reconciled: 'green',
};

/**
 * The county's payment batches with their reconciliation: the payments counted and summed by
 * status beside the batch's own count and total, and whether they balance. A batch opens its
 * payments in the payments table.
 */
export function FundAuditBatches({ onPayments }: { onPayments: (batchId: string) => void }) {
  const { t } = useTranslation();
  const k = (key: string, o?: Record<string, unknown>) =>
    t(`benefits.fundAudit.${key}` as 'benefits.fundAudit.title', o ?? {});
  const [programCode, setProgramCode] = useState<string>();
  const [year, setYear] = useState<number>();
  const [status, setStatus] = useState<BatchStatus>();
  const [page, setPage] = useState(1);
  const query = useQuery(
    () => fundAuditApi.batches({ programCode, year, status, page, pageSize: 20 }),
    [programCode, year, status, page],
  );
  const ok = (good: boolean, yes: string, no: string) =>
    good ? (
      <Tag icon={<CheckCircleOutlined />} color="green">
        {yes}
      </Tag>
    ) : (
      <Tag icon={<CloseCircleOutlined />} color="red">
        {no}
      </Tag>
    );
  return (
    <Card size="small" title={k('batches.title')} data-testid="fund-audit-batches">
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={k('allPrograms')}
          value={programCode}
          onChange={(v: string | undefined) => (setProgramCode(v), setPage(1))}
          options={PROGRAM_CODES.map((c) => ({ value: c, label: k(`program.${c}`) }))}
          data-testid="batch-filter-program"
        />
        <Select
          allowClear
          style={{ width: 110 }}
          placeholder={k('year')}
          value={year}
          onChange={(v: number | undefined) => (setYear(v), setPage(1))}
          options={yearOptions().map((y) => ({ value: y, label: k('yearValue', { year: y }) }))}
          data-testid="batch-filter-year"
        />
        <Select
          allowClear
          style={{ width: 130 }}
          placeholder={k('allStatuses')}
          value={status}
          onChange={(v: BatchStatus | undefined) => (setStatus(v), setPage(1))}
          options={(['draft', 'approved', 'exported', 'reconciled'] as const).map((s) => ({
            value: s,
            label: k(`batchStatus.${s}`),
          }))}
          data-testid="batch-filter-status"
        />
      </Flex>
      <QueryResult data={query.data} error={query.error} loading={query.loading && !query.data} reload={query.reload}>
        {(data) => (
          <Table<AuditBatch>
            rowKey="id"
            size="small"
            loading={query.loading}
            dataSource={data.items}
            scroll={{ x: 'max-content' }}
            pagination={{ current: page, pageSize: 20, total: data.total, onChange: setPage }}
            data-testid="audit-batch-table"
            columns={[
              { title: k('col.program'), dataIndex: 'programCode', render: (v: string) => k(`program.${v}`) },
              {
                title: k('batches.period'),
                dataIndex: 'period',
                render: (v: string, b) => (
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0 }}
                    onClick={() => onPayments(b.id)}
                    data-testid={`batch-payments-${b.id}`}
                  >
                    {v} · {b.kind === 'repay' ? k('repay', { seq: b.seq }) : k('batchKind.regular')}
                  </Button>
                ),
              },
              {
                title: k('batches.status'),
                dataIndex: 'status',
                render: (s: BatchStatus) => <Tag color={BATCH_COLOR[s]}>{k(`batchStatus.${s}`)}</Tag>,
              },
              { title: k('batches.dueOn'), dataIndex: 'dueOn', render: (v: string) => formatDate(v) },
              {
                title: k('batches.made'),
                key: 'made',
                render: (_, b) =>
                  `${b.createdBy?.name ?? '—'} / ${b.approvedBy?.name ?? '—'}${b.exportedBy ? ` / ${b.exportedBy.name}` : ''}`,
              },
              {
                title: k('batches.count'),
                dataIndex: 'payments',
                align: 'right',
                render: (v: number, b) => (
                  <Tooltip
                    title={`${k('batches.paid')} ${b.paid} · ${k('batches.failed')} ${b.failed} · ${k('batches.pending')} ${b.pending}`}
                  >
                    <span>{v}</span>
                  </Tooltip>
                ),
              },
              { title: k('batches.total'), dataIndex: 'totalFen', align: 'right', render: (v: number) => formatFen(v) },
              { title: k('batches.paid'), dataIndex: 'paidFen', align: 'right', render: (v: number) => formatFen(v) },
              {
                title: k('batches.failed'),
                dataIndex: 'failedFen',
                align: 'right',
                render: (v: number) => formatFen(v),
              },
              {
                title: k('batches.pending'),
                dataIndex: 'pendingFen',
                align: 'right',
                render: (v: number) => formatFen(v),
              },
              {
                title: k('batches.balance'),
                key: 'balance',
                render: (_, b) => (
                  <Flex gap={4} wrap data-testid={`batch-balance-${b.id}`}>
                    {ok(
                      b.reconciliation.countBalances && b.reconciliation.fenBalances,
                      k('batches.balanced'),
                      k('batches.unbalanced'),
                    )}
                    {ok(b.reconciliation.settled, k('batches.settled'), k('batches.unsettled'))}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {k('batches.imports', { count: b.resultImports })}
                      {b.recoveries > 0 && ` · ${k('batches.recoveries', { count: b.recoveries })}`}
                    </Typography.Text>
                  </Flex>
                ),
              },
            ]}
          />
        )}
      </QueryResult>
    </Card>
  );
}
