import { Button, Card, Flex, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import {
  FEED_TYPES,
  FINDING_KINDS,
  linkageApi,
  TASK_FILTERS,
  type Difference,
  type Finding,
  type FindingKind,
  type TaskFilter,
} from './linkageApi.js';
import { FindingSummary } from './FindingSummary.js';
import { KIND_COLOR } from './linkageFormat.js';
import { LinkageRunPanel } from './LinkageRunPanel.js';
import { ResolveModal } from './ResolveModal.js';

const PAGE_SIZE = 20;

/**
 * The tasks tab: findings of the caller's area. Opens on the open tasks; a village worker resolves
 * hers here (reported, with the report; or the feed is wrong, with the reason).
 */
export function TaskList() {
  const { t } = useTranslation();
  const { can } = useMe();
  const { params, page, update, oneOf, pagination } = useListParams(PAGE_SIZE);
  const task: TaskFilter = oneOf('task', TASK_FILTERS) ?? 'open';
  const kind = oneOf('kind', FINDING_KINDS);
  const feedType = oneOf('feedType', FEED_TYPES);
  const batchId = params.get('batchId') ?? undefined;
  const [refresh, setRefresh] = useState(0);
  const [resolving, setResolving] = useState<Finding>();
  const query = useQuery(
    () => linkageApi.findings({ task, kind, feedType, batchId, page, pageSize: PAGE_SIZE }),
    [task, kind, feedType, batchId, page, refresh],
  );
  const mayResolve = can('report.create') || can('report.review') || can('report.confirm');

  return (
    <>
      {/* One batch's findings: its run, and linking it again, for those who manage feeds. */}
      {batchId && <LinkageRunPanel batchId={batchId} onRun={() => setRefresh((n) => n + 1)} />}
      <Card>
        <Flex gap={12} wrap align="center">
          <Select<TaskFilter>
            value={task}
            onChange={(v) => update({ task: v === 'open' ? undefined : v })}
            options={TASK_FILTERS.map((f) => ({ value: f, label: t(`linkage.taskFilter.${f}`) }))}
            style={{ width: 140 }}
            data-testid="task-filter"
          />
          <Select
            allowClear
            value={kind}
            onChange={(v) => update({ kind: v })}
            placeholder={t('linkage.tasks.allKinds')}
            options={FINDING_KINDS.map((k) => ({ value: k, label: t(`linkage.kind.${k}`) }))}
            style={{ width: 150 }}
            data-testid="kind-filter"
          />
          <Select
            allowClear
            value={feedType}
            onChange={(v) => update({ feedType: v })}
            placeholder={t('linkage.tasks.allFeeds')}
            options={FEED_TYPES.map((f) => ({ value: f, label: t(`linkage.feedType.${f}`) }))}
            style={{ width: 220 }}
            data-testid="feed-filter"
          />
          {batchId && (
            <Tag closable onClose={() => update({ batchId: undefined })} color="geekblue">
              {t('linkage.tasks.batch')}
            </Tag>
          )}
        </Flex>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <QueryResult {...query}>
          {(data) => (
            <Table<Finding>
              rowKey="id"
              size="middle"
              loading={query.loading}
              dataSource={data.items}
              pagination={pagination(data.total)}
              locale={{ emptyText: t('linkage.tasks.none') }}
              data-testid="finding-table"
              onRow={(f) =>
                ({
                  'data-testid': `finding-${f.kind}`,
                  style: f.overdue ? { background: '#fff1f0' } : undefined,
                }) as object
              }
              columns={[
                {
                  title: t('linkage.tasks.kind'),
                  dataIndex: 'kind',
                  width: 110,
                  render: (k: FindingKind) => <Tag color={KIND_COLOR[k]}>{t(`linkage.kind.${k}`)}</Tag>,
                },
                {
                  title: t('linkage.tasks.summary'),
                  dataIndex: 'summary',
                  render: (_: string, f) => (
                    <Flex vertical gap={4}>
                      <FindingSummary finding={f} />
                      {f.differences.length > 0 && <Differences items={f.differences} />}
                      {f.personId && (
                        <Link to={`/persons/${f.personId}`} style={{ fontSize: 12 }}>
                          {t('linkage.tasks.person')}
                        </Link>
                      )}
                    </Flex>
                  ),
                },
                {
                  title: t('linkage.tasks.source'),
                  dataIndex: 'feedType',
                  width: 170,
                  render: (_: string, f) => (
                    <Flex vertical gap={2}>
                      <span>{t(`linkage.feedType.${f.feedType}`)}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('linkage.feedRow', { type: t(`linkage.recordType.${f.recordType}`), row: f.rowNumber })}
                      </Typography.Text>
                    </Flex>
                  ),
                },
                {
                  title: t('linkage.tasks.eventDate'),
                  dataIndex: 'eventDate',
                  width: 110,
                  render: (d: string) => formatDate(d),
                },
                {
                  title: t('linkage.tasks.unit'),
                  dataIndex: 'unitName',
                  width: 120,
                  render: (n: string | null) => n ?? '—',
                },
                {
                  title: t('linkage.tasks.task'),
                  dataIndex: 'taskStatus',
                  width: 200,
                  render: (_: string, f) => (
                    <TaskCell finding={f} mayResolve={mayResolve} onResolve={() => setResolving(f)} />
                  ),
                },
              ]}
            />
          )}
        </QueryResult>
      </Card>
      {resolving && (
        <ResolveModal
          finding={resolving}
          onClose={() => setResolving(undefined)}
          onResolved={() => {
            setResolving(undefined);
            setRefresh((n) => n + 1);
          }}
        />
      )}
    </>
  );
}

