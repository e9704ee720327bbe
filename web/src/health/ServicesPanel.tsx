import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Flex, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../accounts/useMe.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate, fromIsoDate, toIsoDate } from '../lib/dates.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { HEALTH_KINDS, type ServiceListItem, healthApi } from './healthApi.js';
import { PersonCell, ResultTag } from './HealthTags.js';
import { ServiceDrawer } from './ServiceDrawer.js';
import { ServiceForm } from './ServiceForm.js';

const PAGE_SIZE = 20;

/** The register of services given: filters, the list (findings never shown here), a record's drawer, and the form to record one. */
export function ServicesPanel() {
  const { t } = useTranslation();
  const { can } = useMe();
  const { params, page, update, oneOf, pagination } = useListParams(PAGE_SIZE);
  const unitId = params.get('unitId') ?? undefined;
  const kind = oneOf('kind', HEALTH_KINDS);
  const result = oneOf('result', ['normal', 'abnormal'] as const);
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const includeVoided = params.get('voided') === 'true' ? 'true' : undefined;
  const openId = params.get('service') ?? undefined;
  const [recording, setRecording] = useState(false);

  const list = useQuery(
    () => healthApi.services({ unitId, kind, result, from, to, includeVoided, page, pageSize: PAGE_SIZE }),
    [unitId, kind, result, from, to, includeVoided, page],
  );
  const open = (id: string | undefined) => update({ service: id, page: String(page) });

  return (
    <Card
      size="small"
      title={t('health.services.listTitle')}
      extra={
        can('health.record') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setRecording(true)}
            data-testid="service-record"
          >
            {t('health.services.record')}
          </Button>
        )
      }
    >
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <UnitPicker
          value={unitId}
          onChange={(v) => update({ unitId: v })}
          placeholder={t('health.filters.unit')}
          data-testid="service-filter-unit"
        />
        <Select
          allowClear
          value={kind}
          onChange={(v: string | undefined) => update({ kind: v })}
          placeholder={t('health.filters.kind')}
          options={HEALTH_KINDS.map((k) => ({ value: k, label: t(`health.kinds.${k}`) }))}
          style={{ minWidth: 180 }}
          data-testid="service-filter-kind"
        />
        <Select
          allowClear
          value={result}
          onChange={(v: string | undefined) => update({ result: v })}
          placeholder={t('health.filters.result')}
          options={(['normal', 'abnormal'] as const).map((r) => ({ value: r, label: t(`health.results.${r}`) }))}
          style={{ minWidth: 120 }}
          data-testid="service-filter-result"
        />
        <DatePicker.RangePicker
          value={[fromIsoDate(from) ?? null, fromIsoDate(to) ?? null]}
          allowEmpty={[true, true]}
          onChange={(range) => update({ from: toIsoDate(range?.[0]), to: toIsoDate(range?.[1]) })}
          placeholder={[t('health.filters.dates'), t('health.filters.dates')]}
        />
        <Checkbox checked={!!includeVoided} onChange={(e) => update({ voided: e.target.checked ? 'true' : undefined })}>
          {t('health.filters.includeVoided')}
        </Checkbox>
      </Flex>
      <QueryResult {...list}>
        {(data) => (
          <Table<ServiceListItem>
            rowKey="id"
            size="small"
            dataSource={data.items}
            pagination={pagination(data.total)}
            data-testid="service-list"
            locale={{ emptyText: t('health.services.empty') }}
            onRow={(s) =>
              ({ 'data-testid': 'service-row', 'data-service-id': s.id }) as React.HTMLAttributes<HTMLElement>
            }
            columns={[
              { title: t('health.services.servedOn'), key: 'on', render: (_, s) => formatDate(s.servedOn) },
              {
                title: t('health.services.person'),
                key: 'person',
                render: (_, s) => (
                  <Typography.Link onClick={() => open(s.id)} data-testid={`service-open-${s.id}`}>
                    <PersonCell person={s.person} />
                  </Typography.Link>
                ),
              },
              { title: t('health.services.village'), dataIndex: 'unitName' },
              { title: t('health.services.kind'), key: 'kind', render: (_, s) => t(`health.kinds.${s.kind}`) },
              {
                title: t('health.services.result'),
                key: 'result',
                render: (_, s) => (
                  <>
                    <ResultTag result={s.result} />
                    {s.voided && <Tag>{t('health.services.voided')}</Tag>}
                  </>
                ),
              },
              {
                title: t('health.services.followup'),
                key: 'followup',
                render: (_, s) =>
                  s.followupStatus === 'open' ? (
                    <Tag color="orange">{t('health.services.followupOpen')}</Tag>
                  ) : s.followupStatus === 'closed' ? (
                    <Tag color="green">{t('health.services.followupClosed')}</Tag>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('health.services.provider'),
                key: 'provider',
                render: (_, s) => (
                  <>
                    {s.provider}
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {s.place}
                    </Typography.Text>
                  </>
                ),
              },
            ]}
          />
        )}
      </QueryResult>
      {recording && (
        <ServiceForm
          onClose={() => setRecording(false)}
          onDone={(id) => {
            setRecording(false);
            void list.reload();
            open(id);
          }}
        />
      )}
      <ServiceDrawer id={openId} onClose={() => open(undefined)} onChanged={() => void list.reload()} />
    </Card>
  );
}
