import { Table, Tag, Typography } from 'antd';
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table/index.js';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { ReportListItem, ReportStatus, ReportType } from '../api/types.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import { ReportStatusTag } from './ReportStatusTag.js';

export type ReportTableProps = {
  items: ReportListItem[];
  loading?: boolean;
  pagination?: false | TablePaginationConfig;
  /** Extra cells at the end (the review queue's buttons). */
  actions?: (row: ReportListItem) => ReactNode;
  hideUnit?: boolean;
  /** A village worker's own lists: every row is hers. */
  hideReporter?: boolean;
  /** Why each returned report came back, by report id, shown under its summary. */
  returnReasons?: Record<string, string>;
  'data-testid'?: string;
};

/** Reports as every list shows them; a row opens the report. */
export function ReportTable({ items, loading, pagination, actions, hideUnit, hideReporter, returnReasons, ...rest }: ReportTableProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const columns: ColumnsType<ReportListItem> = [
    {
      title: t('reports.type'),
      dataIndex: 'type',
      width: 110,
      render: (v: ReportType) => <Tag color="blue">{t(`reportType.${v}`)}</Tag>,
    },
    {
      title: t('reports.summary'),
      dataIndex: 'summary',
      render: (v: string, row) => (
        <>
          <Typography.Link data-testid="report-row-summary">{v}</Typography.Link>
          {row.status === 'returned' && returnReasons?.[row.id] && (
            <div>
              <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="report-row-return-reason">
                {t('report.lastReturn', { reason: returnReasons[row.id] })}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    { title: t('reports.eventDate'), dataIndex: 'eventDate', width: 120, render: (v: string) => formatDate(v) },
    ...(hideUnit
      ? []
      : [{ title: t('reports.unit'), key: 'unit', width: 110, ellipsis: true, render: (_: unknown, r: ReportListItem) => r.unit.name }]),
    ...(hideReporter
      ? []
      : [
          {
            title: t('reports.reporter'),
            key: 'reporter',
            width: 150,
            ellipsis: true,
            render: (_: unknown, r: ReportListItem) => r.reporter.displayName,
          },
        ]),
    { title: t('reports.reportedOn'), dataIndex: 'reportedOn', width: 120, render: (v: string) => formatDate(v) },
    ...(actions
      ? []
      : [{ title: t('reports.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (v: string) => formatDateTime(v) }]),
    { title: t('reports.status'), dataIndex: 'status', width: 130, render: (v: ReportStatus) => <ReportStatusTag status={v} /> },
  ];
  if (actions) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      fixed: 'right',
      render: (_, row) => (
        <div onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} role="presentation">
          {actions(row)}
        </div>
      ),
    });
  }
  return (
    <Table<ReportListItem>
      data-testid={rest['data-testid'] ?? 'report-table'}
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      columns={columns}
      pagination={pagination}
      scroll={{ x: 900 }}
      rowClassName={() => 'renkou-clickable-row'}
      onRow={(row) =>
        ({
          onClick: () => navigate(`/reports/${row.id}`),
          'data-testid': 'report-row',
          'data-report-id': row.id,
        }) as React.HTMLAttributes<HTMLElement>
      }
    />
  );
}
