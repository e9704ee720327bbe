import { Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';
import { programsApi } from './programsApi.js';

/** The versions of a program, newest first: when, who and why. Loaded when opened (and again after a change). */
export function ProgramHistory({ code, version }: { code: string; version: number }) {
  const { t } = useTranslation();
  const query = useQuery(() => programsApi.get(code), [code, version]);
  return (
    <QueryResult {...query}>
      {(detail) =>
        detail.history.length === 0 ? (
          <Empty description={t('benefits.programs.historyEmpty')} />
        ) : (
          <Timeline
            data-testid={`program-history-${code}`}
            items={detail.history.map((h) => ({
              key: h.version,
              color: h.version === detail.version ? 'green' : 'gray',
              content: (
                <>
                  <Typography.Text strong>{t('benefits.programs.version', { version: h.version })}</Typography.Text>{' '}
                  <Typography.Text type="secondary">
                    {h.createdAt ? formatDateTime(h.createdAt) : ''}{' '}
                    {h.createdBy?.name ?? t('benefits.programs.historyBuiltIn')}
                  </Typography.Text>
                  <div lang="zh-CN">{h.note}</div>
                </>
              ),
            }))}
          />
        )
      }
    </QueryResult>
  );
}
