import { Alert as AntAlert, Card, Empty, Flex, Segmented, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { FunnelChart } from './FunnelChart.js';
import { qualityApi, type FunnelPoint } from './qualityApi.js';
import { defaultYear, formatNumber, formatP, formatPercent, yearOptions } from './qualityFormat.js';

/** The funnel tab: villages or townships against the county, for one year and measure. */
export function FunnelPanel() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me } = useMe();
  // A village worker compares her village with the county; there is no township below her.
  const villageUser = me.unit.level === 'village';
  const { params, update, oneOf } = useListParams(20);
  const [years] = useState(() => yearOptions());
  const year = Number(params.get('year')) || defaultYear();
  const measure = oneOf('measure', ['sexRatio', 'birthRate'] as const) ?? 'sexRatio';
  const level = villageUser ? 'village' : (oneOf('level', ['village', 'township'] as const) ?? 'village');
  const unitId = params.get('unitId') ?? undefined;
  const query = useQuery(() => qualityApi.funnel({ unitId, year, measure, level }), [unitId, year, measure, level]);
  const share = measure === 'sexRatio';
  const fmt = (v: number | null | undefined) => (share ? formatPercent(v) : `${formatNumber(v, 2)}‰`);
  const pickUnit = (p: FunnelPoint) => navigate(`/quality/alerts?unitId=${p.unitId}&status=all`);

  return (
    <>
      <Card>
        <Flex gap={12} wrap align="center">
          <Select
            value={year}
            onChange={(v) => update({ year: String(v) })}
            options={years.map((y) => ({ value: y, label: t('quality.year', { year: y }) }))}
            style={{ width: 120 }}
            data-testid="funnel-year"
          />
          <Segmented
            value={measure}
            onChange={(v) => update({ measure: v })}
            options={[
              { value: 'sexRatio', label: t('quality.funnel.sexRatio') },
              { value: 'birthRate', label: t('quality.funnel.birthRate') },
            ]}
          />
          {!villageUser && (
            <>
              <Segmented
                value={level}
                onChange={(v) => update({ level: v })}
                options={[
                  { value: 'village', label: t('quality.funnel.village') },
                  { value: 'township', label: t('quality.funnel.township') },
                ]}
              />
              <UnitPicker
                value={unitId}
                onChange={(v) => update({ unitId: v })}
                selectable={['county', 'township']}
                placeholder={t('quality.allUnits')}
                style={{ width: 200 }}
              />
            </>
          )}
        </Flex>
      </Card>
      <QueryResult {...query}>
        {(f) => {
          const outside = f.points.filter((p) => p.position !== 'inside').sort((a, b) => a.p - b.p);
          return (
            <>
              {f.running && <AntAlert type="warning" showIcon title={t('quality.funnel.running', { year: f.year })} />}
              <Card
                size="small"
                extra={<Typography.Text type="secondary">{t('quality.funnel.clickHint')}</Typography.Text>}
              >
                {f.points.length ? (
                  <FunnelChart funnel={f} onPick={pickUnit} />
                ) : (
                  <Empty description={t('quality.funnel.noData')} />
                )}
              </Card>
              <Card size="small" title={t('quality.funnel.outside')} styles={{ body: { padding: 0 } }}>
                <Table<FunnelPoint>
                  size="small"
                  rowKey="unitId"
                  dataSource={outside}
                  pagination={false}
                  locale={{ emptyText: t('quality.funnel.noneOutside') }}
                  onRow={(p) => ({ onClick: () => pickUnit(p), style: { cursor: 'pointer' } })}
                  data-testid="funnel-outside"
                  columns={[
                    { title: t('quality.unit'), dataIndex: 'unitName' },
                    {
                      title: share ? t('quality.funnel.xBirths') : t('quality.funnel.xPopulation'),
                      dataIndex: 'x',
                      render: (x: number) => formatNumber(x, 0),
                    },
                    { title: t('quality.detail.observed'), dataIndex: 'observed' },
                    {
                      title: t('quality.detail.expected'),
                      dataIndex: 'expected',
                      render: (v: number) => formatNumber(v),
                    },
                    { title: t('quality.detail.value'), dataIndex: 'value', render: fmt },
                    {
                      title: t('quality.detail.limits998'),
                      key: 'l998',
                      render: (_: unknown, p) => `${fmt(p.limits998.lower)} – ${fmt(p.limits998.upper)}`,
                    },
                    { title: t('quality.detail.z'), dataIndex: 'z', render: (z: number | null) => formatNumber(z, 2) },
                    { title: t('quality.detail.p'), dataIndex: 'p', render: (p: number) => formatP(p) },
                    {
                      title: '',
                      dataIndex: 'position',
                      render: (pos: FunnelPoint['position']) => t(`quality.funnel.${pos}`),
                    },
                  ]}
                />
              </Card>
            </>
          );
        }}
      </QueryResult>
    </>
  );
}
