import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Flex, Input, Select, Space, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { toIsoDate } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { DeadlineTags } from './DeadlineTags.js';
import { PetitionDrawer } from './PetitionDrawer.js';
import { PetitionRegisterForm } from './PetitionRegisterForm.js';
import { CHANNELS, petitionsApi, STATUSES, type Channel, type Petition, type PetitionQuery } from './petitionsApi.js';

const PAGE_SIZE = 20;

/** 信访 (Petitions, issue 7): the register with deadline tags, the counts, the form and the detail drawer (/petitions/:id). */
export function PetitionsPage() {
  const { t } = useTranslation();
  const { can } = useMe();
  const navigate = useNavigate();
  const openId = useParams()['*'] || undefined;
  const [filter, setFilter] = useState<PetitionQuery>({});
  const [page, setPage] = useState(1);
  const [registering, setRegistering] = useState(false);
  const query = useQuery(
    () => petitionsApi.list({ ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    [JSON.stringify(filter), page],
  );
  const set = (patch: PetitionQuery) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  const columns: ColumnsType<Petition> = [
    { title: t('petitions.column.number'), dataIndex: 'number', width: 110 },
    { title: t('petitions.column.receivedOn'), dataIndex: 'receivedOn', width: 110 },
    {
      title: t('petitions.column.channel'),
      dataIndex: 'channel',
      width: 90,
      render: (c: Channel) => t(`petitions.channel.${c}`),
    },
    {
      title: t('petitions.column.subject'),
      dataIndex: 'subject',
      render: (s: string, p) => (
        <Typography.Link onClick={() => void navigate(`/petitions/${p.id}`)} data-testid="petition-open">
          {s}
        </Typography.Link>
      ),
    },
    { title: t('petitions.column.petitioner'), dataIndex: 'petitionerName', width: 100 },
    { title: t('petitions.column.unit'), dataIndex: 'unitName', width: 120 },
    {
      title: t('petitions.column.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: Petition['status']) => t(`petitions.status.${s}`),
    },
    {
      title: t('petitions.column.deadline'),
      key: 'deadline',
      width: 190,
      render: (_, p) => <DeadlineTags petition={p} />,
    },
  ];

  return (
    <Page
      title={t('petitions.title')}
      subtitle={t('petitions.subtitle')}
      data-testid="petitions-page"
      extra={
        <Space>
          {can('petition.register') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setRegistering(true)}
              data-testid="petition-register"
            >
              {t('petitions.register')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void query.reload()}>
            {t('petitions.refresh')}
          </Button>
        </Space>
      }
    >
      {query.data && (
        <Flex gap={16} wrap>
          <Card size="small">
            <Statistic title={t('petitions.counts.total')} value={query.data.counts.total} />
          </Card>
          <Card size="small">
            <Statistic title={t('petitions.counts.open')} value={query.data.counts.open} />
          </Card>
          <Card size="small" hoverable onClick={() => set({ overdue: true, escalated: undefined })}>
            <Statistic
              title={t('petitions.counts.overdue')}
              value={query.data.counts.overdue}
              valueStyle={query.data.counts.overdue ? { color: '#cf1322' } : undefined}
            />
          </Card>
          <Card
            size="small"
            hoverable
            onClick={() => set({ escalated: true, overdue: undefined })}
            data-testid="petition-escalated-count"
          >
            <Statistic
              title={t('petitions.counts.escalated')}
              value={query.data.counts.escalatedOpen}
              valueStyle={query.data.counts.escalatedOpen ? { color: '#cf1322' } : undefined}
            />
          </Card>
        </Flex>
      )}
      <Card size="small">
        <Flex gap={8} wrap align="center">
          <Select
            allowClear
            mode="multiple"
            placeholder={t('petitions.filter.status')}
            style={{ minWidth: 160 }}
            options={STATUSES.map((s) => ({ value: s, label: t(`petitions.status.${s}`) }))}
            onChange={(v: string[]) => set({ status: v.length ? v.join(',') : undefined })}
            data-testid="petition-filter-status"
          />
          <UnitPicker
            placeholder={t('petitions.filter.unit')}
            style={{ width: 200 }}
            value={filter.unitId}
            onChange={(unitId) => set({ unitId })}
          />
          <Select
            allowClear
            placeholder={t('petitions.filter.channel')}
            style={{ width: 130 }}
            options={CHANNELS.map((c) => ({ value: c, label: t(`petitions.channel.${c}`) }))}
            onChange={(channel?: Channel) => set({ channel })}
          />
          <DatePicker.RangePicker
            placeholder={[t('petitions.filter.received'), t('petitions.filter.received')]}
            onChange={(r) =>
              set({
                receivedFrom: toIsoDate((r?.[0] as Dayjs | null) ?? null),
                receivedTo: toIsoDate((r?.[1] as Dayjs | null) ?? null),
              })
            }
          />
          <Checkbox checked={!!filter.overdue} onChange={(e) => set({ overdue: e.target.checked || undefined })}>
            {t('petitions.filter.overdue')}
          </Checkbox>
          <Checkbox
            checked={!!filter.escalated}
            onChange={(e) => set({ escalated: e.target.checked || undefined })}
            data-testid="petition-filter-escalated"
          >
            {t('petitions.filter.escalated')}
          </Checkbox>
          <Input.Search
            allowClear
            placeholder={t('petitions.filter.search')}
            style={{ width: 240 }}
            onSearch={(search) => set({ search: search || undefined })}
          />
        </Flex>
      </Card>
      <QueryResult {...query}>
        {(data) => (
          <Table
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={data.items}
            data-testid="petition-table"
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: data.total,
              onChange: setPage,
              showSizeChanger: false,
            }}
          />
        )}
      </QueryResult>
      <PetitionRegisterForm
        open={registering}
        onClose={() => setRegistering(false)}
        onDone={(id) => {
          setRegistering(false);
          void query.reload();
          void navigate(`/petitions/${id}`);
        }}
      />
      <PetitionDrawer id={openId} onClose={() => void navigate('/petitions')} onChanged={() => void query.reload()} />
    </Page>
  );
}
