import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, Flex, Form, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { saveFile } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import {
  downloadAnnualReport,
  fetchAnnualReport,
  reportYears,
  type AnnualReport,
  type Boundaries,
  type Population,
  type ReportFigure,
  type ReportFile,
  type ReportParams,
  type ReportRow,
  type SummaryLine,
} from './annualReportApi.js';

const LINE_KEYS = [
  'populationStart',
  'populationEnd',
  'meanPopulation',
  'births',
  'birthsMale',
  'birthsFemale',
  'sexRatioAtBirth',
  'deaths',
  'naturalGrowthRate',
  'crudeBirthRate',
  'crudeDeathRate',
  'birthOrder1Share',
  'birthOrder2Share',
  'birthOrder3PlusShare',
  'totalFertilityRate',
  'birthDefectIncidence',
  'reportTimeliness',
] as const;
type LineKey = (typeof LINE_KEYS)[number];
const isLineKey = (k: string): k is LineKey => (LINE_KEYS as readonly string[]).includes(k);

const count = (n: number | null) => (n === null ? '—' : n.toLocaleString('zh-CN'));
const figure = (f: ReportFigure | undefined) => {
  if (!f || f.value === null) return '—';
  const text = f.value.toFixed(f.decimals);
  return f.imprecise ? `${text}*` : text;
};

/** The year and unit come from the address (?year=2016&unitId=…), so a report can be linked to. */
function useReportParams(defaultUnit: string) {
  const [search, setSearch] = useSearchParams();
  const lastYear = new Date().getFullYear() - 1;
  const year = Number(search.get('year')) || lastYear;
  const params: ReportParams = {
    year,
    unitId: search.get('unitId') || defaultUnit,
    population: search.get('population') === 'resident' ? 'resident' : 'registered',
    boundaries: search.get('boundaries') === 'past' ? 'past' : 'present',
  };
  const update = (patch: Partial<ReportParams>) => {
    const next = { ...params, ...patch };
    const q = new URLSearchParams({ year: String(next.year) });
    if (next.unitId && next.unitId !== defaultUnit) q.set('unitId', next.unitId);
    if (next.population !== 'registered') q.set('population', next.population);
    if (next.boundaries !== 'present') q.set('boundaries', next.boundaries);
    setSearch(q, { replace: true });
  };
  return { params, update };
}

/**
 * 统计年报: pick a year and a unit, read the summary on screen, download the PDF or the Excel
 * workbook the county sends up. The figures are the indicator service's (published ones as
 * frozen); downloads are audited on the server.
 */
export function AnnualReportPage() {
  const { t } = useTranslation();
  const { me } = useMe();
  const { params, update } = useReportParams(me.unit.id);
  const query = useQuery(
    () => fetchAnnualReport(params),
    [params.year, params.unitId, params.population, params.boundaries],
  );

  return (
    <Page title={t('annualReport.title')} subtitle={t('annualReport.subtitle')} data-testid="annual-report-page">
      <Card size="small">
        <Flex justify="space-between" align="end" wrap gap={12}>
          <Form layout="inline" style={{ rowGap: 8 }}>
            <Form.Item label={t('annualReport.year')}>
              <Select
                value={params.year}
                onChange={(year: number) => update({ year })}
                options={reportYears().map((y) => ({ value: y, label: t('annualReport.yearOption', { year: y }) }))}
                style={{ width: 110 }}
                data-testid="annual-report-year"
              />
            </Form.Item>
            <Form.Item label={t('annualReport.unit')}>
              <UnitPicker
                value={params.unitId}
                onChange={(unitId) => update({ unitId: unitId ?? me.unit.id })}
                allowClear={false}
                data-testid="annual-report-unit"
              />
            </Form.Item>
            <Form.Item label={t('annualReport.population')}>
              <Select<Population>
                value={params.population}
                onChange={(population) => update({ population })}
                options={[
                  { value: 'registered', label: t('annualReport.registered') },
                  { value: 'resident', label: t('annualReport.resident') },
                ]}
                style={{ width: 160 }}
              />
            </Form.Item>
            <Form.Item label={t('annualReport.boundaries')}>
              <Select<Boundaries>
                value={params.boundaries}
                onChange={(boundaries) => update({ boundaries })}
                options={[
                  { value: 'present', label: t('annualReport.present') },
                  { value: 'past', label: t('annualReport.past') },
                ]}
                style={{ width: 120 }}
              />
            </Form.Item>
          </Form>
          <ReportDownloads params={params} />
        </Flex>
      </Card>
      <QueryResult {...query}>{(report) => <ReportPreview report={report} />}</QueryResult>
    </Page>
  );
}

