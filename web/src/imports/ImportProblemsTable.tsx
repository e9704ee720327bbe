import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportProblem } from '../api/types.js';

/**
 * The problems of a file, one line each: file, row (as Excel numbers it), column (letter and
 * header) and what is wrong. A problem of the whole file has no row or column.
 */
export function ImportProblemsTable({
  problems,
  'data-testid': testid,
}: {
  problems: ImportProblem[];
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  return (
    <Table<ImportProblem>
      size="small"
      data-testid={testid ?? 'import-problems'}
      rowKey={(p, i) => `${p.row ?? 'file'}:${p.column ?? ''}:${i}`}
      dataSource={problems}
      pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      onRow={(p) => ({ 'data-testid': 'import-problem', 'data-row': p.row ?? '' }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('imports.problemFile'), dataIndex: 'file', width: 180, ellipsis: true },
        {
          title: t('imports.problemRow'),
          dataIndex: 'row',
          width: 70,
          render: (v: number | null) =>
            v ?? <Typography.Text type="secondary">{t('imports.wholeFile')}</Typography.Text>,
        },
        {
          title: t('imports.problemColumn'),
          key: 'column',
          width: 170,
          render: (_, p) => (p.column ? `${p.column}${p.header ? `（${p.header}）` : ''}` : '—'),
        },
        {
          title: t('imports.problemMessage'),
          dataIndex: 'reason',
          render: (v: string, p) => <Typography.Text type="danger">{v || p.message}</Typography.Text>,
        },
      ]}
    />
  );
}
