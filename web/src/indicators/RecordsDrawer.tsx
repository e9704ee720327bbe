import { Alert, Drawer, Flex, Table, Tag, Typography } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from '../api/useQuery.js';
import { formatDate } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { FindingSummary } from '../linkage/FindingSummary.js';
import type { FindingKind } from '../linkage/linkageApi.js';
import { KIND_COLOR } from '../linkage/linkageFormat.js';
import { formatFen } from './format.js';
import { isServiceKind, serviceColumns, serviceRowKey } from './serviceRecords.js';
import { type Basis, type RecordItem, type RecordsAnswer, indicatorApi } from './indicatorApi.js';

const PAYMENT_COLOR: Record<NonNullable<RecordItem['status']>, string> = {
  paid: 'green',
  failed: 'red',
  pending: 'blue',
};

export const RECORDS_PAGE_SIZE = 20;

export type RecordsTarget = { code: string; part: 'numerator' | 'denominator' };

/**
 * The people and events behind a figure's numerator or denominator, a page at a time, each name
 * a link to the person. The server lists only persons registered in the caller's area today and
 * audits every page it sends.
 */
export function RecordsDrawer({
  target,
  unitId,
  period,
  basis,
  page,
  onPage,
  onClose,
}: {
  target: RecordsTarget | null;
  unitId: string;
  period: string;
  basis: Basis;
  page: number;
  onPage: (page: number) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const query = useQuery(
    () =>
      indicatorApi.records(target!.code, {
        ...basis,
        unitId,
        period,
        part: target!.part,
        page,
        pageSize: RECORDS_PAGE_SIZE,
      }),
    [target?.code, target?.part, unitId, period, basis.population, basis.boundaries, page],
    target !== null,
  );
  const data =
    query.data && target && query.data.indicator.code === target.code && query.data.indicator.part === target.part
      ? query.data
      : undefined;
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={960}
      title={
        data
          ? t('indicators.records.title', {
              indicator: data.indicator.nameZh,
              part: data.indicator.partNameZh,
              unit: data.unit.name,
              period: data.period.code,
            })
          : t('indicators.records.loading')
      }
      destroyOnHidden
      data-testid="records-drawer"
    >
      <QueryResult data={data} error={query.error} loading={query.loading && !data} reload={query.reload}>
        {(answer) => <RecordsTable answer={answer} loading={query.loading} onPage={onPage} />}
      </QueryResult>
    </Drawer>
  );
}

