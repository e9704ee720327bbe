import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from '../api/useQuery.js';
import { formatDateTime } from '../lib/dates.js';
import { FEED_STATUSES, feedsApi, type FeedBatch, type FeedStatus, type FeedTypeCode } from './feedsApi.js';
import { FeedStatusTag } from './FeedStatusTag.js';

const PAGE_SIZE = 20;

/** The feeds received, newest first, filtered by type and status. */
export function FeedBatchList() {
  const { t, i18n } = useTranslation();
  const [feedType, setFeedType] = useState<FeedTypeCode>();
  const [status, setStatus] = useState<FeedStatus>();
  const [page, setPage] = useState(1);
  const types = useQuery(() => feedsApi.types(), []);
  const list = useQuery(() => feedsApi.list({ feedType, status, page, pageSize: PAGE_SIZE }), [feedType, status, page]);
  const en = i18n.language === 'en';
  const typeName = (b: FeedBatch) => {
    const info = types.data?.find((x) => x.code === b.feedType);
    return info ? (en ? info.nameEn : info.nameZh) : b.feedTypeName;
  };

  return (
    <Card>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('feeds.allTypes')}
          value={feedType}
          onChange={(v) => {
            setFeedType(v);
            setPage(1);
          }}
          options={(types.data ?? []).map((x) => ({ value: x.code, label: en ? x.nameEn : x.nameZh }))}
          style={{ width: 220 }}
          data-testid="feeds-filter-type"
        />
        <Select
          allowClear
          placeholder={t('feeds.allStatuses')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={FEED_STATUSES.map((s) => ({ value: s, label: t(`feeds.statusName.${s}`) }))}
          style={{ width: 160 }}
        />
        <div style={{ flex: 1 }} />
        <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
          {t('common.refresh')}
        </Button>
      </Flex>
      <Table<FeedBatch>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('feeds.noBatches') }}
        data-testid="feeds-table"
        scroll={{ x: 960 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => t('common.total', { count: n }),
          showSizeChanger: false,
        }}
        columns={[
          {
            title: t('feeds.receivedAt'),
            dataIndex: 'receivedAt',
            width: 150,
            render: (v: string) => formatDateTime(v),
          },
          { title: t('feeds.feedType'), key: 'type', width: 150, render: (_, b) => typeName(b) },
          { title: t('feeds.department'), dataIndex: 'departmentName', width: 150 },
          {
            title: t('feeds.channel'),
            dataIndex: 'channel',
            width: 100,
            render: (c: FeedBatch['channel']) => t(`feeds.channelName.${c}`),
          },
          {
            title: t('feeds.fileName'),
            dataIndex: 'fileName',
            ellipsis: true,
            render: (name: string, b) => (
              <Link to={`/feeds/batches/${b.id}`} data-testid="feed-link">
                {name}
              </Link>
            ),
          },
          {
            title: t('feeds.rows'),
            key: 'rows',
            width: 110,
            align: 'right',
            render: (_, b) => (
              <Typography.Text>
                {b.status === 'parsed' ? `${b.recordCount} / ${b.rowCount}` : b.rowCount}
              </Typography.Text>
            ),
          },
          {
            title: t('feeds.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: FeedStatus) => <FeedStatusTag status={s} />,
          },
        ]}
      />
    </Card>
  );
}
