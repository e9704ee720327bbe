import { Alert, App, Button, Card, Flex, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { ReasonModal } from '../reporting/ReasonModal.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { QueryResult } from '../shell/QueryResult.js';
import {
  cyclesApi,
  fenToYuan,
  type Candidate,
  type CandidateOutcome,
  type CandidateStatus,
  type VillageVerdict,
} from './cyclesApi.js';
import { WorkflowApplicationForm } from './WorkflowApplicationForm.js';
import { WorkflowAssessmentForm } from './WorkflowAssessmentForm.js';
import { WorkflowCandidateDrawer } from './WorkflowCandidateDrawer.js';
import { workflowApi, type Step, type StepRequest } from './workflowApi.js';

const OUTCOME_COLOR: Record<CandidateOutcome, string> = { yes: 'green', no: 'red', unknown: 'orange' };
export const STATUS_COLOR: Record<CandidateStatus, string> = {
  candidate: 'default',
  verified: 'blue',
  reviewed: 'cyan',
  approved: 'green',
  returned: 'orange',
  excluded: 'red',
};
const STATUSES: CandidateStatus[] = ['candidate', 'returned', 'verified', 'reviewed', 'approved', 'excluded'];

/** Which statuses each role acts on: the default filter of its to-do. */
function defaultStatus(can: (p: string) => boolean): string | undefined {
  if (can('benefit.approve')) return 'reviewed';
  if (can('benefit.review')) return 'verified';
  if (can('benefit.verify')) return 'candidate,returned';
  return undefined;
}

/**
 * A cycle's candidates in the caller's area (or one village) with their status and the village's
 * verdict, filtered by status and verdict; rows are selected and acted on together (all or
 * nothing on the server; stale rows are named). The buttons follow the caller's permissions.
 */
export function WorkflowCandidates({
  cycleId,
  unitId,
  generation,
  onChanged,
}: {
  cycleId: string;
  unitId: string | undefined;
  generation: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { can } = useMe();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [status, setStatus] = useState<string | undefined>(() => defaultStatus(can));
  const [verdict, setVerdict] = useState<VillageVerdict | 'none'>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [selected, setSelected] = useState<Candidate[]>([]);
  const [reasonFor, setReasonFor] = useState<'return' | 'not_eligible'>();
  const [busy, setBusy] = useState<string>();
  const [open, setOpen] = useState<string>();
  const [applying, setApplying] = useState(false);
  const [assessing, setAssessing] = useState(false);
  const query = useQuery(
    () => cyclesApi.candidates(cycleId, { unitId, status, verdict, page, pageSize }),
    [cycleId, unitId, status, verdict, page, pageSize, generation],
  );

  const run = async (step: Step, extra: Omit<StepRequest, 'items'> = {}) => {
    setBusy(step + (extra.verdict ?? ''));
    try {
      const res = await workflowApi.step(step, {
        items: selected.map((c) => ({ id: c.id, version: c.version })),
        ...extra,
      });
      void message.success(t('benefits.workflow.actions.done', { n: res.count }));
      setSelected([]);
      onChanged();
    } catch (e) {
      showError(e);
      // A stale row or one acted on by someone else: show the list as it now is.
      void query.reload();
    } finally {
      setBusy(undefined);
    }
  };
  const none = selected.length === 0;
  const canVerify = can('benefit.verify');
  const canReturn = can('benefit.review') || can('benefit.approve');

  return (
    <Card
      size="small"
      title={t('benefits.cycles.candidates.total', { total: query.data?.total ?? 0 })}
      extra={
        canVerify && (
          <Space>
            <Button onClick={() => setApplying(true)} data-testid="workflow-apply">
              {t('benefits.workflow.actions.apply')}
            </Button>
            <Button onClick={() => setAssessing(true)} data-testid="workflow-assess">
              {t('benefits.workflow.actions.assess')}
            </Button>
          </Space>
        )
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 200 }}
          placeholder={t('benefits.workflow.filters.status')}
          value={status}
          onChange={(v: string | undefined) => {
            setStatus(v);
            setPage(1);
            setSelected([]);
          }}
          options={[
            ...(canVerify
              ? [
                  {
                    value: 'candidate,returned',
                    label: `${t('benefits.workflow.status.candidate')} + ${t('benefits.workflow.status.returned')}`,
                  },
                ]
              : []),
            ...STATUSES.map((s) => ({ value: s, label: t(`benefits.workflow.status.${s}`) })),
          ]}
          data-testid="workflow-filter-status"
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('benefits.workflow.filters.verdict')}
          value={verdict}
          onChange={(v: VillageVerdict | 'none' | undefined) => {
            setVerdict(v);
            setPage(1);
            setSelected([]);
          }}
          options={(['eligible', 'not_eligible', 'none'] as const).map((v) => ({
            value: v,
            label: t(`benefits.workflow.verdict.${v}`),
          }))}
          data-testid="workflow-filter-verdict"
        />
      </Flex>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {t('benefits.workflow.actions.selected', { n: selected.length })}
        </Typography.Text>
        {canVerify && (
          <>
            <Button
              type="primary"
              disabled={none}
              loading={busy === 'verifyeligible'}
              onClick={() => void run('verify', { verdict: 'eligible' })}
              data-testid="workflow-verify-eligible"
            >
              {t('benefits.workflow.actions.verifyEligible')}
            </Button>
            <Button
              disabled={none}
              onClick={() => setReasonFor('not_eligible')}
              data-testid="workflow-verify-not-eligible"
            >
              {t('benefits.workflow.actions.verifyNotEligible')}
            </Button>
          </>
        )}
        {can('benefit.review') && (
          <Button
            type="primary"
            disabled={none}
            loading={busy === 'review'}
            onClick={() => void run('review')}
            data-testid="workflow-review"
          >
            {t('benefits.workflow.actions.review')}
          </Button>
        )}
        {can('benefit.approve') && (
          <Button
            type="primary"
            disabled={none}
            loading={busy === 'approve'}
            onClick={() => void run('approve')}
            data-testid="workflow-approve"
          >
            {t('benefits.workflow.actions.approve')}
          </Button>
        )}
        {canReturn && (
          <Button danger disabled={none} onClick={() => setReasonFor('return')} data-testid="workflow-return">
            {t('benefits.workflow.actions.return')}
          </Button>
        )}
      </Flex>
      {canVerify && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('benefits.workflow.actions.unknownHint')} />
      )}
      <QueryResult {...query}>
        {(data) => (
          <Table<Candidate>
            rowKey="id"
            size="small"
            dataSource={data.items}
            locale={{ emptyText: t('benefits.cycles.candidates.empty') }}
            rowSelection={{
              selectedRowKeys: selected.map((c) => c.id),
              onChange: (_keys, rows) => setSelected(rows),
              getCheckboxProps: (c) => ({ 'data-testid': `workflow-select-${c.personId}` }) as never,
            }}
            pagination={{
              current: page,
              pageSize,
              total: data.total,
              showSizeChanger: true,
              onChange: (p, s) => {
                setPage(s === pageSize ? p : 1);
                setPageSize(s);
                setSelected([]);
              },
            }}
            data-testid="workflow-candidate-table"
            columns={[
              { title: t('benefits.cycles.candidates.village'), dataIndex: 'unitName' },
              { title: t('benefits.cycles.candidates.name'), dataIndex: 'name' },
              {
                title: t('benefits.cycles.candidates.idNumber'),
                dataIndex: 'idNumberMasked',
                render: (v: string | null) => v ?? '—',
              },
              {
                title: t('benefits.cycles.candidates.outcome'),
                dataIndex: 'outcome',
                render: (o: CandidateOutcome) => (
                  <Tag color={OUTCOME_COLOR[o]}>{t(`benefits.cycles.outcome.${o}`)}</Tag>
                ),
              },
              {
                title: t('benefits.workflow.columns.status'),
                dataIndex: 'status',
                render: (s: CandidateStatus) => <Tag color={STATUS_COLOR[s]}>{t(`benefits.workflow.status.${s}`)}</Tag>,
              },
              {
                title: t('benefits.workflow.columns.verdict'),
                dataIndex: 'villageVerdict',
                render: (v: VillageVerdict | null) => t(`benefits.workflow.verdict.${v ?? 'none'}`),
              },
              {
                title: t('benefits.workflow.columns.source'),
                dataIndex: 'source',
                render: (s: Candidate['source']) => t(`benefits.workflow.source.${s}`),
              },
              { title: t('benefits.cycles.candidates.months'), dataIndex: 'months', align: 'right' },
              {
                title: t('benefits.cycles.candidates.amount'),
                dataIndex: 'amountFen',
                align: 'right',
                render: (f: number) => fenToYuan(f),
              },
              {
                title: t('benefits.workflow.columns.reason'),
                dataIndex: 'statusReason',
                ellipsis: true,
                render: (r: string | null) => r ?? '',
              },
              {
                title: '',
                key: 'detail',
                render: (_, c) => (
                  <Button size="small" onClick={() => setOpen(c.id)} data-testid={`workflow-detail-${c.personId}`}>
                    {t('benefits.workflow.actions.detail')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </QueryResult>
      <ReasonModal
        open={reasonFor !== undefined}
        title={t(
          reasonFor === 'return'
            ? 'benefits.workflow.reasonModal.returnTitle'
            : 'benefits.workflow.reasonModal.notEligibleTitle',
        )}
        label={t('benefits.workflow.reasonModal.reason')}
        onCancel={() => setReasonFor(undefined)}
        onSubmit={async (reason) => {
          const which = reasonFor;
          setReasonFor(undefined);
          await (which === 'return' ? run('return', { reason }) : run('verify', { verdict: 'not_eligible', reason }));
        }}
      />
      <WorkflowCandidateDrawer id={open} onClose={() => setOpen(undefined)} />
      <WorkflowApplicationForm
        cycleId={cycleId}
        open={applying}
        onClose={() => setApplying(false)}
        onDone={() => {
          setApplying(false);
          onChanged();
        }}
      />
      <WorkflowAssessmentForm
        open={assessing}
        onClose={() => setAssessing(false)}
        onDone={() => {
          setAssessing(false);
          onChanged();
        }}
      />
    </Card>
  );
}