function Differences({ items }: { items: Difference[] }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const show = (v: string | number | null) => (v === null || v === '' ? t('linkage.tasks.empty') : String(v));
  return (
    <Flex vertical gap={2} data-testid="finding-differences">
      {items.map((d) => (
        <Typography.Text key={d.field} style={{ fontSize: 12 }}>
          <Typography.Text strong style={{ fontSize: 12 }}>
            {en ? t(`linkage.field.${d.field}`, { defaultValue: d.field }) : d.label}
          </Typography.Text>
          {'  '}
          <Typography.Text type="danger" style={{ fontSize: 12 }}>
            {t('linkage.tasks.feedValue', { value: show(d.feed) })}
          </Typography.Text>
          {' · '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('linkage.tasks.registryValue', { value: show(d.registry) })}
          </Typography.Text>
        </Typography.Text>
      ))}
    </Flex>
  );
}

function TaskCell({
  finding: f,
  mayResolve,
  onResolve,
}: {
  finding: Finding;
  mayResolve: boolean;
  onResolve: () => void;
}) {
  const { t } = useTranslation();
  if (!f.taskStatus) return <Typography.Text type="secondary">—</Typography.Text>;
  if (f.taskStatus === 'open') {
    return (
      <Flex vertical gap={4} align="start">
        {f.overdue ? (
          <Tag color="red" data-testid="task-overdue">
            {t('linkage.tasks.overdue', { date: formatDate(f.dueOn) })}
          </Tag>
        ) : (
          <Tag color="gold">{t('linkage.tasks.due', { date: formatDate(f.dueOn) })}</Tag>
        )}
        {mayResolve && (
          <Button size="small" type="primary" onClick={onResolve} data-testid="task-resolve">
            {t('linkage.tasks.resolve')}
          </Button>
        )}
      </Flex>
    );
  }
  return (
    <Flex vertical gap={2} data-testid="task-resolved">
      <Tag
        color={f.taskStatus === 'closed' ? 'default' : f.taskStatus === 'reported' ? 'green' : 'purple'}
        style={{ width: 'fit-content' }}
      >
        {t(`linkage.taskStatus.${f.taskStatus}`)}
      </Tag>
      {f.resolvedAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('linkage.tasks.resolvedAt', { at: formatDateTime(f.resolvedAt) })}
        </Typography.Text>
      )}
      {f.resolutionNote && (
        <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: f.resolutionNote }}>
          {f.resolutionNote}
        </Typography.Text>
      )}
      {f.reportId && (
        <Link to={`/reports/${f.reportId}`} style={{ fontSize: 12 }}>
          {t('linkage.tasks.report')}
        </Link>
      )}
    </Flex>
  );
}
