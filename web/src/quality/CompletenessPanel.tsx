import { Alert as AntAlert, Card, Flex, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { qualityApi, type CompletenessRow } from './qualityApi.js';
import { defaultYear, formatNumber, formatP, formatPercent, yearOptions } from './qualityFormat.js';

type Row = CompletenessRow & { children?: Row[] };

/** Townships with their villages as an expandable tree (a village user sees her one row). */
export function completenessTree(rows: CompletenessRow[]): Row[] {
  const villages = rows.filter((r) => r.level === 'village');
  const townships = rows.filter((r) => r.level === 'township');
  if (!townships.length) return villages;
  return townships.map((t) => ({ ...t, children: villages.filter((v) => v.parentId === t.unitId) }));
}

/** The completeness tab: reporting per township and village for a year. */
export function CompletenessPanel() {
  const { t } = useTranslation();
  const { params, update } = useListParams(20);
  const [years] = useState(() => yearOptions());
  const year = Number(params.get('year')) || defaultYear();
  const unitId = params.get('unitId') ?? undefined;
  const query = useQuery(() => qualityApi.completeness({ unitId, year }), [unitId, year]);
  const tree = useMemo(() => (query.data ? completenessTree(query.data.rows) : []), [query.data]);

  return (
    <>
      <Card>
        <Flex gap={12} wrap align="center">
          <Select
            value={year}
            onChange={(v) => update({ year: String(v) })}
            options={years.map((y) => ({ value: y, label: t('quality.year', { year: y }) }))}
            style={{ width: 120 }}
            data-testid="completeness-year"
          />
          <UnitPicker
            value={unitId}
            onChange={(v) => update({ unitId: v })}
            selectable={['county', 'township']}
            placeholder={t('quality.allUnits')}
            style={{ width: 200 }}
          />
        </Flex>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          {t('quality.completeness.help')}
        </Typography.Paragraph>
      </Card>
      <QueryResult {...query}>
        {(data) => (
          <>
            {data.running && (
              <AntAlert type="warning" showIcon title={t('quality.funnel.running', { year: data.year })} />
            )}
            <Card styles={{ body: { padding: 0 } }}>
              <Table<Row>
                size="small"
                rowKey="unitId"
                dataSource={tree}
                pagination={false}
                scroll={{ x: 1100 }}
                expandable={{ defaultExpandedRowKeys: tree.length === 1 ? [tree[0]!.unitId] : [] }}
                data-testid="completeness-table"
                summary={() => (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <Typography.Text strong>{data.county.unitName}</Typography.Text>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1}>{data.county.submitted}</Table.Summary.Cell>
                    <Table.Summary.Cell index={2}>{data.county.confirmed}</Table.Summary.Cell>
                    <Table.Summary.Cell index={3}>{formatPercent(data.county.timelyShare)}</Table.Summary.Cell>
                    <Table.Summary.Cell index={4}>{data.county.pending}</Table.Summary.Cell>
                    <Table.Summary.Cell index={5}>{data.county.pendingOldestDays ?? '—'}</Table.Summary.Cell>
                    <Table.Summary.Cell index={6}>{data.county.returnedNow}</Table.Summary.Cell>
                    <Table.Summary.Cell index={7}>{data.county.everReturned}</Table.Summary.Cell>
                    <Table.Summary.Cell index={8}>{data.county.population}</Table.Summary.Cell>
                    <Table.Summary.Cell index={9}>{data.county.births}</Table.Summary.Cell>
                    <Table.Summary.Cell index={10}>{formatNumber(data.county.expectedBirths)}</Table.Summary.Cell>
                    <Table.Summary.Cell index={11} />
                  </Table.Summary.Row>
                )}
                columns={[
                  { title: t('quality.unit'), dataIndex: 'unitName', fixed: 'left', width: 170 },
                  { title: t('quality.completeness.submitted'), dataIndex: 'submitted', width: 80 },
                  { title: t('quality.completeness.confirmed'), dataIndex: 'confirmed', width: 80 },
                  {
                    title: t('quality.completeness.timely'),
                    dataIndex: 'timelyShare',
                    width: 100,
                    render: (v: number | null) => formatPercent(v),
                  },
                  { title: t('quality.completeness.pending'), dataIndex: 'pending', width: 80 },
                  {
                    title: t('quality.completeness.oldest'),
                    dataIndex: 'pendingOldestDays',
                    width: 110,
                    render: (v: number | null) => (v === null ? '—' : v > 30 ? <Tag color="orange">{v}</Tag> : v),
                  },
                  { title: t('quality.completeness.returnedNow'), dataIndex: 'returnedNow', width: 90 },
                  { title: t('quality.completeness.everReturned'), dataIndex: 'everReturned', width: 90 },
                  { title: t('quality.completeness.population'), dataIndex: 'population', width: 90 },
                  { title: t('quality.completeness.births'), dataIndex: 'births', width: 80 },
                  {
                    title: t('quality.completeness.expected'),
                    dataIndex: 'expectedBirths',
                    width: 90,
                    render: (v: number) => formatNumber(v),
                  },
                  {
                    title: t('quality.completeness.pNone'),
                    dataIndex: 'pNone',
                    width: 170,
                    render: (p: number | null, r) =>
                      r.silent ? (
                        <Tag color="red">{`${t('quality.completeness.silent')} ${formatP(p)}`}</Tag>
                      ) : (
                        formatP(p)
                      ),
                  },
                ]}
              />
            </Card>
          </>
        )}
      </QueryResult>
    </>
  );
}
