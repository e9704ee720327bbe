import { CheckCircleOutlined, ExclamationCircleOutlined, LockOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType as ColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { FigureStatusTag } from './FigureStatusTag.js';
import { IndicatorFilters } from './IndicatorFilters.js';
import { RecordsDrawer, type RecordsTarget } from './RecordsDrawer.js';
import { STATUS_COLOR, formatFen, formatInterval, formatNumber, formatValue } from './format.js';
import { type CatalogEntry, type Figure, type IndicatorAnswer, type UnitRef, indicatorApi } from './indicatorApi.js';
import { useCatalog } from './useCatalog.js';
import { useIndicatorParams } from './useIndicatorParams.js';
import { canListRecords } from './serviceRecords.js';

/** Counts are whole; person-years and woman-years have a decimal. */
const formatCount = (n: number | null) => formatNumber(n, n === null || Number.isInteger(n) ? 0 : 1);

/** A numerator or denominator as read: money (fen) in yuan, anything else as a count. */
const formatPart = (
  n: number | null,
  catalog: Map<string, CatalogEntry> | undefined,
  code: string,
  part: RecordsTarget['part'],
) => (catalog?.get(code)?.[part]?.measure === 'fen' ? formatFen(n) : formatCount(n));

/**
 * 指标查询: every indicator of a unit and period with its interval, parts, status and published
 * value; the children side by side; the records behind any numerator or denominator; and, for the
 * county statistician, publishing a finished period. The address holds every selection.
 */
export function IndicatorsPage() {
  const { t } = useTranslation();
  const { can } = useMe();
  const { params, unitId, period, population, boundaries, set } = useIndicatorParams();
  const basis = { population, boundaries };
  const catalog = useCatalog();
  const query = useQuery(
    () => indicatorApi.figures({ unitId, period, population, boundaries, breakdown: 'children' }),
    [unitId, period, population, boundaries],
  );
  const recordsParam = params.get('records');
  const [code, part] = (recordsParam ?? '').split(':');
  const target: RecordsTarget | null = code && (part === 'numerator' || part === 'denominator') ? { code, part } : null;
  const recordsPage = Math.max(1, Number(params.get('rpage') ?? '1') || 1);
  const openRecords = (c: string, p: RecordsTarget['part']) => set({ records: `${c}:${p}`, rpage: undefined });

  return (
    <Page
      title={t('indicators.title')}
      subtitle={
        query.data
          ? t('indicators.subtitle', { unit: query.data.unit.name, period: query.data.period.code })
          : undefined
      }
      data-testid="indicators-page"
      extra={
        <Flex gap={8}>
          <Link to={`/dashboard?${new URLSearchParams({ unitId, period: period.slice(0, 4) }).toString()}`}>
            {t('indicators.toDashboard')}
          </Link>
        </Flex>
      }
    >
      <Card size="small">
        <IndicatorFilters
          unitId={unitId}
          period={period}
          population={population}
          boundaries={boundaries}
          onChange={(changes) => set({ ...changes, records: undefined, rpage: undefined })}
        />
      </Card>
      <QueryResult data={query.data} error={query.error} loading={query.loading && !query.data} reload={query.reload}>
        {(answer) => (
          <>
            <FiguresCard
              answer={answer}
              loading={query.loading}
              catalog={catalog.data}
              onRecords={openRecords}
              canPublish={can('report.confirm')}
              onPublished={query.reload}
            />
            {answer.breakdown && answer.breakdown.length > 0 && (
              <ChildrenCard
                answer={answer}
                catalog={catalog.data}
                loading={query.loading}
                onUnit={(id) => set({ unitId: id, records: undefined, rpage: undefined })}
              />
            )}
          </>
        )}
      </QueryResult>
      <RecordsDrawer
        target={target}
        unitId={unitId}
        period={period}
        basis={basis}
        page={recordsPage}
        onPage={(p) => set({ rpage: p > 1 ? String(p) : undefined })}
        onClose={() => set({ records: undefined, rpage: undefined })}
      />
    </Page>
  );
}

function FiguresCard({
  answer,
  loading,
  catalog,
  onRecords,
  canPublish,
  onPublished,
}: {
  answer: IndicatorAnswer;
  loading: boolean;
  catalog: Map<string, CatalogEntry> | undefined;
  onRecords: (code: string, part: RecordsTarget['part']) => void;
  canPublish: boolean;
  onPublished: () => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const { can } = useMe();
  const canList = (kind: string | undefined) => canListRecords(kind, can);
  const english = i18n.language === 'en';
  const partLink = (f: Figure, p: RecordsTarget['part']) => {
    const n = p === 'numerator' ? f.numerator : f.denominator;
    const def = catalog?.get(f.code)?.[p];
    // A total (payments, amount paid) divides by nothing: no denominator to open.
    if (p === 'denominator' && (n === null || def === null))
      return <Typography.Text type="secondary">—</Typography.Text>;
    const label = def ? (english ? def.nameEn : def.nameZh) : '';
    // Records of health, care, petitions and cases are for the roles that keep them.
    if (!canList(def?.records?.kind)) {
      return (
        <Tooltip title={t('indicators.records.services.noPermission')}>
          <span data-testid={`records-${f.code}-${p}`}>{formatPart(n, catalog, f.code, p)}</span>
        </Tooltip>
      );
    }
    return (
      <Tooltip title={t('indicators.openRecords', { part: label })}>
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          onClick={() => onRecords(f.code, p)}
          data-testid={`records-${f.code}-${p}`}
        >
          {formatPart(n, catalog, f.code, p)}
        </Button>
      </Tooltip>
    );
  };
  const columns: ColumnsType<Figure> = [
    {
      title: t('indicators.col.indicator'),
      dataIndex: 'nameZh',
      render: (name: string, f) => (
        <Tooltip title={catalog?.get(f.code)?.formulaZh}>
          <span>{english ? f.nameEn : name}</span>
        </Tooltip>
      ),
    },
    {
      title: t('indicators.col.value'),
      dataIndex: 'value',
      align: 'right',
      render: (_: unknown, f) => (
        <Typography.Text strong data-testid={`value-${f.code}`}>
          {formatValue(f.value, f)}
        </Typography.Text>
      ),
    },
    {
      title: t('indicators.col.interval'),
      key: 'interval',
      align: 'right',
      render: (_: unknown, f) => <Typography.Text type="secondary">{formatInterval(f)}</Typography.Text>,
    },
    {
      title: t('indicators.col.numerator'),
      key: 'numerator',
      align: 'right',
      render: (_: unknown, f) => partLink(f, 'numerator'),
    },
    {
      title: t('indicators.col.denominator'),
      key: 'denominator',
      align: 'right',
      render: (_: unknown, f) => partLink(f, 'denominator'),
    },
    { title: t('indicators.col.status'), key: 'status', render: (_: unknown, f) => <FigureStatusTag figure={f} /> },
    {
      title: t('indicators.col.published'),
      key: 'published',
      render: (_: unknown, f) =>
        f.published ? (
          <Tooltip
            title={t('indicators.publishedAt', {
              at: formatDateTime(f.published.publishedAt),
              version: f.published.version,
            })}
          >
            <Flex gap={4} align="center">
              <span data-testid={`published-${f.code}`}>{formatValue(f.published.value, f)}</span>
              {f.published.differs ? (
                <Tag color="orange" icon={<ExclamationCircleOutlined />}>
                  {t('indicators.differs')}
                </Tag>
              ) : (
                <CheckCircleOutlined style={{ color: '#52c41a' }} />
              )}
            </Flex>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('indicators.notPublished')}</Typography.Text>
        ),
    },
    {
      title: t('indicators.col.version'),
      dataIndex: 'version',
      width: 60,
      align: 'center',
      render: (v: number) => `v${v}`,
    },
  ];
  return (
    <Card
      size="small"
      title={t('indicators.figuresTitle', { unit: answer.unit.name, period: answer.period.code })}
      extra={
        <Flex gap={12} align="center">
          {answer.period.running && <Tag color="blue">{t('indicators.running')}</Tag>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('indicators.computedAt', { at: formatDateTime(answer.computedAt) })}
          </Typography.Text>
          {canPublish && <PublishButton answer={answer} onPublished={onPublished} />}
        </Flex>
      }
    >
      <Table<Figure>
        size="small"
        rowKey="code"
        loading={loading}
        columns={columns}
        dataSource={answer.figures}
        pagination={false}
        data-testid="figures-table"
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}

function PublishButton({ answer, onPublished }: { answer: IndicatorAnswer; onPublished: () => Promise<void> }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useErrorMessage();
  const allPublished = answer.figures.every((f) => f.published);
  const somePublished = answer.figures.some((f) => f.published);
  const disabledReason = answer.period.running
    ? t('indicators.publish.running')
    : somePublished
      ? t('indicators.publish.already')
      : null;
  const publish = () =>
    modal.confirm({
      title: t('indicators.publish.confirmTitle', { unit: answer.unit.name, period: answer.period.code }),
      content: t('indicators.publish.confirmText'),
      okText: t('indicators.publish.ok'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'publish-ok' } as object) },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await indicatorApi.publish({
            unitId: answer.unit.id,
            period: answer.period.code,
            population: answer.population,
            boundaries: answer.boundaries,
          });
          void message.success(t('indicators.publish.done'));
          await onPublished();
        } catch (err) {
          showError(err);
        }
      },
    });
  return (
    <Tooltip title={disabledReason}>
      <Button
        size="small"
        icon={<LockOutlined />}
        disabled={disabledReason !== null || allPublished}
        onClick={publish}
        data-testid="publish-button"
      >
        {t('indicators.publish.button')}
      </Button>
    </Tooltip>
  );
}

