import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { QueryState } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { fenToYuan, type Cycle } from './cyclesApi.js';

/** The county's yearly rosters, with the county's counts and the caller's area's. */
export function CycleList({ query }: { query: QueryState<Cycle[]> }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const counts = (c: { eligible: number; toVerify: number; amountFen: number }) =>
    t('benefits.cycles.list.counts', { eligible: c.eligible, toVerify: c.toVerify, amount: fenToYuan(c.amountFen) });
  return (
    <Card title={t('benefits.cycles.list.title')} size="small">
      <Typography.Paragraph type="secondary">{t('benefits.cycles.intro')}</Typography.Paragraph>
      <QueryResult {...query}>
        {(cycles) => (
          <Table<Cycle>
            rowKey="id"
            size="small"
            dataSource={cycles}
            pagination={false}
            locale={{ emptyText: t('benefits.cycles.list.empty') }}
            data-testid="cycle-list"
            columns={[
              { title: t('benefits.cycles.list.year'), dataIndex: 'year', width: 80 },
              {
                title: t('benefits.cycles.list.program'),
                key: 'program',
                render: (_, c) => (en ? c.programNameEn : c.programName),
              },
              { title: t('benefits.cycles.list.county'), key: 'county', render: (_, c) => counts(c.counts) },
              { title: t('benefits.cycles.list.area'), key: 'area', render: (_, c) => counts(c.inArea) },
              {
                title: t('benefits.cycles.list.generatedAt'),
                key: 'at',
                render: (_, c) => formatDateTime(c.generatedAt),
              },
              {
                title: '',
                key: 'open',
                render: (_, c) => (
                  <Link to={`/benefits/cycles/${c.id}`} data-testid={`cycle-open-${c.programCode}-${c.year}`}>
                    {t('benefits.cycles.list.open')}
                  </Link>
                ),
              },
            ]}
          />
        )}
      </QueryResult>
    </Card>
  );
}
