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
  'data-testid'?: string;
};

/**
 * Why a returned report came back (or why a cancelled one was withdrawn), under its summary: a
 * village worker must see it without opening the report.
 */
function LastReason({ report }: { report: ReportListItem }) {
  const { t } = useTranslation();
  if (!report.lastReason || (report.status !== 'returned' && report.status !== 'cancelled')) return null;
  const returned = report.status === 'returned';
  return (
    <div>
      <Typography.Text
        type={returned ? 'danger' : 'secondary'}
        style={{ fontSize: 12 }}
        data-testid={returned ? 'report-row-return-reason' : 'report-row-cancel-reason'}
      >
        {t(returned ? 'report.lastReturn' : 'report.lastCancel', { reason: report.lastReason })}
      </Typography.Text>
    </div>
  );
}

/** Reports as every list shows them; a row opens the report. */
export function ReportTable({
  items,
  loading,
  pagination,
  actions,
  hideUnit,
  hideReporter,
  ...rest
}: ReportTableProps) {
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
          <LastReason report={row} />
        </>
      ),
    },
    { title: t('reports.eventDate'), dataIndex: 'eventDate', width: 120, render: (v: string) => formatDate(v) },
    ...(hideUnit
      ? []
      : [
          {
            title: t('reports.unit'),
            key: 'unit',
            width: 110,
            ellipsis: true,
            render: (_: unknown, r: ReportListItem) => r.unit.name,
          },
        ]),
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
      : [
          {
            title: t('reports.updatedAt'),
            dataIndex: 'updatedAt',
            width: 150,
            render: (v: string) => formatDateTime(v),
          },
        ]),
    {
      title: t('reports.status'),
      dataIndex: 'status',
      width: 130,
      render: (v: ReportStatus) => <ReportStatusTag status={v} />,
    },
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
