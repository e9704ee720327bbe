import { CheckOutlined, EditOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Row, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../api/api.js';
import type { Report, ReportActionEntry, ReportStatus } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { PayloadView, PersonLink, registeredName } from './PayloadView.js';
import { ReasonModal } from './ReasonModal.js';
import { ReportStatusTag } from './ReportStatusTag.js';
import { useReportActions } from './useReportActions.js';

const ACTION_COLORS: Record<string, string> = {
  submit: 'blue',
  resubmit: 'blue',
  approve: 'cyan',
  confirm: 'green',
  return: 'red',
  cancel: 'gray',
};

function ActionTimeline({ actions }: { actions: ReportActionEntry[] }) {
  const { t } = useTranslation();
  const statusLabel = (s: ReportStatus | null) => (s ? t(`reportStatus.${s}`) : t('common.none'));
  return (
    <Timeline
      data-testid="report-timeline"
      items={actions.map((a, i) => ({
        key: i,
        color: ACTION_COLORS[a.action] ?? 'gray',
        content: (
          <Flex vertical gap={2} data-testid="report-timeline-item" data-action={a.action}>
            <Space size={8} wrap>
              <Typography.Text strong>
                {t(`reportAction.${a.action}` as 'reportAction.submit', { defaultValue: a.action })}
              </Typography.Text>
              <Typography.Text>{a.user.displayName}</Typography.Text>
              <Typography.Text type="secondary">{formatDateTime(a.at)}</Typography.Text>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('report.fromTo', { from: statusLabel(a.fromStatus), to: statusLabel(a.toStatus) })}
            </Typography.Text>
            {a.reason && (
              <Typography.Text type={a.action === 'return' ? 'danger' : undefined}>
                {t('report.reason')}：{a.reason}
              </Typography.Text>
            )}
          </Flex>
        ),
      }))}
    />
  );
}

function Actions({ report, reload }: { report: Report; reload: () => Promise<void> }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const act = useReportActions(reload);
  const [asking, setAsking] = useState<'return' | 'cancel'>();
  const allowed = new Set(report.allowedActions);

  const forward = (action: 'approve' | 'confirm') =>
    modal.confirm({
      title: action === 'approve' ? t('report.approveConfirm') : t('report.confirmConfirm'),
      content: report.summary,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-ok' } as Record<string, string>,
      onOk: () => act(report, action),
    });

  if (allowed.size === 0) {
    return <Typography.Text type="secondary">{t('report.noActions')}</Typography.Text>;
  }
  return (
    <>
      <Flex gap={8} wrap>
        {allowed.has('approve') && (
          <Button
            type="primary"
            icon={<CheckOutlined />}
            onClick={() => forward('approve')}
            data-testid="report-approve"
          >
            {t('report.approve')}
          </Button>
        )}
        {allowed.has('confirm') && (
          <Button
            type="primary"
            icon={<CheckOutlined />}
            onClick={() => forward('confirm')}
            data-testid="report-confirm"
          >
            {t('report.confirm')}
          </Button>
        )}
        {allowed.has('resubmit') && (
          <Button
            type="primary"
            icon={<EditOutlined />}
            onClick={() => navigate(`/reports/${report.id}/edit`)}
            data-testid="report-resubmit"
          >
            {t('report.resubmit')}
          </Button>
        )}
        {allowed.has('return') && (
          <Button danger icon={<RollbackOutlined />} onClick={() => setAsking('return')} data-testid="report-return">
            {t('report.return')}
          </Button>
        )}
        {allowed.has('cancel') && (
          <Button icon={<StopOutlined />} onClick={() => setAsking('cancel')} data-testid="report-cancel">
            {t('report.cancel')}
          </Button>
        )}
      </Flex>
      <ReasonModal
        open={asking !== undefined}
        title={asking === 'cancel' ? t('report.cancelTitle') : t('report.returnTitle')}
        label={asking === 'cancel' ? t('report.cancelReason') : t('report.returnReason')}
        onCancel={() => setAsking(undefined)}
        onSubmit={async (reason) => {
          if (!asking) return;
          await act(report, asking, reason);
          setAsking(undefined);
        }}
      />
    </>
  );
}

/** One report: what was reported, where it stands, who did what, and what the caller may do. */
export function ReportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useQuery(() => api.getReport(id), [id]);
  const report = query.data;

  return (
    <Page
      back
      title={report ? t('report.title', { type: t(`reportType.${report.type}`) }) : t('common.loading')}
      subtitle={report ? <ReportStatusTag status={report.status} /> : undefined}
      data-testid="report-page"
    >
      <QueryResult {...query}>
        {(r) => {
          const reason = r.lastReason;
          return (
            <>
              {reason && r.status === 'returned' && (
                <Alert
                  type="error"
                  showIcon
                  title={t('report.lastReturn', { reason })}
                  data-testid="report-return-reason"
                />
              )}
              {reason && r.status === 'cancelled' && (
                <Alert
                  type="info"
                  showIcon
                  title={t('report.lastCancel', { reason })}
                  data-testid="report-cancel-reason"
                />
              )}
              <Row gutter={[16, 16]}>
                <Col xs={24} xl={16}>
                  <Flex vertical gap={16}>
                    <Card title={t('report.particulars')}>
                      <Descriptions
                        size="small"
                        column={{ xs: 1, md: 2 }}
                        style={{ marginBottom: 16 }}
                        items={[
                          {
                            key: 'type',
                            label: t('reports.type'),
                            children: <Tag color="blue">{t(`reportType.${r.type}`)}</Tag>,
                          },
                          {
                            key: 'status',
                            label: t('reports.status'),
                            children: <ReportStatusTag status={r.status} />,
                          },
                          { key: 'summary', label: t('reports.summary'), children: r.summary, span: 2 },
                          { key: 'unit', label: t('reports.unit'), children: r.unit.name },
                          { key: 'eventDate', label: t('reports.eventDate'), children: formatDate(r.eventDate) },
                          { key: 'reporter', label: t('reports.reporter'), children: r.reporter.displayName },
                          { key: 'reportedOn', label: t('reports.reportedOn'), children: formatDate(r.reportedOn) },
                          ...(r.subjectPersonId
                            ? [
                                {
                                  key: 'subject',
                                  label: t('report.subject'),
                                  children: (
                                    <PersonLink
                                      id={r.subjectPersonId}
                                      name={r.people[r.subjectPersonId]}
                                      testid="report-subject"
                                    />
                                  ),
                                },
                              ]
                            : []),
                          ...(r.resultPersonId
                            ? [
                                {
                                  key: 'result',
                                  label: t('report.result'),
                                  children: (
                                    <PersonLink
                                      id={r.resultPersonId}
                                      name={r.people[r.resultPersonId] ?? registeredName(r)}
                                      testid="report-result-person"
                                    />
                                  ),
                                },
                              ]
                            : []),
                        ]}
                      />
                      <PayloadView type={r.type} payload={r.payload} people={r.people} />
                    </Card>
                  </Flex>
                </Col>
                <Col xs={24} xl={8}>
                  <Flex vertical gap={16}>
                    <Card title={t('report.actionsTitle')} data-testid="report-actions">
                      <Actions report={r} reload={query.reload} />
                    </Card>
                    <Card title={t('report.timeline')}>
                      <ActionTimeline actions={r.actions} />
                    </Card>
                  </Flex>
                </Col>
              </Row>
            </>
          );
        }}
      </QueryResult>
    </Page>
  );
}
