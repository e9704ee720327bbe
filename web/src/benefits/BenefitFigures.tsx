import { Card, Flex, Select, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery.js';
import { EChart } from '../dashboard/EChart.js';
import { formatFen } from '../indicators/format.js';
import { QueryResult } from '../shell/QueryResult.js';
import { fundAuditApi, type BenefitFiguresAnswer, type FigureLine } from './fundAuditApi.js';

export const PROGRAM_CODES = [
  'rural_reward',
  'special_assistance',
  'only_child_health_fee',
  'childcare_subsidy',
] as const;

/** The years a figure can be asked for: from the first cycles the demo holds to next year. */
export const yearOptions = (now = new Date().getFullYear()) =>
  Array.from({ length: now + 2 - 2016 }, (_, i) => now + 1 - i);

const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}%`);

type Row = FigureLine & { key: string; name: string; total?: boolean };

/**
 * Benefit figures per township (or the caller's own unit) and per program for a year: payees,
 * payments paid, failed and pending, amounts due and paid, and the three rates, with a bar chart
 * of due and paid per township. Used by the funds-audit tab; the payments tab can reuse it.
 */
export function BenefitFigures({ initialYear }: { initialYear?: number }) {
  const { t } = useTranslation();
  const [year, setYear] = useState(initialYear ?? new Date().getFullYear());
  const [programCode, setProgramCode] = useState<string>();
  const query = useQuery(() => fundAuditApi.figures({ year, programCode }), [year, programCode]);
  return (
    <Card
      size="small"
      title={t('benefits.fundAudit.figures.title', { period: query.data?.period.code ?? year })}
      extra={
        <Flex gap={8}>
          <Select
            style={{ width: 110 }}
            value={year}
            onChange={(v: number) => setYear(v)}
            options={yearOptions().map((y) => ({ value: y, label: t('benefits.fundAudit.yearValue', { year: y }) }))}
            data-testid="figures-year"
          />
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('benefits.fundAudit.allPrograms')}
            value={programCode}
            onChange={(v: string | undefined) => setProgramCode(v)}
            options={PROGRAM_CODES.map((c) => ({ value: c, label: t(`benefits.fundAudit.program.${c}`) }))}
            data-testid="figures-program"
          />
        </Flex>
      }
      data-testid="benefit-figures"
    >
      <QueryResult {...query}>{(data) => <FiguresBody data={data} loading={query.loading} />}</QueryResult>
    </Card>
  );
}

export function FiguresBody({ data, loading }: { data: BenefitFiguresAnswer; loading: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const k = (key: string) => t(`benefits.fundAudit.figures.${key}` as 'benefits.fundAudit.figures.total');
  const rows: Row[] = [
    ...data.units.map((u) => ({ ...u, key: u.unit.id, name: u.unit.name })),
    { ...data.total, key: 'total', name: `${k('total')}（${data.unit.name}）`, total: true },
  ];
  const programRows: Row[] = data.programs.map((p) => ({
    ...p,
    key: p.programCode,
    name: en ? p.programNameEn : p.programName,
  }));
  const columns = (first: string): ColumnsType<Row> => [
    {
      title: first,
      dataIndex: 'name',
      render: (v: string, r) => (r.total ? <Typography.Text strong>{v}</Typography.Text> : v),
    },
    { title: k('payees'), dataIndex: 'payees', align: 'right' },
    { title: k('paid'), dataIndex: 'paid', align: 'right' },
    { title: k('failed'), dataIndex: 'failed', align: 'right' },
    { title: k('pending'), dataIndex: 'pending', align: 'right' },
    { title: k('due'), dataIndex: 'fenDue', align: 'right', render: (v: number) => formatFen(v) },
    { title: k('paidAmount'), dataIndex: 'fenPaid', align: 'right', render: (v: number) => formatFen(v) },
    {
      title: k('accuracy'),
      dataIndex: 'accuracy',
      align: 'right',
      render: (v: number | null, r) => (
        <Tooltip title={`${r.paidExact} / ${r.paid}`}>
          <span>{pct(v)}</span>
        </Tooltip>
      ),
    },
    {
      title: k('fundsInPlace'),
      dataIndex: 'fundsInPlace',
      align: 'right',
      render: (v: number | null) => pct(v),
    },
    {
      title: k('timeliness'),
      dataIndex: 'timeliness',
      align: 'right',
      render: (v: number | null, r) => (
        <Tooltip title={`${r.paidTimely} / ${r.paid}`}>
          <span>{pct(v)}</span>
        </Tooltip>
      ),
    },
  ];
  const chartUnits = data.units.filter((u) => u.payments > 0);
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {k('help')}
      </Typography.Text>
      <Table<Row>
        size="small"
        rowKey="key"
        loading={loading}
        columns={columns(k('unit'))}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="benefit-figures-table"
      />
      {programRows.length > 0 && (
        <Table<Row>
          size="small"
          rowKey="key"
          title={() => k('byProgram')}
          columns={columns(t('benefits.fundAudit.col.program'))}
          dataSource={programRows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="benefit-figures-programs"
        />
      )}
      {chartUnits.length > 1 && <Typography.Text strong>{k('chart')}</Typography.Text>}
      {chartUnits.length > 1 && (
        <EChart
          height={280}
          data-testid="benefit-figures-chart"
          option={{
            tooltip: { trigger: 'axis' },
            legend: { top: 0, right: 0 },
            grid: { left: 70, right: 16, top: 32, bottom: 60 },
            xAxis: { type: 'category', data: chartUnits.map((u) => u.unit.name), axisLabel: { rotate: 30 } },
            yAxis: { type: 'value' },
            // Fen to yuan for the axis only; the table shows the exact amounts.
            series: [
              { name: k('due'), type: 'bar', data: chartUnits.map((u) => u.fenDue / 100) },
              { name: k('paidAmount'), type: 'bar', data: chartUnits.map((u) => u.fenPaid / 100) },
            ],
          }}
        />
      )}
    </Flex>
  );
}
