import { NodeIndexOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Flex, Popconfirm, Row, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { FINDING_KINDS, linkageApi, type FindingKind } from './linkageApi.js';
import { KIND_COLOR } from './linkageFormat.js';

/** Findings of a batch per kind, and its open and resolved tasks: totals of the findings list. */
async function batchCounts(batchId: string) {
  const total = async (q: Parameters<typeof linkageApi.findings>[0]) =>
    (await linkageApi.findings({ ...q, batchId, task: q.task ?? 'all', pageSize: 1 })).total;
  const kinds = await Promise.all(FINDING_KINDS.map((kind) => total({ kind })));
  const [open, resolved] = await Promise.all([total({ task: 'open' }), total({ task: 'resolved' })]);
  return {
    findings: Object.fromEntries(FINDING_KINDS.map((k, i) => [k, kinds[i]!])) as Record<FindingKind, number>,
    open,
    resolved,
  };
}

/**
 * On a feed batch's page, for holders of feed.manage: link the batch to the registry (again),
 * the latest run's figures, and links to the batch's findings and to the review of its pairs.
 */
export function LinkageRunPanel({
  batchId,
  onRun,
}: {
  batchId: string;
  /** After a run (a list of findings to reload). */ onRun?: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useMe();
  const { pathname } = useLocation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const manage = can('feed.manage');
  const [refresh, setRefresh] = useState(0);
  const [running, setRunning] = useState(false);
  const runs = useQuery(() => linkageApi.runs(batchId), [batchId, refresh], manage);
  const latest = runs.data?.[0];
  const counts = useQuery(() => batchCounts(batchId), [batchId, refresh, latest?.id], manage && !!latest);
  if (!manage) return null;

  const run = async () => {
    setRunning(true);
    try {
      const r = await linkageApi.run(batchId);
      void message.success(
        t('linkage.run.done', {
          records: r.records,
          match: r.match,
          review: r.review,
          nonmatch: r.nonmatch,
          tasks: r.tasks,
          seconds: r.seconds.toFixed(1),
        }),
      );
      setRefresh((n) => n + 1);
      onRun?.();
    } catch (err) {
      showError(err);
    } finally {
      setRunning(false);
    }
  };

  const seesTasks = can('linkage.review') || can('report.create') || can('feed.manage');
  const button = (
    <Button
      type={latest ? 'default' : 'primary'}
      icon={<NodeIndexOutlined />}
      loading={running}
      onClick={latest ? undefined : () => void run()}
      data-testid="linkage-run"
    >
      {running ? t('linkage.run.running') : latest ? t('linkage.run.again') : t('linkage.run.start')}
    </Button>
  );
  return (
    <Card
      title={t('linkage.run.title')}
      data-testid="linkage-run-panel"
      extra={
        latest ? (
          <Popconfirm
            title={t('linkage.run.againConfirm')}
            onConfirm={() => void run()}
            okButtonProps={{ 'data-testid': 'linkage-run-ok' } as Record<string, string>}
          >
            {button}
          </Popconfirm>
        ) : (
          button
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('linkage.run.help')}</Typography.Paragraph>
      {!latest ? (
        runs.data && <Typography.Text>{t('linkage.run.never')}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">
            {t('linkage.run.last', { at: formatDateTime(latest.finishedAt ?? latest.startedAt) })}
          </Typography.Text>
          <Row gutter={[16, 16]}>
            <Col xs={8} md={4}>
              <Statistic title={t('linkage.run.match')} value={latest.stats.match ?? 0} />
            </Col>
            <Col xs={8} md={4}>
              <Statistic
                title={t('linkage.run.review')}
                value={latest.stats.review ?? 0}
                styles={{ content: { color: latest.stats.review ? '#1f6fd1' : undefined } }}
              />
            </Col>
            <Col xs={8} md={4}>
              <Statistic title={t('linkage.run.nonmatch')} value={latest.stats.nonmatch ?? 0} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('linkage.run.openTasks')}
                value={counts.data?.open ?? '—'}
                styles={{ content: { color: counts.data?.open ? '#cf1322' : undefined } }}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('linkage.run.resolvedTasks')} value={counts.data?.resolved ?? '—'} />
            </Col>
          </Row>
          {counts.data && (
            <Flex gap={8} wrap align="center" data-testid="linkage-run-findings">
              <Typography.Text strong>{t('linkage.run.findings')}</Typography.Text>
              {FINDING_KINDS.filter((k) => counts.data!.findings[k] > 0).map((k) =>
                seesTasks ? (
                  <Link key={k} to={`/linkage/tasks?task=all&batchId=${batchId}&kind=${k}`}>
                    <Tag color={KIND_COLOR[k]}>
                      {t(`linkage.kind.${k}`)} {counts.data!.findings[k]}
                    </Tag>
                  </Link>
                ) : (
                  <Tag key={k} color={KIND_COLOR[k]}>
                    {t(`linkage.kind.${k}`)} {counts.data!.findings[k]}
                  </Tag>
                ),
              )}
            </Flex>
          )}
          {seesTasks && (
            <Flex gap={16} wrap>
              {pathname !== '/linkage/tasks' && (
                <Link to={`/linkage/tasks?task=all&batchId=${batchId}`} data-testid="linkage-run-show">
                  {t('linkage.run.showFindings')}
                </Link>
              )}
              {can('linkage.review') && !!counts.data?.findings.pending && (
                <Link to="/linkage/review">{t('linkage.run.showReview')}</Link>
              )}
            </Flex>
          )}
        </Flex>
      )}
    </Card>
  );
}
