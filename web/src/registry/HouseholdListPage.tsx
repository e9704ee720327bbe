import { Card, Flex, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/api.js';
import type { HouseholdListItem } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { ExportButtons } from '../exports/ExportButtons.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';

const PAGE_SIZE = 20;

/**
 * Households (户) in the caller's area by number, head's name or address, with a unit filter;
 * a row opens the household. The list, as filtered, can be exported.
 */
export function HouseholdListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { params, page, update, pagination } = useListParams(PAGE_SIZE);
  const q = params.get('q') ?? '';
  const unitId = params.get('unitId') ?? undefined;
  const [text, setText] = useState(q);
  const query = useQuery(
    () => api.searchHouseholds({ q: q || undefined, unitId, page, pageSize: PAGE_SIZE }),
    [q, unitId, page],
  );

  return (
    <Page
      title={t('household.listTitle')}
      data-testid="household-list-page"
      extra={<ExportButtons list="households" filters={{ q: q || undefined, unitId }} />}
    >
      <Card>
        <Flex gap={12} wrap>
          <Input.Search
            data-testid="household-search-input"
            allowClear
            enterButton={t('common.search')}
            placeholder={t('household.searchPlaceholder')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ flex: '1 1 360px', maxWidth: 520 }}
          />
          <UnitPicker
            value={unitId}
            onChange={(v) => update({ unitId: v })}
            placeholder={`${t('household.unit')}：${t('org.allUnits')}`}
            style={{ width: 240 }}
            data-testid="household-search-unit"
          />
        </Flex>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <QueryResult {...query}>
          {(data) => (
            <Table<HouseholdListItem>
              data-testid="household-results"
              rowKey="id"
              loading={query.loading}
              dataSource={data.items}
              rowClassName={() => 'renkou-clickable-row'}
              onRow={(row) =>
                ({
                  onClick: () => navigate(`/households/${row.id}`),
                  'data-testid': 'household-row',
                }) as React.HTMLAttributes<HTMLElement>
              }
              pagination={pagination(data.total)}
              columns={[
                {
                  title: t('household.householdNumber'),
                  dataIndex: 'householdNumber',
                  render: (v: string) => <Typography.Link>{v}</Typography.Link>,
                },
                {
                  title: t('household.headName'),
                  dataIndex: 'headName',
                  render: (v: string | null) => v ?? t('common.none'),
                },
                {
                  title: t('household.address'),
                  dataIndex: 'address',
                  render: (v: string | null) => v ?? t('common.none'),
                },
                { title: t('household.unit'), key: 'unit', render: (_, row) => row.unit.name },
              ]}
            />
          )}
        </QueryResult>
      </Card>
    </Page>
  );
}
