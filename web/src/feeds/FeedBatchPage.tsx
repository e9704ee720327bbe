import { DownloadOutlined, SyncOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Popconfirm, Result, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError, saveFile } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate, formatDateTime } from '../lib/dates.js';
import { LinkageRunPanel } from '../linkage/LinkageRunPanel.js';
import { Page } from '../shell/Page.js';
import { useErrorMessage } from '../shell/useErrorMessage.js';
import { FeedProblemsTable } from './FeedProblemsTable.js';
import { FeedStatusTag } from './FeedStatusTag.js';
import { feedsApi, type FeedEncoding, type FeedRecord } from './feedsApi.js';

const PAGE_SIZE = 50;
const size = (n: number) => (n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** /feeds/batches/:id: one received feed, its records (ID numbers masked) and its problems. */
export function FeedBatchPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorMessage();
  const [refresh, setRefresh] = useState(0);
  const [page, setPage] = useState(1);
  const [encoding, setEncoding] = useState<FeedEncoding | undefined>();
  const [busy, setBusy] = useState<'file' | 'reprocess'>();
  const batch = useQuery(() => feedsApi.get(id), [id, refresh]);
  const records = useQuery(() => feedsApi.records(id, { page, pageSize: PAGE_SIZE }), [id, page, refresh]);
  const b = batch.data;

  if (batch.error instanceof ApiError && batch.error.status === 404) {
    return (
      <Page title={t('feeds.batch.title')} back>
        <Result status="404" subTitle={t('common.notFound')} />
      </Page>
    );
  }

  const download = () => {
    if (!b) return;
    setBusy('file');
    feedsApi
      .file(b.id, b.fileName)
      .then(saveFile)
      .catch(showError)
      .finally(() => setBusy(undefined));
  };
  const reprocess = async () => {
    setBusy('reprocess');
    try {
      const r = await feedsApi.reprocess(id, encoding);
      void message.success(
        t('feeds.batch.reprocessed', { status: t(`feeds.statusName.${r.batch.status}`), count: r.batch.recordCount }),
      );
      setPage(1);
      setRefresh((n) => n + 1);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(undefined);
    }
  };
  const person = (masked: string | null, name: string | null) =>
    masked || name ? [name, masked].filter(Boolean).join(' ') : '—';
  const details = (d: Record<string, unknown>) =>
    Object.entries(d)
      .filter(([, v]) => v !== null && v !== '' && v !== false)
      .map(
        ([k, v]) =>
          `${(t as (key: string, o?: object) => string)(`feeds.detailName.${k}`, { defaultValue: k })}：${v === true ? t('common.yes') : String(v)}`,
      )
      .join(i18n.language === 'en' ? '; ' : '；');

  return (
    <Page
      title={b ? `${b.feedTypeName} · ${b.fileName}` : t('feeds.batch.title')}
      back
      data-testid="feed-batch-page"
      extra={
        b && (
          <Flex gap={8} wrap>
            <Button
              icon={<DownloadOutlined />}
              loading={busy === 'file'}
              onClick={download}
              data-testid="feed-download"
            >
              {t('feeds.batch.download')}
            </Button>
            <Select
              allowClear
              placeholder={t('feeds.batch.reprocessEncoding')}
              value={encoding}
              onChange={setEncoding}
              options={(['auto', 'utf-8', 'gbk'] as const).map((e) => ({
                value: e,
                label: t(
                  e === 'auto'
                    ? 'feeds.upload.encodingAuto'
                    : e === 'gbk'
                      ? 'feeds.upload.encodingGbk'
                      : 'feeds.upload.encodingUtf8',
                ),
              }))}
              style={{ width: 200 }}
            />
            <Popconfirm title={t('feeds.batch.reprocessConfirm')} onConfirm={() => void reprocess()}>
              <Button icon={<SyncOutlined />} loading={busy === 'reprocess'} data-testid="feed-reprocess">
                {t('feeds.batch.reprocess')}
              </Button>
            </Popconfirm>
          </Flex>
        )
      }
    >
      {b && (
        <Card>
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
            <Descriptions.Item label={t('feeds.status')}>
              <FeedStatusTag status={b.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('feeds.department')}>{b.departmentName}</Descriptions.Item>
            <Descriptions.Item label={t('feeds.channel')}>{t(`feeds.channelName.${b.channel}`)}</Descriptions.Item>
            <Descriptions.Item label={t('feeds.sender')}>{b.senderName}</Descriptions.Item>
            <Descriptions.Item label={t('feeds.receivedAt')}>{formatDateTime(b.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('feeds.batch.parsedAt')}>
              {formatDateTime(b.parsedAt)}（{t('feeds.batch.parseCount')} {b.parseCount}）
            </Descriptions.Item>
            <Descriptions.Item label={t('feeds.batch.file')}>
              {b.fileName} · {b.format?.toUpperCase() ?? '—'} · {size(b.fileSize)}
            </Descriptions.Item>
            <Descriptions.Item label={t('feeds.batch.encoding')}>{b.encodingDetected ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('feeds.rows')}>
              {b.rowCount}
              {Object.entries(b.recordTypeCounts).map(([k, n]) => (
                <Tag key={k} style={{ marginLeft: 8 }}>
                  {t(`feeds.recordType.${k as FeedRecord['recordType']}`)} {n}
                </Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('feeds.batch.sha256')} span={3}>
              <Typography.Text code copyable style={{ fontSize: 12 }}>
                {b.fileSha256}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}

      {b && b.problems.length > 0 && (
        <Card title={t('feeds.batch.problems', { count: b.problemCount })}>
          <FeedProblemsTable problems={b.problems} />
        </Card>
      )}

      {/* Linking the parsed records to the registry: findings and village tasks (docs/linkage.md). */}
      {b && b.status === 'parsed' && <LinkageRunPanel batchId={b.id} />}

      <Card title={t('feeds.batch.recordsTitle', { count: records.data?.total ?? 0 })}>
        <Table<FeedRecord>
          rowKey="id"
          size="small"
          loading={records.loading}
          dataSource={records.data?.items ?? []}
          locale={{ emptyText: t('feeds.batch.noRecords') }}
          data-testid="feed-records"
          scroll={{ x: 1640 }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: records.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            showTotal: (n) => t('common.total', { count: n }),
          }}
          columns={[
            { title: t('feeds.record.row'), dataIndex: 'rowNumber', width: 60 },
            {
              title: t('feeds.record.type'),
              dataIndex: 'recordType',
              width: 80,
              render: (r: FeedRecord['recordType']) => t(`feeds.recordType.${r}`),
            },
            { title: t('feeds.record.name'), dataIndex: 'name', width: 90, render: (v: string | null) => v ?? '—' },
            {
              title: t('feeds.record.idNumber'),
              dataIndex: 'idNumberMasked',
              width: 180,
              render: (v: string | null) => <span className="mono">{v ?? '—'}</span>,
            },
            {
              title: t('feeds.record.sex'),
              dataIndex: 'sex',
              width: 60,
              render: (v: number | null) =>
                v === 1 || v === 2 ? t(`feeds.record.sexName.${v === 1 ? '1' : '2'}`) : '—',
            },
            {
              title: t('feeds.record.birthDate'),
              dataIndex: 'birthDate',
              width: 110,
              render: (v: string | null) => formatDate(v),
            },
            {
              title: t('feeds.record.eventDate'),
              dataIndex: 'eventDate',
              width: 110,
              render: (v: string) => formatDate(v),
            },
            { title: t('feeds.record.unit'), key: 'unit', width: 120, render: (_, r) => r.unitName ?? '—' },
            {
              title: t('feeds.record.mother'),
              key: 'mother',
              width: 200,
              render: (_, r) => person(r.motherIdNumberMasked, r.motherName),
            },
            {
              title: t('feeds.record.spouse'),
              key: 'spouse',
              width: 200,
              render: (_, r) => person(r.spouseIdNumberMasked, r.spouseName),
            },
            {
              title: t('feeds.record.details'),
              dataIndex: 'details',
              width: 420,
              render: (d: Record<string, unknown>) => <Typography.Text type="secondary">{details(d)}</Typography.Text>,
            },
          ]}
        />
      </Card>
    </Page>
  );
}
