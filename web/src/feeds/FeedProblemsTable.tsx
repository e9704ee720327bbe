import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FeedProblem } from './feedsApi.js';

/** A refused feed's problems: row, column (letter and header) and what is wrong. */
export function FeedProblemsTable({ problems }: { problems: FeedProblem[] }) {
  const { t } = useTranslation();
  return (
    <Table<FeedProblem>
      rowKey={(p, i) => `${p.row ?? 'file'}-${p.column ?? ''}-${i}`}
      size="small"
      dataSource={problems}
      pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      data-testid="feed-problems"
      columns={[
        { title: t('feeds.batch.problemRow'), dataIndex: 'row', width: 70, render: (r: number | null) => r ?? '—' },
        {
          title: t('feeds.batch.problemColumn'),
          key: 'column',
          width: 180,
          render: (_, p) => (p.column ? `${p.column}（${p.header ?? ''}）` : '—'),
        },
        { title: t('feeds.batch.problemMessage'), dataIndex: 'reason' },
      ]}
    />
  );
}
