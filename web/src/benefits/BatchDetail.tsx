import { Alert, App, Button, Card, Descriptions, Flex, Space, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { ApiError } from '../api/api.js';
import type { FieldProblem } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { fenToYuan } from './cyclesApi.js';
import {
  paymentsApi,
  type BatchDetail as Batch,
  type BatchStatus,
  type Payment,
  type Reconciliation,
  type StoppedEntry,
} from './paymentsApi.js';

export const BATCH_STATUS_COLOR: Record<BatchStatus, string> = {
  draft: 'orange',
  approved: 'blue',
  exported: 'purple',
  reconciled: 'green',
};

type RowProblem = FieldProblem & { file?: string };

/**
 * One batch: approve it (not its maker), export the bank file, import the bank's result file
 * (every wrong row shown), the reconciliation, the stopped payees with reasons, the payments.
 */
export function BatchDetail({ id, onBack, onOpen }: { id: string; onBack: () => void; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const { me } = useMe();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const batch = useQuery(() => paymentsApi.batch(id), [id]);
  const [busy, setBusy] = useState<string>();
  const [problems, setProblems] = useState<{ message: string; rows: RowProblem[] }>();
  const fileInput = useRef<HTMLInputElement>(null);

  const act = async (what: string, fn: () => Promise<unknown>) => {
    setBusy(what);
    try {
      await fn();
      await batch.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(undefined);
    }
  };
  const uploadResult = async (file: File) => {
    setBusy('results');
    setProblems(undefined);
    try {
      const r = await paymentsApi.results(id, file);
      message.success(t('benefits.payments.detail.imported', r));
      if (r.recoveriesOpened)
        message.warning(t('benefits.payments.detail.recoveriesOpened', { count: r.recoveriesOpened }));
      await batch.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setProblems({ message: e.message, rows: e.problems });
      else showError(e);
    } finally {
      setBusy(undefined);
      if (fileInput.current) fileInput.current.value = '';
    }
  };
  const repay = async (b: Batch) => {
    setBusy('repay');
    try {
      // Made today (the server's day, in China), due the same day unless set in the batch form.
      const made = await paymentsApi.make({ cycleId: b.cycleId, period: b.period, kind: 'repay' });
      onOpen(made.id);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Flex vertical gap="middle" data-testid="batch-detail">
      <div>
        <Button onClick={onBack} data-testid="batch-back">
          {t('benefits.payments.detail.back')}
        </Button>
      </div>
      <QueryResult {...batch}>
        {(b) => (
          <>
            <Card
              size="small"
              title={
                <Space>
                  {t('benefits.payments.detail.title', { no: b.batchNo })}
                  <Tag color={BATCH_STATUS_COLOR[b.status]} data-testid="batch-status">
                    {t(`benefits.payments.batches.statuses.${b.status}`)}
                  </Tag>
                </Space>
              }
            >
              <Descriptions size="small" column={3}>
                <Descriptions.Item label={t('benefits.payments.batches.period')}>{b.period}</Descriptions.Item>
                <Descriptions.Item label={t('benefits.payments.batches.madeOn')}>{b.madeOn}</Descriptions.Item>
                <Descriptions.Item label={t('benefits.payments.batches.dueOn')}>{b.dueOn}</Descriptions.Item>
                <Descriptions.Item label={t('benefits.payments.batches.payments')}>{b.payments}</Descriptions.Item>
                <Descriptions.Item label={t('benefits.payments.batches.total')}>
                  <span data-testid="batch-total">{fenToYuan(b.totalFen)}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('benefits.payments.batches.stopped')}>{b.stopped.length}</Descriptions.Item>
              </Descriptions>
              <Space wrap style={{ marginTop: 8 }}>
                {b.status === 'draft' && (
                  <Button
                    type="primary"
                    disabled={b.createdBy === me.id}
                    loading={busy === 'approve'}
                    onClick={() => void act('approve', () => paymentsApi.approve(b.id, b.version))}
                    data-testid="batch-approve"
                  >
                    {t('benefits.payments.detail.approve')}
                  </Button>
                )}
                {b.status !== 'draft' && (
                  <>
                    <Button
                      loading={busy === 'txt'}
                      onClick={() => void act('txt', () => paymentsApi.exportFile(b.id, 'txt'))}
                      data-testid="batch-export-txt"
                    >
                      {t('benefits.payments.detail.exportTxt')}
                    </Button>
                    <Button
                      loading={busy === 'xlsx'}
                      onClick={() => void act('xlsx', () => paymentsApi.exportFile(b.id, 'xlsx'))}
                      data-testid="batch-export-xlsx"
                    >
                      {t('benefits.payments.detail.exportXlsx')}
                    </Button>
                  </>
                )}
                {(b.status === 'exported' || b.status === 'reconciled') && (
                  <Button
                    loading={busy === 'results'}
                    onClick={() => fileInput.current?.click()}
                    data-testid="batch-result-button"
                  >
                    {t('benefits.payments.detail.uploadResult')}
                  </Button>
                )}
                <input
                  ref={fileInput}
                  type="file"
                  accept=".txt,.csv,.xlsx"
                  style={{ display: 'none' }}
                  data-testid="batch-result-file"
                  onChange={(e) => {
                    const f = e.target.files?.[0];
                    if (f) void uploadResult(f);
                  }}
                />
                {b.status === 'reconciled' &&
                  (b.summary.failed.count > 0 || b.stopped.some((s) => s.reason === 'no_account')) && (
                    <Button loading={busy === 'repay'} onClick={() => void repay(b)} data-testid="batch-repay">
                      {t('benefits.payments.batches.makeRepay')}
                    </Button>
                  )}
              </Space>
              {b.status !== 'draft' && (
                <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                  {t('benefits.payments.detail.exportNote')}
                </Typography.Paragraph>
              )}
              {b.status === 'reconciled' && (
                <Typography.Paragraph type="secondary">{t('benefits.payments.detail.repayHint')}</Typography.Paragraph>
              )}
            </Card>
            {problems && <ResultProblems {...problems} />}
            <ReconciliationCard summary={b.summary} />
            {b.stopped.length > 0 && <StoppedTable stopped={b.stopped} />}
            <PaymentTable items={b.items} />
          </>
        )}
      </QueryResult>
    </Flex>
  );
}

function ResultProblems({ message, rows }: { message: string; rows: RowProblem[] }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      data-testid="batch-result-errors"
      message={t('benefits.payments.detail.errors')}
      description={
        rows.length ? (
          <Table<RowProblem>
            size="small"
            pagination={false}
            rowKey={(r, i) => `${r.row ?? ''}-${r.field}-${i}`}
            dataSource={rows}
            columns={[
              { title: t('benefits.payments.detail.row'), dataIndex: 'row', width: 70 },
              { title: t('benefits.payments.detail.field'), dataIndex: 'field', width: 110 },
              { title: t('benefits.payments.detail.message'), dataIndex: 'message' },
            ]}
          />
        ) : (
          message
        )
      }
    />
  );
}

export function ReconciliationCard({ summary }: { summary: Reconciliation }) {
  const { t } = useTranslation();
  const cf = (x: { count: number; fen: number }) =>
    t('benefits.payments.detail.countFen', { count: x.count, amount: fenToYuan(x.fen) });
  return (
    <Card size="small" title={t('benefits.payments.detail.summary')} data-testid="batch-summary">
      <Descriptions size="small" column={4}>
        <Descriptions.Item label={t('benefits.payments.detail.paid')}>
          <span data-testid="batch-summary-paid">{cf(summary.paid)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('benefits.payments.detail.failed')}>
          <span data-testid="batch-summary-failed">{cf(summary.failed)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('benefits.payments.detail.pending')}>
          <span data-testid="batch-summary-pending">{cf(summary.pending)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('benefits.payments.batches.total')}>
          {fenToYuan(summary.totalFen)}{' '}
          <Tag color={summary.balanced ? 'green' : 'red'}>
            {summary.balanced ? t('benefits.payments.detail.balanced') : t('benefits.payments.detail.unbalanced')}
          </Tag>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

export function StoppedTable({ stopped }: { stopped: StoppedEntry[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('benefits.payments.detail.stoppedTitle', { count: stopped.length })}>
      <Table<StoppedEntry>
        rowKey="candidateId"
        size="small"
        pagination={false}
        dataSource={stopped}
        data-testid="batch-stopped"
        columns={[
          { title: t('benefits.payments.detail.name'), dataIndex: 'name' },
          {
            title: t('benefits.payments.batches.stopped'),
            key: 'reason',
            render: (_, s) => <Tag>{t(`benefits.payments.detail.reasons.${s.reason}`)}</Tag>,
          },
          { title: t('benefits.payments.detail.message'), dataIndex: 'text' },
          {
            title: t('benefits.payments.detail.due'),
            key: 'due',
            align: 'right',
            render: (_, s) => fenToYuan(s.dueFen),
          },
        ]}
      />
    </Card>
  );
}

const PAYMENT_COLOR = { pending: 'default', paid: 'green', failed: 'red' } as const;

function PaymentTable({ items }: { items: Payment[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('benefits.payments.detail.paymentsTitle')}>
      <Table<Payment>
        rowKey="id"
        size="small"
        dataSource={items}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        data-testid="batch-payments"
        columns={[
          { title: t('benefits.payments.detail.line'), dataIndex: 'lineNo', width: 60 },
          { title: t('benefits.payments.detail.name'), dataIndex: 'name' },
          { title: t('benefits.payments.detail.idNumber'), dataIndex: 'idNumberMasked' },
          { title: t('benefits.payments.detail.village'), dataIndex: 'unitName' },
          {
            title: t('benefits.payments.detail.account'),
            key: 'account',
            // A child's money goes into the guardian's account: say whose.
            render: (_, p) => (p.holderName === p.name ? p.accountMasked : `${p.accountMasked}（${p.holderName}）`),
          },
          {
            title: t('benefits.payments.detail.amount'),
            key: 'amount',
            align: 'right',
            render: (_, p) => fenToYuan(p.amountFen),
          },
          {
            title: t('benefits.payments.detail.paymentStatus'),
            key: 'status',
            render: (_, p) => (
              <Space size={4}>
                <Tag color={PAYMENT_COLOR[p.status]}>{t(`benefits.payments.detail.paymentStatuses.${p.status}`)}</Tag>
                {p.failureReason}
                {p.retriedIn && <Tag>{t('benefits.payments.detail.retried')}</Tag>}
              </Space>
            ),
          },
          { title: t('benefits.payments.detail.bankRef'), dataIndex: 'bankRef' },
          { title: t('benefits.payments.detail.paidOn'), dataIndex: 'paidOn' },
        ]}
      />
    </Card>
  );
}
