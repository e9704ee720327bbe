import { Card, DatePicker, Flex, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime, fromIsoDate, toIsoDate } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { careApi, type Visit } from './careApi.js';

/** 走访记录: the visits of the caller's units (or one unit) in a period, newest first. */
export function VisitsPanel() {
  const { t } = useTranslation();
  const { params, update } = useListParams(500);
  // By default the last twelve months.
  const from = params.get('from') ?? dayjs().subtract(1, 'year').format('YYYY-MM-DD');
  const to = params.get('to') ?? undefined;
  const unitId = params.get('unitId') ?? undefined;
  const visits = useQuery(() => careApi.visits({ unitId, from, to, limit: 2000 }), [unitId, from, to]);
  const columns: ColumnsType<Visit> = [
    { title: t('care.columns.visitedOn'), dataIndex: 'visitedOn', width: 110 },
    { title: t('care.columns.name'), dataIndex: 'name' },
    { title: t('care.columns.unit'), dataIndex: 'unitName' },
    {
      title: t('care.columns.category'),
      dataIndex: 'category',
      render: (c: Visit['category']) => <Tag>{t(`care.category.${c}`)}</Tag>,
    },
    { title: t('care.columns.visitors'), dataIndex: 'visitors' },
    { title: t('care.columns.needs'), dataIndex: 'needs' },
    { title: t('care.columns.notes'), dataIndex: 'notes', render: (v: string | null) => v ?? '' },
    {
      title: t('care.columns.recordedBy'),
      dataIndex: 'recordedByName',
      render: (v: string | null, r) => `${v ?? '—'} ${formatDateTime(r.recordedAt)}`,
    },
  ];
  return (
    <Card>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap align="center">
          <UnitPicker
            value={unitId}
            onChange={(v) => update({ unitId: v })}
            deepest="village"
            allowClear
            placeholder={t('care.filters.unit')}
            style={{ width: 220 }}
          />
          <DatePicker
            value={fromIsoDate(from)}
            onChange={(d) => update({ from: toIsoDate(d) })}
            placeholder={t('care.filters.from')}
          />
          <DatePicker
            value={fromIsoDate(to)}
            onChange={(d) => update({ to: toIsoDate(d) })}
            placeholder={t('care.filters.to')}
          />
        </Flex>
        <QueryResult {...visits}>
          {(rows) => (
            <>
              <Typography.Text type="secondary">{t('care.visits.count', { n: rows.length })}</Typography.Text>
              <Table<Visit>
                rowKey="id"
                size="small"
                columns={columns}
                dataSource={rows}
                pagination={{ pageSize: 50, showSizeChanger: false }}
                locale={{ emptyText: t('care.visits.empty') }}
                data-testid="care-visits"
              />
            </>
          )}
        </QueryResult>
      </Flex>
    </Card>
  );
}
