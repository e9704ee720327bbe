import { Flex, Select, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/api.js';
import { IMPORT_KINDS, type ImportBatchStatus, type ImportBatchSummary, type ImportKind } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { QueryResult } from '../shell/QueryResult.js';

const PAGE_SIZE = 10;

export function ImportStatusTag({ status }: { status: ImportBatchStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'succeeded' ? 'green' : 'red'} data-testid="import-status" data-status={status}>
      {status === 'succeeded' ? t('imports.statusSucceeded') : t('imports.statusFailed')}
    </Tag>
  );
}

export const kindLabel = (t: TFunction, kind: ImportKind) =>
  kind === 'persons' ? t('imports.kindPersons') : t('imports.kindEvents');

/**
 * Past imports in the caller's area, newest first: imported and refused files alike; a row
 * opens the batch. `version` reloads it (after an import).
 */
export function ImportBatchList({ version }: { version: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<ImportBatchStatus>();
  const [kind, setKind] = useState<ImportKind>();
  const query = useQuery(
    () => api.listImports({ status, kind, page, pageSize: PAGE_SIZE }),
    [status, kind, page, version],
  );
  return (
    <Flex vertical gap={12}>
      <Flex gap={12} wrap>
        <Select<ImportBatchStatus>
          allowClear
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          placeholder={t('imports.allStatuses')}
          options={[
            { value: 'succeeded', label: t('imports.statusSucceeded') },
            { value: 'failed', label: t('imports.statusFailed') },
          ]}
          style={{ width: 160 }}
        />
        <Select<ImportKind>
          allowClear
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          placeholder={t('imports.allKinds')}
          options={IMPORT_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))}
          style={{ width: 180 }}
        />
      </Flex>
      <QueryResult {...query}>
        {(data) => (
          <Table<ImportBatchSummary>
            size="middle"
            rowKey="id"
            data-testid="import-batches"
            loading={query.loading}
            dataSource={data.items}
            locale={{ emptyText: t('imports.noBatches') }}
            scroll={{ x: 900 }}
            rowClassName={() => 'renkou-clickable-row'}
            onRow={(row) =>
              ({
                onClick: () => navigate(`/imports/${row.id}`),
                'data-testid': 'import-batch-row',
                'data-batch-id': row.id,
              }) as React.HTMLAttributes<HTMLElement>
            }
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data.total,
              showSizeChanger: false,
              showTotal: (total) => t('common.total', { count: total }),
              onChange: setPage,
            }}
            columns={[
              {
                title: t('imports.startedAt'),
                dataIndex: 'startedAt',
                width: 150,
                render: (v: string) => formatDateTime(v),
              },
              { title: t('imports.kind'), dataIndex: 'kind', width: 130, render: (v: ImportKind) => kindLabel(t, v) },
              {
                title: t('imports.file'),
                dataIndex: 'fileName',
                ellipsis: true,
                render: (v: string) => <Typography.Link>{v}</Typography.Link>,
              },
              { title: t('imports.unit'), key: 'unit', width: 110, render: (_, r) => r.unit.name },
              {
                title: t('imports.importedBy'),
                key: 'by',
                width: 170,
                ellipsis: true,
                render: (_, r) => r.importedBy.displayName,
              },
              {
                title: t('imports.format'),
                key: 'format',
                width: 110,
                render: (_, r) => [r.format?.toUpperCase(), r.encoding].filter(Boolean).join(' · '),
              },
              { title: t('imports.rows'), dataIndex: 'rowCount', width: 80 },
              {
                title: t('imports.status'),
                key: 'status',
                width: 150,
                render: (_, r) => (
                  <Flex gap={4} align="center">
                    <ImportStatusTag status={r.status} />
                    {r.status === 'failed' && r.problemCount > 0 && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.problemCount}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
            ]}
          />
        )}
      </QueryResult>
    </Flex>
  );
}
