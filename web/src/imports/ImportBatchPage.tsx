import { Alert, Card, Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { ErrorReportButtons } from './ErrorReportButtons.js';
import { ImportStatusTag, kindLabel } from './ImportBatchList.js';
import { ImportCounts } from './ImportCounts.js';
import { ImportProblemsTable } from './ImportProblemsTable.js';

const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** One import batch: the file, who imported it when, and what it wrote or why it was refused. */
export function ImportBatchPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const query = useQuery(() => api.getImport(id), [id]);
  const batch = query.data;
  return (
    <Page
      back
      title={batch ? `${t('imports.batch')}：${batch.fileName}` : t('imports.batch')}
      subtitle={batch ? <ImportStatusTag status={batch.status} /> : undefined}
      data-testid="import-batch-page"
    >
      <QueryResult {...query}>
        {(b) => (
          <>
            <Card>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'kind', label: t('imports.kind'), children: kindLabel(t, b.kind) },
                  { key: 'file', label: t('imports.file'), children: b.fileName },
                  {
                    key: 'format',
                    label: t('imports.format'),
                    children: [b.format?.toUpperCase(), b.encoding, kilobytes(b.fileBytes)].filter(Boolean).join(' · '),
                  },
                  { key: 'unit', label: t('imports.unit'), children: b.unit.name },
                  { key: 'by', label: t('imports.importedBy'), children: b.importedBy.displayName },
                  { key: 'started', label: t('imports.startedAt'), children: formatDateTime(b.startedAt) },
                  { key: 'finished', label: t('imports.finishedAt'), children: formatDateTime(b.finishedAt) },
                  { key: 'rows', label: t('imports.rows'), children: b.rowCount },
                  ...(b.options?.mapping && Object.keys(b.options.mapping).length > 0
                    ? [
                        {
                          key: 'mapping',
                          label: t('imports.mapping'),
                          span: 2,
                          children: Object.entries(b.options.mapping)
                            .map(([header, field]) => `${header} → ${field || t('imports.ignore')}`)
                            .join('；'),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
            {b.status === 'succeeded' ? (
              <Card title={t('imports.result')}>
                <ImportCounts counts={b.counts} />
              </Card>
            ) : (
              <Card title={t('imports.problems')} extra={<ErrorReportButtons batchId={b.id} />}>
                <Flex vertical gap={12}>
                  {b.problemCount > b.problems.length && (
                    <Alert
                      type="warning"
                      showIcon
                      title={t('imports.problemsTruncated', { total: b.problemCount, shown: b.problems.length })}
                    />
                  )}
                  <ImportProblemsTable problems={b.problems} />
                </Flex>
              </Card>
            )}
            {b.warnings.length > 0 && (
              <Card title={t('imports.warnings')}>
                <Flex vertical gap={4}>
                  {b.warnings.map((w, i) => (
                    <Typography.Text key={i} type="warning">
                      {w.message}
                    </Typography.Text>
                  ))}
                </Flex>
              </Card>
            )}
          </>
        )}
      </QueryResult>
    </Page>
  );
}
