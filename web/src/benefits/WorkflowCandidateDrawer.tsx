import { Descriptions, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { CycleExplanation } from './CycleExplanation.js';
import { STATUS_COLOR } from './WorkflowCandidates.js';
import { workflowApi } from './workflowApi.js';

/** One candidate: status, who did what, the application, the trail of every step, then the explanation. */
export function WorkflowCandidateDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const detail = useQuery(() => workflowApi.candidate(id!), [id], id !== undefined);
  const c = id && detail.data?.id === id ? detail.data : undefined;
  return (
    <CycleExplanation candidate={c} onClose={onClose}>
      {c && (
        <div data-testid="workflow-candidate-detail">
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('benefits.workflow.detail.status')}>
              <Tag color={STATUS_COLOR[c.status]}>{t(`benefits.workflow.status.${c.status}`)}</Tag>
              {c.statusReason && <Typography.Text type="secondary">{c.statusReason}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('benefits.workflow.detail.verdict')}>
              {t(`benefits.workflow.verdict.${c.villageVerdict ?? 'none'}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('benefits.workflow.detail.source')}>
              {t(`benefits.workflow.source.${c.source}`)}
              {c.enteredByName && ` · ${t('benefits.workflow.detail.enteredBy')}：${c.enteredByName}`}
            </Descriptions.Item>
            {c.application && (
              <>
                <Descriptions.Item label={t('benefits.workflow.detail.application')}>
                  {c.application.declared}（{c.application.receivedOn}）
                  {c.application.note ? `；${c.application.note}` : ''}
                </Descriptions.Item>
                <Descriptions.Item label={t('benefits.workflow.detail.documents')}>
                  {c.application.documents.join('、') || '—'}
                </Descriptions.Item>
              </>
            )}
            {c.verifiedByName && (
              <Descriptions.Item label={t('benefits.workflow.detail.verifiedBy')}>{c.verifiedByName}</Descriptions.Item>
            )}
            {c.reviewedByName && (
              <Descriptions.Item label={t('benefits.workflow.detail.reviewedBy')}>{c.reviewedByName}</Descriptions.Item>
            )}
            {c.approvedByName && (
              <Descriptions.Item label={t('benefits.workflow.detail.approvedBy')}>{c.approvedByName}</Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5}>{t('benefits.workflow.detail.trail')}</Typography.Title>
          <Timeline
            data-testid="workflow-trail"
            items={c.trail.map((e) => ({
              key: `${e.action}-${e.id}`,
              content: (
                <div>
                  <Typography.Text strong>{e.actionText}</Typography.Text>{' '}
                  <Tag color={STATUS_COLOR[e.toStatus]}>{t(`benefits.workflow.status.${e.toStatus}`)}</Tag>
                  <Typography.Text type="secondary">
                    {formatDateTime(e.at)} {e.userName ?? ''}
                  </Typography.Text>
                  {e.reason && <div>{e.reason}</div>}
                </div>
              ),
            }))}
          />
        </div>
      )}
    </CycleExplanation>
  );
}
