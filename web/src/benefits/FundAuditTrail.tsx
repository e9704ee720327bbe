import { Alert, Descriptions, Divider, Drawer, Flex, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery.js';
import { formatFen } from '../indicators/format.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { fundAuditApi, PAYMENT_COLOR, type PaymentTrail, type Who } from './fundAuditApi.js';

type Item = { key: string; at: string; color: string; content: ReactNode };

/**
 * One payment's whole trail in a drawer: the payment, the eligibility verdict, and as one
 * timeline every step from the roster to the bank's result — workflow steps, notice, objections,
 * batch made, approved and exported, the result file, the recovery case — with the records of the
 * payee's account beneath.
 */
export function FundAuditTrail({ paymentId, onClose }: { paymentId: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const query = useQuery(() => fundAuditApi.trail(paymentId!), [paymentId], paymentId !== undefined);
  const data = query.data && query.data.payment.id === paymentId ? query.data : undefined;
  return (
    <Drawer
      open={paymentId !== undefined}
      onClose={onClose}
      size={760}
      destroyOnHidden
      title={
        data
          ? t('benefits.fundAudit.trail.title', {
              name: data.payment.name,
              program: t(`benefits.fundAudit.program.${data.payment.programCode}` as 'benefits.fundAudit.title'),
              period: data.payment.batchPeriod,
            })
          : t('benefits.fundAudit.trail.payment')
      }
      data-testid="audit-trail-drawer"
    >
      <QueryResult data={data} error={query.error} loading={query.loading && !data} reload={query.reload}>
        {(trail) => <TrailBody trail={trail} />}
      </QueryResult>
    </Drawer>
  );
}

export function TrailBody({ trail }: { trail: PaymentTrail }) {
  const { t } = useTranslation();
  const k = (key: string, o?: Record<string, unknown>) =>
    t(`benefits.fundAudit.trail.${key}` as 'benefits.fundAudit.trail.payment', o ?? {});
  const name = (w: Who) => (w ? w.name : k('nobody'));
  const p = trail.payment;
  const items: Item[] = [];
  for (const e of trail.events) {
    items.push({
      key: `e${e.id}`,
      at: e.at,
      color: e.action === 'return' || e.action === 'exclude' ? 'orange' : 'blue',
      content: (
        <Flex vertical gap={2}>
          <Typography.Text>
            <Typography.Text strong>{k(`step.${e.action}`)}</Typography.Text> · {name(e.actor)}
          </Typography.Text>
          {e.reason && <Typography.Text type="secondary">{e.reason}</Typography.Text>}
        </Flex>
      ),
    });
  }
  if (trail.notice) {
    const n = trail.notice;
    items.push({
      key: 'notice',
      at: n.publishedAt,
      color: 'purple',
      content: k('notice', {
        from: formatDate(n.publishedOn),
        to: formatDate(n.endsOn),
        by: name(n.publishedBy),
        count: n.entries,
      }),
    });
  }
  for (const o of trail.objections) {
    items.push({
      key: `o${o.id}`,
      at: `${o.receivedOn}T00:00:00`,
      color: 'orange',
      content: (
        <Flex vertical gap={2}>
          <Typography.Text>
            {k('objection', { who: o.raisedBy, date: formatDate(o.receivedOn), content: o.content })}
          </Typography.Text>
          <Typography.Text type="secondary">
            <Tag>{k(`objectionStatus.${o.status}`)}</Tag>
            {o.resolution} {o.resolvedBy ? `· ${name(o.resolvedBy)}` : ''}
          </Typography.Text>
        </Flex>
      ),
    });
  }
  const b = trail.batch;
  if (b) {
    items.push({
      key: 'made',
      at: b.createdAt,
      color: 'gray',
      content: k('batchMade', { period: b.period, by: name(b.createdBy), date: formatDate(b.madeOn) }),
    });
    if (b.approvedAt) {
      items.push({
        key: 'approved',
        at: b.approvedAt,
        color: 'green',
        content: k('batchApproved', { by: name(b.approvedBy) }),
      });
    }
    if (b.exportedAt) {
      items.push({
        key: 'exported',
        at: b.exportedAt,
        color: 'gray',
        content: k('batchExported', { by: name(b.exportedBy) }),
      });
    }
    // Anything else done to the batch (a repay made from it, results imported) is in its audit
    // log; reads of it are not steps.
    const shown = new Set(['benefit.batch.make', 'benefit.batch.approve', 'benefit.batch.export']);
    for (const l of b.log.filter((x) => !shown.has(x.action) && !x.action.endsWith('.read'))) {
      items.push({
        key: `b${l.id}`,
        at: l.at,
        color: 'gray',
        content: k('log', { action: l.action, who: l.actor?.name ?? l.username ?? k('nobody') }),
      });
    }
  }
  if (trail.resultImport) {
    const r = trail.resultImport;
    items.push({
      key: 'result',
      at: r.importedAt,
      color: p.status === 'paid' ? 'green' : 'red',
      content: k('resultImport', { file: r.fileName, by: name(r.importedBy), paid: r.paid, failed: r.failed }),
    });
  }
  if (trail.recovery) {
    const r = trail.recovery;
    items.push({
      key: 'recovery',
      at: r.openedAt,
      color: 'red',
      content: k('recovery', {
        amount: formatFen(r.amountFen),
        reason: r.reason,
        status: t(`benefits.fundAudit.recoveryStatus.${r.status}`),
      }),
    });
  }
  items.sort((a, b) => a.at.localeCompare(b.at));
  const c = trail.candidate;
  return (
    <Flex vertical gap={12} data-testid="audit-trail">
      <Descriptions size="small" column={1} bordered title={k('payment')}>
        <Descriptions.Item label={t('benefits.fundAudit.col.idNumber')}>
          <Typography.Text code>{p.idNumberMasked ?? '—'}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('benefits.fundAudit.col.village')}>
          {p.townshipName} {p.unitName}
        </Descriptions.Item>
        <Descriptions.Item label={t('benefits.fundAudit.col.amount')}>
          {k('amount', { amount: formatFen(p.amountFen), due: formatFen(p.dueFen), months: p.months })}
        </Descriptions.Item>
        <Descriptions.Item label={t('benefits.fundAudit.col.status')}>
          <Tag color={PAYMENT_COLOR[p.status]}>{t(`benefits.fundAudit.status.${p.status}`)}</Tag>
          {p.status === 'paid'
            ? k('paidOn', { date: formatDate(p.paidOn), ref: p.bankRef ?? '—' })
            : p.status === 'failed'
              ? k('failed', { reason: p.failureReason ?? '—' })
              : k('pending')}
          {p.retryOf && <Tag style={{ marginLeft: 8 }}>{t('benefits.fundAudit.retryOf')}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('benefits.fundAudit.col.account')}>
          {k('account', { bank: p.bankName ?? '', account: p.accountMasked, holder: p.holderName })}
        </Descriptions.Item>
      </Descriptions>
      {c && (
        <Alert
          type={c.outcome === 'yes' ? 'success' : 'warning'}
          title={
            <Flex gap={6} wrap>
              <Typography.Text strong>{k('verdict')}</Typography.Text>
              <Tag>{k(`outcome.${c.outcome}`)}</Tag>
              <Tag>{k(`source.${c.source}`)}</Tag>
              {c.villageVerdict && <Tag>{k(`villageVerdict.${c.villageVerdict}`)}</Tag>}
            </Flex>
          }
          description={typeof c.explanation.verdict === 'string' ? c.explanation.verdict : undefined}
          data-testid="audit-trail-verdict"
        />
      )}
      {!trail.notice && <Typography.Text type="secondary">{k('noNotice')}</Typography.Text>}
      <Divider titlePlacement="start" plain>
        {k('timeline')}
      </Divider>
      <Timeline
        data-testid="audit-trail-timeline"
        items={items.map((i) => ({
          key: i.key,
          color: i.color,
          content: (
            <Flex vertical gap={0}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(i.at)}
              </Typography.Text>
              {i.content}
            </Flex>
          ),
        }))}
      />
      <Divider titlePlacement="start" plain>
        {k('accountLog')}
      </Divider>
      {trail.accountLog.length === 0 ? (
        <Typography.Text type="secondary">{k('noAccountLog')}</Typography.Text>
      ) : (
        <Flex vertical gap={4} data-testid="audit-trail-account-log">
          {trail.accountLog.map((l) => (
            <Typography.Text key={l.id}>
              {formatDateTime(l.at)} · {k('log', { action: l.action, who: l.actor?.name ?? l.username ?? k('nobody') })}
            </Typography.Text>
          ))}
        </Flex>
      )}
    </Flex>
  );
}
