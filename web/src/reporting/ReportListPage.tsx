import { FileAddOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { api } from '../api/api.js';
import { REPORT_STATUSES, REPORT_TYPES, type ReportQueue, type ReportStatus, type ReportType } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { ExportButtons } from '../exports/ExportButtons.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { ReportTable } from './ReportTable.js';

const PAGE_SIZE = 20;

/** A village worker's own reports (`mine`) or every report in the caller's area (`all`). */
export function ReportListPage({ queue }: { queue: Extract<ReportQueue, 'mine' | 'all'> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useMe();
  const { page, update, oneOf, pagination } = useListParams(PAGE_SIZE);
  const status = oneOf('status', REPORT_STATUSES);
  const type = oneOf('type', REPORT_TYPES);

  const query = useQuery(
    () => api.listReports({ queue, status, type, page, pageSize: PAGE_SIZE }),
    [queue, status, type, page],
  );

  return (
    <Page
      title={queue === 'mine' ? t('reports.myTitle') : t('reports.allTitle')}
      data-testid={`report-list-${queue}`}
      extra={
        <Flex gap={8} wrap>
          <ExportButtons list="reports" filters={{ queue, status, type }} />
          <Button icon={<ReloadOutlined />} onClick={() => void query.reload()}>
            {t('common.refresh')}
          </Button>
          {queue === 'mine' && can('report.create') && (
            <Button type="primary" icon={<FileAddOutlined />} onClick={() => navigate('/reports/new')}>
              {t('menu.newReport')}
            </Button>
          )}
        </Flex>
      }
    >
      <Card>
        <Flex gap={12} wrap>
          <Select<ReportType>
            allowClear
            value={type}
            onChange={(v) => update({ type: v })}
            placeholder={`${t('reports.type')}：${t('common.all')}`}
            options={REPORT_TYPES.map((v) => ({ value: v, label: t(`reportType.${v}`) }))}
            style={{ width: 180 }}
          />
          <Select<ReportStatus>
            allowClear
            value={status}
            onChange={(v) => update({ status: v })}
            placeholder={`${t('reports.status')}：${t('common.all')}`}
            options={REPORT_STATUSES.map((v) => ({ value: v, label: t(`reportStatus.${v}`) }))}
            style={{ width: 200 }}
          />
        </Flex>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <QueryResult {...query}>
          {(data) => (
            <ReportTable
              items={data.items}
              loading={query.loading}
              hideUnit={queue === 'mine'}
              hideReporter={queue === 'mine'}
              pagination={pagination(data.total)}
            />
          )}
        </QueryResult>
      </Card>
    </Page>
  );
}
