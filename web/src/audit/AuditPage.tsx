import { ReloadOutlined, SafetyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Flex, Input, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api.js';
import type { AuditEntry, AuditVerify } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';

const PAGE_SIZE = 50;

const OUTCOME_COLORS: Record<string, string> = { success: 'green', failure: 'red', denied: 'orange' };

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'string') return detail;
  return JSON.stringify(detail);
}

/** The audit administrator's view of the append-only, hash-chained audit log. */
export function AuditPage() {
  const { t } = useTranslation();
  const showError = useErrorMessage();
  const { params, page, update, pagination } = useListParams(PAGE_SIZE);
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const username = params.get('username') ?? undefined;
  const action = params.get('action') ?? undefined;
  const [verify, setVerify] = useState<AuditVerify>();
  const [verifying, setVerifying] = useState(false);

  const query = useQuery(
    () => api.listAudit({ from, to, username, action, page, pageSize: PAGE_SIZE }),
    [from, to, username, action, page],
  );

  const runVerify = () => {
    setVerifying(true);
    api
      .verifyAudit()
      .then(setVerify)
      .catch(showError)
      .finally(() => setVerifying(false));
  };

  const outcomeLabel = (o: string) =>
    o === 'success'
      ? t('audit.outcomeSuccess')
      : o === 'failure'
        ? t('audit.outcomeFailure')
        : o === 'denied'
          ? t('audit.outcomeDenied')
          : o;

  return (
    <Page
      title={t('audit.title')}
      data-testid="audit-page"
      extra={
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={() => void query.reload()}>
            {t('common.refresh')}
          </Button>
          <Button
            type="primary"
            icon={<SafetyOutlined />}
            loading={verifying}
            onClick={runVerify}
            data-testid="audit-verify"
          >
            {t('audit.verify')}
          </Button>
        </Flex>
      }
    >
      {verify && (
        <Alert
          data-testid="audit-verify-result"
          type={verify.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => setVerify(undefined) }}
          title={
            verify.ok
              ? t('audit.verifyOk', { checked: verify.checked })
              : t('audit.verifyBroken', { id: verify.brokenAt ?? '?', checked: verify.checked })
          }
        />
      )}
      <Card>
        <Flex gap={12} wrap>
          <DatePicker.RangePicker
            value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
            placeholder={[t('audit.from'), t('audit.to')]}
            allowEmpty={[true, true]}
            onChange={(range) => {
              const [a, b] = (range ?? [null, null]) as [Dayjs | null, Dayjs | null];
              update({ from: a?.format('YYYY-MM-DD'), to: b?.format('YYYY-MM-DD') });
            }}
          />
          <Input.Search
            allowClear
            defaultValue={username}
            placeholder={t('audit.username')}
            onSearch={(v) => update({ username: v.trim() || undefined })}
            style={{ width: 200 }}
          />
          <Input.Search
            allowClear
            defaultValue={action}
            placeholder={t('audit.action')}
            onSearch={(v) => update({ action: v.trim() || undefined })}
            style={{ width: 220 }}
          />
        </Flex>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <QueryResult {...query}>
          {(data) => (
            <Table<AuditEntry>
              rowKey="id"
              size="small"
              loading={query.loading}
              dataSource={data.items}
              data-testid="audit-table"
              scroll={{ x: 1100 }}
              pagination={pagination(data.total)}
              columns={[
                { title: '#', dataIndex: 'id', width: 80 },
                { title: t('audit.at'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
                {
                  title: t('audit.username'),
                  dataIndex: 'username',
                  width: 110,
                  render: (v: string | null) => v ?? t('common.none'),
                },
                {
                  title: t('audit.unit'),
                  dataIndex: 'unitId',
                  width: 130,
                  render: (v: string | null) => v ?? t('common.none'),
                },
                {
                  title: t('audit.action'),
                  dataIndex: 'action',
                  width: 170,
                  render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
                },
                {
                  title: t('audit.object'),
                  key: 'object',
                  width: 200,
                  render: (_, e) =>
                    e.objectType ? (
                      <Flex gap={4} align="center">
                        <Tag bordered={false}>{e.objectType}</Tag>
                        {e.objectId && (
                          <Typography.Text
                            type="secondary"
                            copyable={{ text: e.objectId }}
                            ellipsis={{ tooltip: e.objectId }}
                            style={{ maxWidth: 90, fontSize: 12 }}
                          >
                            {e.objectId}
                          </Typography.Text>
                        )}
                      </Flex>
                    ) : (
                      t('common.none')
                    ),
                },
                {
                  title: t('audit.outcome'),
                  dataIndex: 'outcome',
                  width: 90,
                  render: (v: string) => <Tag color={OUTCOME_COLORS[v] ?? 'default'}>{outcomeLabel(v)}</Tag>,
                },
                {
                  title: t('audit.address'),
                  dataIndex: 'address',
                  width: 120,
                  render: (v: string | null) => v ?? t('common.none'),
                },
                {
                  title: t('audit.detail'),
                  dataIndex: 'detail',
                  render: (v: unknown) => (
                    <Typography.Text type="secondary" ellipsis={{ tooltip: detailText(v) }} style={{ maxWidth: 280 }}>
                      {detailText(v)}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          )}
        </QueryResult>
      </Card>
    </Page>
  );
}