function ReportDownloads({ params }: { params: ReportParams }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [busy, setBusy] = useState<ReportFile>();
  const running = useRef(false);
  const run = async (format: ReportFile) => {
    // A ref, not the state: a double click arrives before the re-render that disables the button.
    if (running.current) return;
    running.current = true;
    setBusy(format);
    try {
      const file = await downloadAnnualReport(params, format);
      saveFile(file);
      void message.success(t('annualReport.downloaded', { name: file.fileName }));
    } catch (err) {
      showError(err);
    } finally {
      running.current = false;
      setBusy(undefined);
    }
  };
  return (
    <Space wrap>
      <Button
        type="primary"
        icon={<FilePdfOutlined />}
        loading={busy === 'pdf'}
        disabled={busy === 'xlsx'}
        onClick={() => void run('pdf')}
        data-testid="annual-report-pdf"
      >
        {t('annualReport.pdf')}
      </Button>
      <Button
        icon={<FileExcelOutlined />}
        loading={busy === 'xlsx'}
        disabled={busy === 'pdf'}
        onClick={() => void run('xlsx')}
        data-testid="annual-report-xlsx"
      >
        {t('annualReport.xlsx')}
      </Button>
    </Space>
  );
}

function ReportPreview({ report }: { report: AnnualReport }) {
  const { t } = useTranslation();
  const pub = report.publication;
  const status =
    pub.status === 'published'
      ? { type: 'success' as const, text: t('annualReport.published', { date: pub.publishedAt?.slice(0, 10) ?? '' }) }
      : pub.status === 'partial'
        ? { type: 'info' as const, text: t('annualReport.partial') }
        : { type: 'warning' as const, text: t('annualReport.provisional') };
  const differs = pub.differs.map((c) => report.summary.figures[c]?.nameZh ?? c).join('、');
  const below = report.townships.length ? report.townships : (report.villages[0]?.rows ?? []);
  const villageCount = report.villages.reduce((s, g) => s + g.rows.length, 0);
  return (
    <>
      <Card
        size="small"
        title={
          <Typography.Title level={5} style={{ margin: 0 }} data-testid="annual-report-title">
            {report.title}
          </Typography.Title>
        }
        extra={
          <Typography.Text type="secondary">
            {t('annualReport.computedAt', { time: new Date(report.computedAt).toLocaleString('zh-CN') })}
          </Typography.Text>
        }
      >
        <Flex vertical gap={12}>
          <Alert type={status.type} showIcon title={status.text} data-testid="annual-report-status" />
          {report.running && <Alert type="info" showIcon title={t('annualReport.running', { year: report.year })} />}
          {differs && <Alert type="warning" showIcon title={t('annualReport.differs', { names: differs })} />}
          <SummaryTable report={report} />
          <Typography.Text type="secondary">{t('annualReport.impreciseHint')}</Typography.Text>
        </Flex>
      </Card>
      {below.length > 0 && (
        <Card
          size="small"
          title={report.townships.length ? t('annualReport.townshipsTitle') : t('annualReport.villagesTitle')}
        >
          <BelowTable rows={below} />
          {report.townships.length > 0 && villageCount > 0 && (
            <Typography.Text type="secondary">{t('annualReport.villagesMore', { n: villageCount })}</Typography.Text>
          )}
        </Card>
      )}
      <Collapse
        items={[
          {
            key: 'notes',
            label: t('annualReport.notesTitle'),
            children: (
              <Flex vertical gap={8}>
                {t('annualReport.notesLanguage') && (
                  <Typography.Text type="secondary">{t('annualReport.notesLanguage')}</Typography.Text>
                )}
                <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                  {report.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ol>
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {report.definitions.map((d) => (
                    <li key={d.code}>
                      {t('annualReport.definition', {
                        name: d.nameZh,
                        version: d.version,
                        from: d.effectiveFrom,
                        formula: d.formulaZh,
                      })}
                    </li>
                  ))}
                </ul>
              </Flex>
            ),
          },
        ]}
      />
    </>
  );
}

function SummaryTable({ report }: { report: AnnualReport }) {
  const { t } = useTranslation();
  const unitText = (u: string) =>
    u === '人'
      ? t('annualReport.units.persons')
      : u === '女=100'
        ? t('annualReport.units.ratio')
        : u === '个/妇女'
          ? t('annualReport.units.perWoman')
          : u;
  const label = (l: SummaryLine) =>
    isLineKey(l.key) ? t(`annualReport.lines.${l.key}`, { year: report.year, prev: report.year - 1 }) : l.label;
  const columns: ColumnsType<SummaryLine> = [
    {
      title: t('annualReport.columns.item'),
      key: 'item',
      width: 240,
      render: (_, l) =>
        l.indent ? <span style={{ paddingInlineStart: 24 }}>{label(l)}</span> : <strong>{label(l)}</strong>,
    },
    {
      title: t('annualReport.columns.value'),
      key: 'value',
      align: 'right',
      width: 110,
      render: (_, l) => (
        <Typography.Text type={l.imprecise ? 'secondary' : undefined} data-testid={`annual-report-value-${l.key}`}>
          {l.text}
        </Typography.Text>
      ),
    },
    ...(report.previousYear
      ? [
          {
            title: t('annualReport.columns.previous', { year: report.previousYear }),
            key: 'previous',
            align: 'right' as const,
            width: 110,
            render: (_: unknown, l: SummaryLine) => (
              <Typography.Text type="secondary">{l.previousText}</Typography.Text>
            ),
          },
        ]
      : []),
    { title: t('annualReport.columns.unit'), key: 'unit', width: 100, render: (_, l) => unitText(l.unit) },
    {
      title: t('annualReport.columns.interval'),
      key: 'interval',
      width: 140,
      align: 'center',
      render: (_, l) => l.interval ?? '',
    },
    {
      title: t('annualReport.columns.note'),
      key: 'note',
      render: (_, l) => <Typography.Text type="secondary">{l.note ?? ''}</Typography.Text>,
    },
  ];
  return (
    <Table<SummaryLine>
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={report.summaryLines}
      pagination={false}
      data-testid="annual-report-summary"
    />
  );
}

function BelowTable({ rows }: { rows: ReportRow[] }) {
  const { t } = useTranslation();
  const f = (code: string) => (_: unknown, r: ReportRow) => figure(r.figures[code]);
  const columns: ColumnsType<ReportRow> = [
    { title: t('annualReport.table.unit'), key: 'unit', fixed: 'left', width: 120, render: (_, r) => r.unit.name },
    {
      title: t('annualReport.table.populationEnd'),
      key: 'pop',
      align: 'right',
      render: (_, r) => count(r.counts.populationEnd),
    },
    { title: t('annualReport.table.births'), key: 'births', align: 'right', render: (_, r) => count(r.counts.births) },
    { title: t('annualReport.table.boys'), key: 'boys', align: 'right', render: (_, r) => count(r.counts.birthsMale) },
    {
      title: t('annualReport.table.girls'),
      key: 'girls',
      align: 'right',
      render: (_, r) => count(r.counts.birthsFemale),
    },
    { title: t('annualReport.table.deaths'), key: 'deaths', align: 'right', render: (_, r) => count(r.counts.deaths) },
    { title: t('annualReport.table.sexRatio'), key: 'srb', align: 'right', render: f('sexRatioAtBirth') },
    { title: t('annualReport.table.birthRate'), key: 'cbr', align: 'right', render: f('crudeBirthRate') },
    { title: t('annualReport.table.deathRate'), key: 'cdr', align: 'right', render: f('crudeDeathRate') },
    { title: t('annualReport.table.growth'), key: 'growth', align: 'right', render: f('naturalGrowthRate') },
    { title: t('annualReport.table.tfr'), key: 'tfr', align: 'right', render: f('totalFertilityRate') },
    { title: t('annualReport.table.timeliness'), key: 'timely', align: 'right', render: f('reportTimeliness') },
    {
      title: t('annualReport.table.published'),
      key: 'published',
      align: 'center',
      render: (_, r) =>
        r.published === 'all'
          ? t('annualReport.table.publishedAll')
          : r.published === 'some'
            ? t('annualReport.table.publishedSome')
            : '',
    },
  ];
  return (
    <Table<ReportRow>
      size="small"
      rowKey={(r) => r.unit.id}
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      data-testid="annual-report-below"
    />
  );
}