type ChildRow = { unit: UnitRef; figures: Map<string, Figure> };

function ChildrenCard({
  answer,
  catalog,
  loading,
  onUnit,
}: {
  answer: IndicatorAnswer;
  catalog: Map<string, CatalogEntry> | undefined;
  loading: boolean;
  onUnit: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const rows: ChildRow[] = (answer.breakdown ?? []).map((b) => ({
    unit: b.unit,
    figures: new Map(b.figures.map((f) => [f.code, f])),
  }));
  const columns: ColumnsType<ChildRow> = [
    {
      title: t('indicators.col.unit'),
      key: 'unit',
      fixed: 'left',
      render: (_: unknown, r) => (
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          onClick={() => onUnit(r.unit.id)}
          data-testid="child-unit-link"
        >
          {r.unit.name}
        </Button>
      ),
    },
    ...answer.figures.map((head): ColumnsType<ChildRow>[number] => ({
      title: english ? head.nameEn : head.nameZh,
      key: head.code,
      align: 'right',
      // Units without a value sort below every value.
      sorter: (a, b) => (a.figures.get(head.code)?.value ?? -1e12) - (b.figures.get(head.code)?.value ?? -1e12),
      sortDirections: ['descend', 'ascend'],
      render: (_: unknown, r) => {
        const f = r.figures.get(head.code);
        if (!f) return '—';
        return (
          <Tooltip
            title={`${t('indicators.col.interval')} ${formatInterval(f)} · ${formatPart(f.numerator, catalog, f.code, 'numerator')} / ${formatPart(f.denominator, catalog, f.code, 'denominator')}`}
          >
            <span style={{ color: f.status && f.status !== 'normal' ? STATUS_COLOR[f.status] : undefined }}>
              {formatValue(f.value, f)}
            </span>
          </Tooltip>
        );
      },
    })),
  ];
  return (
    <Card size="small" title={t('indicators.childrenTitle', { count: rows.length })}>
      <Table<ChildRow>
        size="small"
        rowKey={(r) => r.unit.id}
        loading={loading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="children-table"
      />
    </Card>
  );
}