function RecordsTable({
  answer,
  loading,
  onPage,
}: {
  answer: RecordsAnswer;
  loading: boolean;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation();
  const kind = answer.indicator.records;
  const person: ColumnsType<RecordItem>[number] = {
    title: t('indicators.records.name'),
    dataIndex: 'name',
    render: (name: string | null, r) =>
      r.personId ? (
        <Link to={`/persons/${r.personId}`} data-testid="record-person-link">
          {name}
        </Link>
      ) : (
        (name ?? '—')
      ),
  };
  const common: ColumnsType<RecordItem> = [
    person,
    {
      title: t('indicators.records.idNumber'),
      dataIndex: 'idNumberMasked',
      render: (v: string | null) => <Typography.Text code>{v ?? '—'}</Typography.Text>,
    },
    {
      title: t('indicators.records.sex'),
      dataIndex: 'sex',
      width: 60,
      render: (v: number | null) => (v ? t(`sex.${v as 1 | 2}`) : '—'),
    },
  ];
  const unit: ColumnsType<RecordItem>[number] = {
    title: t('indicators.records.unit'),
    dataIndex: 'unitName',
    render: (v: string | null) => v ?? '—',
  };
  const columns: ColumnsType<RecordItem> = isServiceKind(kind)
    ? serviceColumns(kind, t, common, unit)
    : kind === 'events'
      ? [
          { title: t('indicators.records.eventDate'), dataIndex: 'eventDate', width: 110, render: formatDate },
          {
            title: t('indicators.records.type'),
            dataIndex: 'type',
            width: 70,
            render: (v: string) => t(`reportType.${v}`, { defaultValue: v }),
          },
          ...common,
          unit,
          {
            title: t('indicators.records.birthOrder'),
            dataIndex: 'birthOrder',
            width: 70,
            render: (v: number | null | undefined) => v ?? '—',
          },
          {
            title: t('indicators.records.mother'),
            dataIndex: 'motherName',
            render: (v: string | null | undefined, r) =>
              r.motherId ? <Link to={`/persons/${r.motherId}`}>{v}</Link> : '—',
          },
          {
            title: t('indicators.records.reportedOn'),
            dataIndex: 'reportedOn',
            render: (v: string | null | undefined, r) =>
              v ? (
                <span>
                  {formatDate(v)}{' '}
                  {r.delayDays !== null && r.delayDays !== undefined && (
                    <Tag color={r.delayDays > 30 ? 'orange' : 'default'}>
                      {t('indicators.records.delay', { days: r.delayDays })}
                    </Tag>
                  )}
                </span>
              ) : (
                '—'
              ),
          },
        ]
      : kind === 'findings'
        ? [
            { title: t('indicators.records.eventDate'), dataIndex: 'eventDate', width: 110, render: formatDate },
            {
              title: t('indicators.records.feed'),
              dataIndex: 'feedType',
              render: (v: string, r) =>
                `${t(`linkage.feedType.${v}`, { defaultValue: v })} · ${t(`linkage.recordType.${r.recordType ?? ''}`, { defaultValue: r.recordType ?? '' })}`,
            },
            ...common,
            unit,
            {
              title: t('indicators.records.finding'),
              dataIndex: 'kind',
              render: (k: FindingKind, r) => (
                // The summary wraps: a drawer this wide would otherwise scroll to read it.
                <div style={{ minWidth: 240, maxWidth: 300, whiteSpace: 'normal' }}>
                  <Tag color={KIND_COLOR[k]}>{t(`linkage.kind.${k}`)}</Tag>{' '}
                  <FindingSummary
                    finding={{
                      kind: k,
                      recordType: r.recordType ?? '',
                      eventDate: r.eventDate ?? '',
                      summary: r.summary ?? '',
                    }}
                  />
                </div>
              ),
            },
          ]
        : kind === 'payments'
          ? [
              { title: t('indicators.records.dueOn'), dataIndex: 'dueOn', width: 110, render: formatDate },
              {
                title: t('indicators.records.program'),
                dataIndex: 'programCode',
                render: (v: string) => t(`indicators.records.programs.${v}`, { defaultValue: v }),
              },
              {
                title: t('indicators.records.batch'),
                dataIndex: 'batchPeriod',
                render: (v: string, r) =>
                  `${v} · ${t(`indicators.records.batchKind.${r.batchKind ?? 'regular'}`)}${r.batchSeq ? ` ${r.batchSeq}` : ''}`,
              },
              ...common,
              unit,
              {
                title: t('indicators.records.amount'),
                dataIndex: 'amountFen',
                align: 'right',
                render: (v: number, r) => (
                  <span>
                    {formatFen(v)}
                    {r.dueFen !== undefined && r.dueFen !== v && (
                      <Typography.Text type="secondary"> / {formatFen(r.dueFen)}</Typography.Text>
                    )}
                  </span>
                ),
              },
              {
                title: t('indicators.records.paymentStatus'),
                dataIndex: 'status',
                render: (v: NonNullable<RecordItem['status']>, r) => (
                  <span>
                    <Tag color={PAYMENT_COLOR[v]}>{t(`indicators.records.paymentStatuses.${v}`)}</Tag>
                    {r.paidOn ? formatDate(r.paidOn) : (r.failureReason ?? '')}
                  </span>
                ),
              },
              {
                title: t('indicators.records.recovery'),
                dataIndex: 'recoveryStatus',
                render: (v: RecordItem['recoveryStatus'], r) =>
                  v ? (
                    <Tag color="orange">
                      {t(`indicators.records.recoveryStatuses.${v}`)} {formatFen(r.recoveryFen)}
                    </Tag>
                  ) : (
                    '—'
                  ),
              },
            ]
          : kind === 'population'
            ? [
                ...common,
                { title: t('indicators.records.birthDate'), dataIndex: 'birthDate', render: formatDate },
                unit,
                {
                  title: t('indicators.records.atStart'),
                  dataIndex: 'atStart',
                  render: (v: boolean) => (v ? '✓' : ''),
                },
                { title: t('indicators.records.atEnd'), dataIndex: 'atEnd', render: (v: boolean) => (v ? '✓' : '') },
              ]
            : [
                ...common,
                { title: t('indicators.records.birthDate'), dataIndex: 'birthDate', render: formatDate },
                unit,
                { title: t('indicators.records.days'), dataIndex: 'days' },
              ];
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">{t('indicators.records.summary', { total: answer.total })}</Typography.Text>
      {answer.hidden > 0 && (
        <Alert type="info" showIcon title={t('indicators.records.hidden', { count: answer.hidden })} />
      )}
      <Table<RecordItem>
        size="small"
        rowKey={(r) =>
          isServiceKind(kind) ? serviceRowKey(r) : (r.paymentId ?? r.findingId ?? `${r.eventId ?? ''}${r.personId}`)
        }
        loading={loading}
        columns={columns}
        dataSource={answer.items}
        data-testid="records-table"
        scroll={{ x: 'max-content' }}
        pagination={{
          current: answer.page,
          pageSize: answer.pageSize,
          total: answer.total - answer.hidden,
          showSizeChanger: false,
          showTotal: (count) => t('common.total', { count }),
          onChange: onPage,
        }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('indicators.records.audited')}
      </Typography.Text>
    </Flex>
  );
}
