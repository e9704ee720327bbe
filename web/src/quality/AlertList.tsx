import { Card, Flex, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import {
  ALERT_KINDS,
  ALERT_STATUSES,
  qualityApi,
  SEVERITIES,
  type Alert,
  type AlertStatus,
  type Summary,
} from './qualityApi.js';
import { AlertStatusTag, SeverityTag } from './tags.js';

const PAGE_SIZE = 20;

/** The alerts of the caller's area (or a unit in it): open ones by default, high first. */
export function AlertList({ summary }: { summary: Summary | undefined }) {
  const { t } = useTranslation();
  const { params, page, update, oneOf, pagination } = useListParams(PAGE_SIZE);
  const unitId = params.get('unitId') ?? undefined;
  const statusParam = params.get('status');
  // No status in the address: the open ones; "all" shows every status.
  const status: AlertStatus | undefined =
    statusParam === 'all' ? undefined : (oneOf('status', ALERT_STATUSES) ?? 'open');
  const severity = oneOf('severity', SEVERITIES);
  const kind = oneOf('kind', ALERT_KINDS);
  const query = useQuery(
    () => qualityApi.alerts({ unitId, status, severity, kind, page, pageSize: PAGE_SIZE }),
    [unitId, status, severity, kind, page],
  );

  const open = summary?.counts.filter((c) => c.status === 'open') ?? [];
  const openCount = open.reduce((s, c) => s + c.n, 0);
  const openHigh = open.find((c) => c.severity === 'high')?.n ?? 0;

  return (
    <>
      <Card>
        <Flex gap={12} wrap align="center">
          <UnitPicker
            value={unitId}
            onChange={(v) => update({ unitId: v })}
            placeholder={t('quality.allUnits')}
            style={{ width: 220 }}
          />
          <Select<string>
            value={statusParam === 'all' ? 'all' : status}
            onChange={(v) => update({ status: v })}
            options={[
              { value: 'all', label: t('quality.allStatuses') },
              ...ALERT_STATUSES.map((s) => ({ value: s, label: t(`quality.statusName.${s}`) })),
            ]}
            style={{ width: 140 }}
            data-testid="alert-status-filter"
          />
          <Select
            allowClear
            value={severity}
            onChange={(v) => update({ severity: v })}
            placeholder={`${t('quality.severity')}：${t('common.all')}`}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`quality.severityName.${s}`) }))}
            style={{ width: 140 }}
          />
          <Select
            allowClear
            value={kind}
            onChange={(v) => update({ kind: v })}
            placeholder={`${t('quality.kind')}：${t('common.all')}`}
            options={ALERT_KINDS.map((k) => ({ value: k, label: t(`quality.kindName.${k}`) }))}
            style={{ width: 160 }}
          />
          <div style={{ flex: 1 }} />
          {summary && (
            <Flex gap={4}>
              <Tag color="volcano">{t('quality.open', { count: openCount })}</Tag>
              {openHigh > 0 && <Tag color="red">{t('quality.openHigh', { count: openHigh })}</Tag>}
            </Flex>
          )}
        </Flex>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <QueryResult {...query}>
          {(data) => (
            <Table<Alert>
              rowKey="id"
              size="middle"
              loading={query.loading}
              dataSource={data.items}
              pagination={pagination(data.total)}
              locale={{ emptyText: t('quality.noAlerts') }}
              data-testid="alert-table"
              columns={[
                {
                  title: t('quality.severity'),
                  dataIndex: 'severity',
                  width: 90,
                  render: (s: Alert['severity']) => <SeverityTag severity={s} />,
                },
                {
                  title: t('quality.alertTitle'),
                  dataIndex: 'title',
                  render: (_: string, a) => (
                    <Flex vertical gap={2}>
                      <Link to={`/quality/alerts/${a.id}`}>{a.title}</Link>
                      <Typography.Text
                        type="secondary"
                        ellipsis={{ tooltip: a.message }}
                        style={{ maxWidth: 560, fontSize: 12 }}
                      >
                        {a.message}
                      </Typography.Text>
                    </Flex>
                  ),
                },
                { title: t('quality.unit'), dataIndex: 'unitName', width: 120 },
                {
                  title: t('quality.period'),
                  dataIndex: 'period',
                  width: 100,
                  render: (p: string) => (p === 'current' ? t('quality.current') : t('quality.year', { year: p })),
                },
                {
                  title: t('quality.kind'),
                  dataIndex: 'kind',
                  width: 110,
                  render: (k: Alert['kind']) => t(`quality.kindName.${k}`),
                },
                {
                  title: t('quality.status'),
                  dataIndex: 'status',
                  width: 90,
                  render: (s: Alert['status']) => <AlertStatusTag status={s} />,
                },
                {
                  title: t('quality.detectedAt'),
                  dataIndex: 'detectedAt',
                  width: 150,
                  render: (d: string) => formatDateTime(d),
                },
              ]}
            />
          )}
        </QueryResult>
      </Card>
    </>
  );
}
