import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api.js';
import type { ReportListItem } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { ReasonModal } from './ReasonModal.js';
import { ReportTable } from './ReportTable.js';
import { useReportActions } from './useReportActions.js';

const PAGE_SIZE = 20;

/**
 * The township's review queue (approve or return) or the county's confirmation queue
 * (confirm or return). Every action carries the version shown in the row.
 */
export function ReviewQueuePage({ queue }: { queue: 'review' | 'confirm' }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const { page, pagination } = useListParams(PAGE_SIZE);
  const query = useQuery(() => api.listReports({ queue, page, pageSize: PAGE_SIZE }), [queue, page]);
  const act = useReportActions(query.reload);
  const [returning, setReturning] = useState<ReportListItem>();
  const [busy, setBusy] = useState<string>();

  const forward = (row: ReportListItem) => {
    const action = queue === 'review' ? 'approve' : 'confirm';
    modal.confirm({
      title: queue === 'review' ? t('report.approveConfirm') : t('report.confirmConfirm'),
      content: row.summary,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'confirm-ok' } as Record<string, string>,
      onOk: async () => {
        setBusy(row.id);
        try {
          await act(row, action);
        } finally {
          setBusy(undefined);
        }
      },
    });
  };

  return (
    <Page
      title={queue === 'review' ? t('reports.reviewTitle') : t('reports.confirmTitle')}
      data-testid={`queue-${queue}`}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void query.reload()}>
          {t('common.refresh')}
        </Button>
      }
    >
      <Alert type="info" showIcon title={queue === 'review' ? t('reports.reviewHint') : t('reports.confirmHint')} />
      <Card styles={{ body: { padding: 0 } }}>
        <QueryResult {...query}>
          {(data) => (
            <ReportTable
              items={data.items}
              loading={query.loading}
              data-testid="queue-table"
              pagination={pagination(data.total)}
              actions={(row) => (
                <Space size={4}>
                  <Button
                    type="primary"
                    size="small"
                    loading={busy === row.id}
                    data-testid={queue === 'review' ? 'row-approve' : 'row-confirm'}
                    onClick={() => forward(row)}
                  >
                    {queue === 'review' ? t('report.approve') : t('report.confirm')}
                  </Button>
                  <Button size="small" danger data-testid="row-return" onClick={() => setReturning(row)}>
                    {t('report.return')}
                  </Button>
                </Space>
              )}
            />
          )}
        </QueryResult>
      </Card>
      <ReasonModal
        open={returning !== undefined}
        title={t('report.returnTitle')}
        label={t('report.returnReason')}
        onCancel={() => setReturning(undefined)}
        onSubmit={async (reason) => {
          if (!returning) return;
          await act(returning, 'return', reason);
          setReturning(undefined);
        }}
      />
    </Page>
  );
}
