import { Button, Card, Flex, Segmented, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery.js';
import { formatDate, todayIso } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { FollowupDrawer } from './FollowupDrawer.js';
import { HEALTH_KINDS, type FollowupListItem, type FollowupSummary, healthApi } from './healthApi.js';
import { DueStatusTag, PersonCell } from './HealthTags.js';

const PAGE_SIZE = 20;

/**
 * What is due: the counts per unit below the chosen one (due soon and overdue stand out), then
 * the list of follow-ups with its filters; a row opens the follow-up in a drawer, where contacts
 * are recorded until it is closed. Villages and townships land here.
 */
export function FollowupsPanel() {
  const { t } = useTranslation();
  const { params, page, update, oneOf, pagination } = useListParams(PAGE_SIZE);
  const unitId = params.get('unitId') ?? undefined;
  const status = oneOf('status', ['open', 'closed'] as const) ?? 'open';
  const due = oneOf('due', ['overdue', 'soon', 'all'] as const) ?? 'all';
  const kind = oneOf('kind', HEALTH_KINDS);
  const openId = params.get('followup') ?? undefined;

  const summary = useQuery(() => healthApi.summary(unitId), [unitId]);
  const list = useQuery(
    () =>
      healthApi.followups({ unitId, status, due: status === 'open' ? due : 'all', kind, page, pageSize: PAGE_SIZE }),
    [unitId, status, due, kind, page],
  );
  const today = summary.data?.today ?? todayIso();
  const open = (id: string | undefined) => update({ followup: id, page: String(page) });

  return (
    <>
      <Card size="small" title={t('health.followups.summaryTitle')} data-testid="followup-summary">
        <QueryResult {...summary}>
          {(s) => <SummaryTable summary={s} onUnit={(id) => update({ unitId: id })} />}
        </QueryResult>
      </Card>
      <Card size="small" title={t('health.followups.listTitle')}>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <UnitPicker
            value={unitId}
            onChange={(v) => update({ unitId: v })}
            placeholder={t('health.filters.unit')}
            data-testid="followup-filter-unit"
          />
          <Segmented
            value={status}
            onChange={(v) => update({ status: v === 'open' ? undefined : v, due: undefined })}
            options={[
              {
                value: 'open',
                label: <span data-testid="followup-status-open">{t('health.followups.statusOpen')}</span>,
              },
              {
                value: 'closed',
                label: <span data-testid="followup-status-closed">{t('health.followups.statusClosed')}</span>,
              },
            ]}
            data-testid="followup-filter-status"
          />
          {status === 'open' && (
            <Segmented
              value={due}
              onChange={(v) => update({ due: v === 'all' ? undefined : v })}
              options={[
                { value: 'all', label: <span data-testid="followup-due-all">{t('health.followups.dueAll')}</span> },
                {
                  value: 'overdue',
                  label: <span data-testid="followup-due-overdue">{t('health.followups.dueOverdue')}</span>,
                },
                { value: 'soon', label: <span data-testid="followup-due-soon">{t('health.followups.dueSoon')}</span> },
              ]}
              data-testid="followup-filter-due"
            />
          )}
          <Select
            allowClear
            value={kind}
            onChange={(v: string | undefined) => update({ kind: v })}
            placeholder={t('health.filters.kind')}
            options={HEALTH_KINDS.map((k) => ({ value: k, label: t(`health.kinds.${k}`) }))}
            style={{ minWidth: 180 }}
            data-testid="followup-filter-kind"
          />
        </Flex>
        <QueryResult {...list}>
          {(data) => (
            <Table<FollowupListItem>
              rowKey="id"
              size="small"
              dataSource={data.items}
              pagination={pagination(data.total)}
              data-testid="followup-list"
              locale={{ emptyText: t('health.followups.empty') }}
              onRow={(f) =>
                ({ 'data-testid': 'followup-row', 'data-followup-id': f.id }) as React.HTMLAttributes<HTMLElement>
              }
              columns={[
                {
                  title: t('health.followups.person'),
                  key: 'person',
                  render: (_, f) => <PersonCell person={f.person} />,
                },
                {
                  title: t('health.followups.village'),
                  key: 'village',
                  render: (_, f) => (
                    <>
                      {f.unitName}
                      {f.townshipName && (
                        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                          {f.townshipName}
                        </Typography.Text>
                      )}
                    </>
                  ),
                },
                { title: t('health.followups.kind'), key: 'kind', render: (_, f) => t(`health.kinds.${f.kind}`) },
                { title: t('health.followups.openedOn'), key: 'opened', render: (_, f) => formatDate(f.openedOn) },
                {
                  title: t('health.followups.dueOn'),
                  key: 'due',
                  render: (_, f) => (
                    <Flex gap={6} align="center" wrap>
                      {formatDate(f.dueOn)}
                      <DueStatusTag followup={f} today={today} />
                      {f.outcome && <Tag>{t(`health.outcomes.${f.outcome}`)}</Tag>}
                    </Flex>
                  ),
                },
                {
                  title: t('health.followups.lastContactOn'),
                  key: 'last',
                  render: (_, f) => (
                    <>
                      {formatDate(f.lastContactOn)}
                      {f.contactCount > 0 && (
                        <Typography.Text type="secondary">
                          {' '}
                          ({t('health.followups.contactCount')} {f.contactCount})
                        </Typography.Text>
                      )}
                    </>
                  ),
                },
                {
                  title: '',
                  key: 'open',
                  render: (_, f) => (
                    <Button
                      size="small"
                      type={f.status === 'open' ? 'primary' : 'default'}
                      onClick={() => open(f.id)}
                      data-testid={`followup-open-${f.id}`}
                    >
                      {f.status === 'open' ? t('health.followups.act') : t('common.open')}
                    </Button>
                  ),
                },
              ]}
            />
          )}
        </QueryResult>
      </Card>
      <FollowupDrawer
        id={openId}
        today={today}
        onClose={() => open(undefined)}
        onChanged={() => {
          void list.reload();
          void summary.reload();
        }}
      />
    </>
  );
}

/** The counts per unit: a unit's name narrows the list to it. */
export function SummaryTable({ summary, onUnit }: { summary: FollowupSummary; onUnit: (unitId: string) => void }) {
  const { t } = useTranslation();
  const count = (n: number, color: string, testId: string) =>
    n > 0 ? (
      <Tag color={color} data-testid={testId}>
        {n}
      </Tag>
    ) : (
      <Typography.Text type="secondary">0</Typography.Text>
    );
  return (
    <Table
      rowKey="unitId"
      size="small"
      pagination={false}
      dataSource={summary.rows}
      scroll={{ y: 320 }}
      onRow={(r) => ({ 'data-testid': `summary-row-${r.unitId}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('health.followups.unit'),
          key: 'unit',
          render: (_, r) =>
            r.unitId === summary.unitId ? (
              r.unitName
            ) : (
              <Typography.Link onClick={() => onUnit(r.unitId)}>{r.unitName}</Typography.Link>
            ),
        },
        { title: t('health.followups.open'), dataIndex: 'open', align: 'right' },
        {
          title: t('health.followups.dueSoon'),
          key: 'soon',
          align: 'right',
          render: (_, r) => count(r.dueSoon, 'orange', 'summary-soon'),
        },
        {
          title: t('health.followups.overdue'),
          key: 'overdue',
          align: 'right',
          render: (_, r) => count(r.overdue, 'red', 'summary-overdue'),
        },
        { title: t('health.followups.closedThisYear'), dataIndex: 'closedThisYear', align: 'right' },
      ]}
      summary={() => (
        <Table.Summary fixed>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>
                {t('health.followups.total')} · {summary.unitName}
              </Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Typography.Text strong>{summary.total.open}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {count(summary.total.dueSoon, 'orange', 'summary-total-soon')}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              {count(summary.total.overdue, 'red', 'summary-total-overdue')}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              {summary.total.closedThisYear}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}
