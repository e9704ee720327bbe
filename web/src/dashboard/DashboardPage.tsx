import { Card, Col, Empty, Row, Select, Skeleton, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { IndicatorFilters } from '../indicators/IndicatorFilters.js';
import { chinaYear, hasData, periodYear } from '../indicators/format.js';
import { type Figure, type IndicatorAnswer, indicatorApi } from '../indicators/indicatorApi.js';
import { useIndicatorParams } from '../indicators/useIndicatorParams.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { AlertsCard } from './AlertsCard.js';
import { BoundariesCard } from './BoundariesCard.js';
import {
  type CompareRow,
  birthsByMonthOption,
  choroplethOption,
  compareOption,
  pyramidOption,
  trendOption,
} from './chartOptions.js';
import { dashboardApi } from './dashboardApi.js';
import { EChart } from './EChart.js';
import { KeyFigures } from './KeyFigures.js';

const TREND_YEARS = 10;
/** Indicators offered in the trend and comparison pickers (the order shares are in the key figures). */
const CHART_CODES = [
  'sexRatioAtBirth',
  'naturalGrowthRate',
  'crudeBirthRate',
  'crudeDeathRate',
  'totalFertilityRate',
  'birthDefectIncidence',
  'birthOrder1Share',
  'birthOrder2Share',
  'birthOrder3PlusShare',
  'reportTimeliness',
];

/**
 * 统计看板: one per level — the caller's own unit by default, any unit in scope by the picker.
 * Every part loads on its own request, all at once, each with its own skeleton.
 */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const { can } = useMe();
  const { unitId, period, periodGiven, population, boundaries, set } = useIndicatorParams();
  // The last complete year that has data: step back a year while the default one is empty.
  const [stepBack, setStepBack] = useState(0);
  const year = periodYear(period) - (periodGiven ? 0 : stepBack);
  const basis = { population, boundaries };
  // A village's births are too few for a sex-ratio trend to say anything: it opens on the birth rate.
  const [trendPick, setTrendCode] = useState<string>();
  const trendCode = trendPick ?? (unitId.length >= 12 ? 'crudeBirthRate' : 'sexRatioAtBirth');
  const [compareCode, setCompareCode] = useState('crudeBirthRate');
  const [boundaryVersion, setBoundaryVersion] = useState(0);

  const figures = useQuery(
    () => indicatorApi.figures({ unitId, period: String(year), ...basis, breakdown: 'children' }),
    [unitId, year, population, boundaries],
  );
  useEffect(() => {
    if (!periodGiven && figures.data && !hasData(figures.data.figures) && year > 2001 && stepBack < 5)
      setStepBack((s) => s + 1);
  }, [figures.data, periodGiven, year, stepBack]);
  const trend = useQuery(
    () => indicatorApi.series({ unitId, code: trendCode, from: year - TREND_YEARS + 1, to: year, ...basis }),
    [unitId, year, trendCode, population, boundaries],
  );
  // Births by month come from the sex ratio's parts: it reads events only (no population), the cheapest series.
  const monthly = useQuery(
    () =>
      indicatorApi.series({ unitId, code: 'sexRatioAtBirth', from: year - 1, to: year, interval: 'month', ...basis }),
    [unitId, year, population, boundaries],
  );
  const pyramidDate = year >= chinaYear() ? undefined : `${year}-12-31`;
  const pyramid = useQuery(
    () => indicatorApi.pyramid({ unitId, date: pyramidDate, ...basis }),
    [unitId, pyramidDate, population, boundaries],
  );
  const shapes = useQuery(() => dashboardApi.boundaries(), [boundaryVersion]);

  const answer = figures.data;
  const unit = answer?.unit;
  const hasChildren =
    unit && (unit.level === 'county' || unit.level === 'township') && (answer?.breakdown?.length ?? 0) > 0;
  const indicatorLink = `/indicators?${new URLSearchParams({ unitId, period: String(year), ...(population === 'resident' ? { population } : {}), ...(boundaries === 'past' ? { boundaries } : {}) }).toString()}`;
  const nameOf = (f: Pick<Figure, 'nameZh' | 'nameEn'>) => (english ? f.nameEn : f.nameZh);
  const codeOptions = (answer?.figures ?? [])
    .filter((f) => CHART_CODES.includes(f.code))
    .map((f) => ({ value: f.code, label: nameOf(f) }));
  const trendName = answer?.figures.find((f) => f.code === trendCode);

  return (
    <Page
      title={t('dashboard.title')}
      subtitle={unit ? t('dashboard.subtitle', { unit: unit.name, year }) : undefined}
      data-testid="dashboard-page"
      extra={<Link to={indicatorLink}>{t('dashboard.toIndicators')}</Link>}
    >
      <Card size="small">
        <IndicatorFilters
          unitId={unitId}
          period={String(year)}
          population={population}
          boundaries={boundaries}
          yearsOnly
          onChange={set}
        />
      </Card>
      {figures.error ? (
        <QueryResult data={undefined} error={figures.error} loading={false} reload={figures.reload}>
          {() => null}
        </QueryResult>
      ) : (
        <>
          <KeyFigures figures={answer?.figures} loading={figures.loading} link={indicatorLink} />
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={14}>
              <Card
                size="small"
                title={t('dashboard.trendTitle', { years: TREND_YEARS })}
                extra={
                  <Select
                    size="small"
                    value={trendCode}
                    onChange={setTrendCode}
                    options={codeOptions}
                    style={{ width: 160 }}
                    data-testid="trend-code"
                  />
                }
              >
                {trend.data && trend.data.code === trendCode ? (
                  <EChart
                    height={280}
                    data-testid="trend-chart"
                    option={trendOption(trend.data, {
                      value: trendName ? nameOf(trendName) : trend.data.nameZh,
                      interval: t('indicators.col.interval'),
                      range: t('dashboard.range'),
                    })}
                  />
                ) : (
                  <ChartSkeleton height={280} error={trend.error} />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card
                size="small"
                title={t('dashboard.pyramidTitle', { date: pyramid.data?.date ?? '' })}
                extra={
                  pyramid.data && (
                    <Typography.Text type="secondary">
                      {t('dashboard.total', { count: pyramid.data.total })}
                    </Typography.Text>
                  )
                }
              >
                {pyramid.data ? (
                  <EChart
                    height={280}
                    data-testid="pyramid-chart"
                    option={pyramidOption(pyramid.data, { male: t('sex.1'), female: t('sex.2') })}
                  />
                ) : (
                  <ChartSkeleton height={280} error={pyramid.error} />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('dashboard.monthlyTitle', { year })}>
                {monthly.data ? (
                  <EChart
                    height={240}
                    data-testid="monthly-chart"
                    option={birthsByMonthOption(monthly.data.points, year, {
                      months: Array.from({ length: 12 }, (_, i) => t('indicators.monthLabel', { month: i + 1 })),
                      thisYear: t('indicators.yearLabel', { year }),
                      lastYear: t('indicators.yearLabel', { year: year - 1 }),
                    })}
                  />
                ) : (
                  <ChartSkeleton height={240} error={monthly.error} />
                )}
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <AlertsCard unitId={unitId} />
            </Col>
          </Row>
          {(figures.loading && !answer) || hasChildren ? (
            <Compare
              answer={answer}
              code={compareCode}
              onCode={setCompareCode}
              codeOptions={codeOptions}
              shapes={shapes.data?.features}
              schematic={shapes.data?.schematic ?? false}
            />
          ) : null}
        </>
      )}
      {can('org.manage') && <BoundariesCard onUploaded={() => setBoundaryVersion((v) => v + 1)} />}
    </Page>
  );
}

function ChartSkeleton({ height, error }: { height: number; error?: unknown }) {
  const { t } = useTranslation();
  if (error) return <Empty style={{ height }} description={t('dashboard.chartError')} />;
  return (
    <div style={{ height, paddingTop: 12 }}>
      <Skeleton active paragraph={{ rows: Math.max(3, Math.floor(height / 40)) }} title={false} />
    </div>
  );
}

/** The units below side by side (bars with interval whiskers) and, when their boundaries exist, on a map. */
function Compare({
  answer,
  code,
  onCode,
  codeOptions,
  shapes,
  schematic,
}: {
  answer: IndicatorAnswer | undefined;
  code: string;
  onCode: (code: string) => void;
  codeOptions: Array<{ value: string; label: string }>;
  shapes:
    | Array<{
        type: 'Feature';
        id: string;
        properties: { unitId: string; parentId: string | null; level: string };
        geometry: unknown;
      }>
    | undefined;
  schematic: boolean;
}) {
  const { t, i18n } = useTranslation();
  const rows: CompareRow[] = (answer?.breakdown ?? [])
    .map((b) => ({ id: b.unit.id, name: b.unit.name, figure: b.figures.find((f) => f.code === code) }))
    .filter((r): r is CompareRow => r.figure !== undefined);
  const childLevel = answer?.unit.level === 'county' ? 'township' : 'village';
  const mapName = answer ? `units-${answer.unit.id}` : '';
  const features = useMemo(
    () => (shapes ?? []).filter((f) => f.properties.parentId === answer?.unit.id),
    [shapes, answer?.unit.id],
  );
  const map = useMemo(() => ({ name: mapName, geoJson: { type: 'FeatureCollection', features } }), [features, mapName]);
  const mapReady = features.length > 0 && mapName !== '';
  const first: Figure | undefined = rows[0]?.figure;
  const labels = {
    value: (i18n.language === 'en' ? first?.nameEn : first?.nameZh) ?? '',
    interval: t('indicators.col.interval'),
    range: t('dashboard.range'),
  };
  const height = Math.max(240, rows.length * 22 + 48);
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={mapReady ? 13 : 24}>
        <Card
          size="small"
          title={t(childLevel === 'township' ? 'dashboard.compareTownships' : 'dashboard.compareVillages')}
          extra={
            <Select
              size="small"
              value={code}
              onChange={onCode}
              options={codeOptions}
              style={{ width: 160 }}
              data-testid="compare-code"
            />
          }
        >
          {answer ? (
            <EChart height={height} data-testid="compare-chart" option={compareOption(rows, labels)} />
          ) : (
            <ChartSkeleton height={320} />
          )}
        </Card>
      </Col>
      {mapReady && (
        <Col xs={24} lg={11}>
          <Card size="small" title={t('dashboard.mapTitle', { indicator: labels.value })} style={{ height: '100%' }}>
            <EChart
              height={Math.max(360, Math.min(height, 520))}
              data-testid="choropleth"
              map={map}
              option={choroplethOption(mapName, rows, {
                ...labels,
                noData: t('indicators.noValue'),
                showNames: childLevel === 'township',
              })}
            />
            {schematic && (
              <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="schematic-note">
                {t('dashboard.schematic')}
              </Typography.Text>
            )}
          </Card>
        </Col>
      )}
    </Row>
  );
}
