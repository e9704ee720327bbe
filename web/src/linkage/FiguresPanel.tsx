import { Card, Col, Empty, Flex, Progress, Row, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { chinaYear } from '../indicators/format.js';
import { PeriodPicker } from '../indicators/PeriodPicker.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { linkageApi, type BirthCompleteness, type FeedFigures, type FeedTypeCode } from './linkageApi.js';
import { formatCount, formatRate } from './linkageFormat.js';

/** The figures tab: match and under-reporting rates per feed type and unit, and the births' capture–recapture. */
export function FiguresPanel() {
  const { t } = useTranslation();
  const { me } = useMe();
  // A village has no units below it to compare.
  const village = me.unit.level === 'village';
  const { params, update } = useListParams(20);
  // The page opens on this year (feeds are recent); `year` is what older links carry.
  const period = params.get('period') ?? params.get('year') ?? String(chinaYear());
  const unitId = params.get('unitId') ?? undefined;
  const query = useQuery(() => linkageApi.figures({ period, unitId }), [period, unitId]);

  const rateColumns: ColumnsType<FeedFigures> = [
    { title: t('linkage.figures.total'), dataIndex: 'total', width: 80, align: 'right' },
    { title: t('linkage.figures.linked'), dataIndex: 'linked', width: 90, align: 'right' },
    { title: t('linkage.figures.missing'), dataIndex: 'missing', width: 90, align: 'right' },
    { title: t('linkage.figures.contradicted'), dataIndex: 'contradicted', width: 80, align: 'right' },
    { title: t('linkage.figures.different'), dataIndex: 'different', width: 80, align: 'right' },
    { title: t('linkage.figures.unmatched'), dataIndex: 'unmatched', width: 80, align: 'right' },
    { title: t('linkage.figures.pending'), dataIndex: 'pending', width: 80, align: 'right' },
    {
      title: t('linkage.figures.matchRate'),
      dataIndex: 'matchRate',
      width: 100,
      align: 'right',
      render: (v: number | null) => <Typography.Text strong>{formatRate(v)}</Typography.Text>,
    },
    {
      title: t('linkage.figures.underReportingRate'),
      dataIndex: 'underReportingRate',
      width: 100,
      align: 'right',
      render: (v: number | null) => (
        <Typography.Text strong type={v && v > 0 ? 'danger' : undefined}>
          {formatRate(v)}
        </Typography.Text>
      ),
    },
  ];
  const feedColumn = {
    title: t('linkage.figures.feedType'),
    dataIndex: 'feedType',
    render: (f: FeedTypeCode) => t(`linkage.feedType.${f}`),
  };

  return (
    <>
      <Card>
        <Flex gap={12} wrap align="center">
          <PeriodPicker period={period} onChange={(p) => update({ period: p, year: undefined })} />
          {!village && (
            <UnitPicker
              value={unitId}
              onChange={(v) => update({ unitId: v })}
              selectable={['county', 'township']}
              placeholder={t('linkage.figures.allUnits')}
              style={{ width: 200 }}
            />
          )}
        </Flex>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          {t('linkage.figures.help')}
        </Typography.Paragraph>
      </Card>
      <QueryResult {...query}>
        {(data) => (
          <>
            <BirthsCard births={data.births} />
            <Card title={`${t('linkage.figures.byFeedType')} · ${data.unit.name}`} styles={{ body: { padding: 0 } }}>
              <Table<FeedFigures>
                rowKey="feedType"
                size="middle"
                pagination={false}
                dataSource={data.byFeedType}
                locale={{ emptyText: <Empty description={t('linkage.figures.none')} /> }}
                data-testid="figures-by-feed"
                scroll={{ x: 980 }}
                columns={[feedColumn, ...rateColumns]}
              />
            </Card>
            {!village && (
              <Card title={t('linkage.figures.byUnit')} styles={{ body: { padding: 0 } }}>
                <Table<FeedFigures>
                  rowKey={(r) => `${r.unitId}:${r.feedType}`}
                  size="middle"
                  pagination={false}
                  dataSource={data.byUnit}
                  locale={{ emptyText: <Empty description={t('linkage.figures.none')} /> }}
                  data-testid="figures-by-unit"
                  scroll={{ x: 1100 }}
                  columns={[
                    {
                      title: t('linkage.figures.unit'),
                      dataIndex: 'unitName',
                      width: 140,
                      render: (name: string, r) =>
                        r.unitId.length <= 9 ? (
                          <Typography.Link onClick={() => update({ unitId: r.unitId })}>{name}</Typography.Link>
                        ) : (
                          name
                        ),
                    },
                    feedColumn,
                    ...rateColumns,
                  ]}
                />
              </Card>
            )}
          </>
        )}
      </QueryResult>
    </>
  );
}

function BirthsCard({ births }: { births: BirthCompleteness | null }) {
  const { t } = useTranslation();
  return (
    <Card title={t('linkage.figures.births')} data-testid="figures-births">
      {births ? (
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6} lg={4}>
            <Statistic title={t('linkage.figures.registry')} value={births.registry} />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Statistic title={t('linkage.figures.hospital')} value={births.hospital} />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Statistic title={t('linkage.figures.both')} value={births.both} />
          </Col>
          <Col xs={12} md={6} lg={5}>
            <Statistic title={t('linkage.figures.estimate')} value={formatCount(births.estimate)} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('linkage.figures.interval', { low: formatCount(births.low), high: formatCount(births.high) })}
            </Typography.Text>
          </Col>
          <Col xs={24} md={12} lg={7}>
            <Statistic
              title={t('linkage.figures.completeness')}
              value={formatRate(births.completeness)}
              data-testid="figures-completeness"
            />
            <Progress percent={Math.round((births.completeness ?? 0) * 1000) / 10} showInfo={false} size="small" />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('linkage.figures.interval', {
                low: formatRate(births.completenessLow),
                high: formatRate(births.completenessHigh),
              })}
            </Typography.Text>
          </Col>
        </Row>
      ) : (
        <Empty description={t('linkage.figures.birthsNone')} />
      )}
      <Typography.Paragraph type="secondary" style={{ margin: '16px 0 0', fontSize: 12 }}>
        {t('linkage.figures.method')}
      </Typography.Paragraph>
    </Card>
  );
}
