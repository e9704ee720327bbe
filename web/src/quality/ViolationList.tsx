import { Alert as AntAlert, Card, Flex, Select, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { cached } from '../api/cache.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { qualityApi, type Violation } from './qualityApi.js';
import { yearOptions } from './qualityFormat.js';
import { SeverityTag } from './tags.js';

const PAGE_SIZE = 20;

export const useRuleCatalog = () => useQuery(() => cached('quality-rules', () => qualityApi.catalog()), []);

/** A page of violations for a filter; each row links to the report or the person. */
export function ViolationTable({
  rule,
  unitId,
  period,
  page,
  onPage,
}: {
  rule?: string;
  unitId?: string;
  period?: string;
  page: number;
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation();
  const query = useQuery(
    () => qualityApi.violations({ rule, unitId, period, page, pageSize: PAGE_SIZE }),
    [rule, unitId, period, page],
  );
  return (
    <QueryResult {...query}>
      {(data) => (
        <Table<Violation>
          rowKey={(v) => `${v.rule}:${v.personId}:${v.eventId ?? ''}`}
          size="middle"
          loading={query.loading}
          dataSource={data.items}
          locale={{ emptyText: t('quality.violations.none') }}
          data-testid="violation-table"
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data.total,
            showSizeChanger: false,
            showTotal: (count) => t('common.total', { count }),
            onChange: onPage,
          }}
          columns={[
            {
              title: t('quality.severity'),
              dataIndex: 'severity',
              width: 80,
              render: (s: Violation['severity']) => <SeverityTag severity={s} />,
            },
            { title: t('quality.rule'), dataIndex: 'ruleName', width: 190 },
            { title: t('quality.unit'), dataIndex: 'unitName', width: 110 },
            {
              title: t('quality.violations.person'),
              dataIndex: 'personName',
              width: 110,
              render: (name: string | null, v) => <Link to={v.personLink}>{name ?? v.personId.slice(0, 8)}</Link>,
            },
            {
              title: t('quality.violations.idNumber'),
              dataIndex: 'idNumberMasked',
              width: 190,
              render: (s: string | null) => s ?? '—',
            },
            {
              title: t('quality.violations.eventDate'),
              dataIndex: 'eventDate',
              width: 110,
              render: (d: string | null) => formatDate(d),
            },
            { title: t('quality.violations.problem'), dataIndex: 'message' },
            {
              title: '',
              key: 'open',
              width: 100,
              render: (_: unknown, v) => <Link to={v.link}>{t('quality.violations.openRecord')}</Link>,
            },
          ]}
        />
      )}
    </QueryResult>
  );
}

/** The violations tab: filter by rule, unit and period. */
export function ViolationList() {
  const { t, i18n } = useTranslation();
  const { params, page, update } = useListParams(PAGE_SIZE);
  const catalog = useRuleCatalog();
  const rule = params.get('rule') ?? undefined;
  const unitId = params.get('unitId') ?? undefined;
  const period = params.get('period') ?? undefined;
  const [years] = useState(() => yearOptions());
  const english = i18n.language === 'en';
  const selected = catalog.data?.rules.find((r) => r.code === rule);
  return (
    <>
      <Card>
        <Flex gap={12} wrap>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            value={rule}
            onChange={(v) => update({ rule: v })}
            placeholder={t('quality.violations.allRules')}
            options={catalog.data?.rules.map((r) => ({ value: r.code, label: english ? r.nameEn : r.nameZh }))}
            style={{ width: 260 }}
            data-testid="rule-filter"
          />
          <UnitPicker
            value={unitId}
            onChange={(v) => update({ unitId: v })}
            placeholder={t('quality.allUnits')}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            value={period}
            onChange={(v) => update({ period: v })}
            placeholder={`${t('quality.period')}：${t('common.all')}`}
            options={[
              { value: 'current', label: t('quality.current') },
              ...years.map((y) => ({ value: String(y), label: t('quality.year', { year: y }) })),
            ]}
            style={{ width: 150 }}
          />
        </Flex>
        {selected && (
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            <SeverityTag severity={selected.severity} /> {selected.descriptionZh}
          </Typography.Paragraph>
        )}
      </Card>
      <AntAlert type="info" showIcon title={t('quality.violations.audited')} />
      <Card styles={{ body: { padding: 0 } }}>
        <ViolationTable
          rule={rule}
          unitId={unitId}
          period={period}
          page={page}
          onPage={(p) => update({ page: String(p) })}
        />
      </Card>
      {catalog.data && (
        <Card size="small" title={t('quality.violations.rulesHelp')}>
          <Flex vertical gap={6}>
            {catalog.data.rules.map((r) => (
              <Tooltip key={r.code} title={r.code}>
                <Typography.Text>
                  <SeverityTag severity={r.severity} />
                  <Typography.Text strong>{english ? r.nameEn : r.nameZh}</Typography.Text>：{r.descriptionZh}
                </Typography.Text>
              </Tooltip>
            ))}
          </Flex>
        </Card>
      )}
    </>
  );
}
