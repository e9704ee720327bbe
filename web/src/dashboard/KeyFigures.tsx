import { Card, Col, Flex, Row, Skeleton, Statistic, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { FigureStatusTag } from '../indicators/FigureStatusTag.js';
import { formatInterval, formatRange, formatValue } from '../indicators/format.js';
import type { Figure } from '../indicators/indicatorApi.js';

/** The key figures in the order the speech reports them; the three order shares share one card. */
export const KEY_CODES = [
  'sexRatioAtBirth',
  'naturalGrowthRate',
  'crudeBirthRate',
  'crudeDeathRate',
  'totalFertilityRate',
  'birthDefectIncidence',
  'birthOrder',
  'reportTimeliness',
] as const;
const ORDER_CODES = ['birthOrder1Share', 'birthOrder2Share', 'birthOrder3PlusShare'];

function partsLine(f: Figure, t: (key: string, o?: Record<string, unknown>) => string): string {
  const p = f.parts;
  switch (f.code) {
    case 'sexRatioAtBirth':
      return t('dashboard.parts.sexRatio', {
        boys: p.birthsMale ?? f.numerator ?? 0,
        girls: p.birthsFemale ?? f.denominator ?? 0,
      });
    case 'naturalGrowthRate':
      return t('dashboard.parts.growth', { births: p.births ?? 0, deaths: p.deaths ?? 0 });
    case 'crudeBirthRate':
    case 'crudeDeathRate':
      return t('dashboard.parts.population', { start: p.populationStart ?? 0, end: p.populationEnd ?? 0 });
    case 'totalFertilityRate':
      return t('dashboard.parts.womenYears', { years: Math.round(f.denominator ?? 0) });
    default:
      return t('dashboard.parts.ofTotal', { n: f.numerator ?? 0, d: f.denominator ?? 0 });
  }
}

/**
 * One card per key figure: the value against its normal range with the 95% interval and the
 * counts behind it; a click opens the indicator page on the same unit and period.
 */
export function KeyFigures({
  figures,
  loading,
  link,
}: {
  figures: Figure[] | undefined;
  loading: boolean;
  link: string;
}) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const byCode = new Map((figures ?? []).map((f) => [f.code, f]));
  return (
    <Row gutter={[12, 12]} data-testid="key-figures">
      {KEY_CODES.map((code) => {
        const f = code === 'birthOrder' ? undefined : byCode.get(code);
        const orders =
          code === 'birthOrder' ? ORDER_CODES.map((c) => byCode.get(c)).filter((x): x is Figure => !!x) : [];
        return (
          <Col key={code} xs={24} sm={12} lg={6}>
            <Card size="small" style={{ height: '100%' }} data-testid={`card-${code}`}>
              {loading && !figures ? (
                <Skeleton active paragraph={{ rows: 2 }} title={false} />
              ) : code === 'birthOrder' ? (
                <Flex vertical gap={4}>
                  <Typography.Text type="secondary">{t('dashboard.orderShares')}</Typography.Text>
                  <Flex gap={16}>
                    {orders.map((o, i) => (
                      <Tooltip
                        key={o.code}
                        title={`${t('indicators.col.interval')} ${formatInterval(o)} · ${o.numerator ?? 0}/${o.denominator ?? 0}`}
                      >
                        <Statistic
                          title={t(`dashboard.order${i + 1}` as 'dashboard.order1')}
                          value={formatValue(o.value, o)}
                          styles={{ content: { fontSize: 20 } }}
                        />
                      </Tooltip>
                    ))}
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('dashboard.parts.orderKnown', { n: orders[0]?.denominator ?? 0 })}
                  </Typography.Text>
                </Flex>
              ) : f ? (
                <Link to={link} style={{ color: 'inherit' }}>
                  <Flex vertical gap={2}>
                    <Flex justify="space-between" align="center">
                      <Typography.Text type="secondary">{english ? f.nameEn : f.nameZh}</Typography.Text>
                      {f.normalRange && <FigureStatusTag figure={f} />}
                    </Flex>
                    <Typography.Text
                      strong
                      style={{ fontSize: 26, lineHeight: '34px' }}
                      data-testid={`card-value-${code}`}
                    >
                      {formatValue(f.value, f)}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('dashboard.interval', { interval: formatInterval(f) })}
                      {f.normalRange
                        ? ` · ${t('dashboard.normalRange', { range: formatRange(f.normalRange, f) })}`
                        : ''}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {partsLine(f, t as never)}
                    </Typography.Text>
                  </Flex>
                </Link>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              )}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
