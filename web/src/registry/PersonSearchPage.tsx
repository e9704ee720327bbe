import { Card, Flex, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/api.js';
import { PERSON_STATUSES, type PersonListItem, type PersonStatus } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { ExportButtons } from '../exports/ExportButtons.js';
import { formatDate } from '../lib/dates.js';
import { personSearchText } from '../lib/idNumber.js';
import { UnitPicker } from '../org/UnitPicker.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { useListParams } from '../shell/useListParams.js';
import { PersonStatusTag } from './PersonStatusTag.js';

const PAGE_SIZE = 20;

/**
 * One box for an ID number, a name or pinyin initials ("zxh"), with unit and status filters.
 * The query lives in the address so that going back from a person returns to the same list.
 */
export function PersonSearchPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { params, page, update, oneOf, pagination } = useListParams(PAGE_SIZE);
  const q = params.get('q') ?? '';
  const unitId = params.get('unitId') ?? undefined;
  const status = oneOf('status', PERSON_STATUSES);
  const [text, setText] = useState(q);

  const query = useQuery(
    () => api.searchPersons({ q: q || undefined, unitId, status, page, pageSize: PAGE_SIZE }),
    [q, unitId, status, page],
  );

  const search = (value: string) => {
    update({ q: personSearchText(value) || undefined });
  };

  return (
    <Page
      title={t('persons.title')}
      data-testid="person-search-page"
      extra={<ExportButtons list="persons" filters={{ q: q || undefined, unitId, status }} />}
    >
      <Card>
        <Flex gap={12} wrap>
          <Input.Search
            data-testid="person-search-input"
            allowClear
            enterButton={t('common.search')}
            placeholder={t('persons.searchPlaceholder')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={search}
            style={{ flex: '1 1 360px', maxWidth: 520 }}
          />
          <UnitPicker
            value={unitId}
            onChange={(v) => update({ unitId: v })}
            placeholder={`${t('persons.unit')}：${t('org.allUnits')}`}
            style={{ width: 240 }}
            data-testid="person-search-unit"
          />
          <Select<PersonStatus>
            allowClear
            value={status}
            onChange={(v) => update({ status: v })}
            placeholder={`${t('persons.status')}：${t('common.all')}`}
            options={PERSON_STATUSES.map((s) => ({ value: s, label: t(`personStatus.${s}`) }))}
            style={{ width: 160 }}
            data-testid="person-search-status"
          />
        </Flex>
      </Card>
      <Card styles={{ body: { padding: 0 } }}>
        <QueryResult {...query} data={query.data ?? (query.loading ? undefined : { items: [], total: 0 })}>
          {(data) => (
            <Table<PersonListItem>
              data-testid="person-results"
              rowKey="id"
              loading={query.loading}
              dataSource={data.items}
              rowClassName={() => 'renkou-clickable-row'}
              onRow={(row) =>
                ({
                  onClick: () => navigate(`/persons/${row.id}`),
                  'data-testid': 'person-row',
                }) as React.HTMLAttributes<HTMLElement>
              }
              pagination={pagination(data.total)}
              columns={[
                {
                  title: t('persons.idNumber'),
                  dataIndex: 'idNumberMasked',
                  render: (v: string | null) =>
                    v ? (
                      <Typography.Text code>{v}</Typography.Text>
                    ) : (
                      <Typography.Text type="secondary">{t('persons.noIdNumber')}</Typography.Text>
                    ),
                },
                {
                  title: t('persons.name'),
                  dataIndex: 'name',
                  render: (v: string) => <Typography.Link data-testid="person-row-name">{v}</Typography.Link>,
                },
                { title: t('persons.sex'), dataIndex: 'sex', render: (v: 1 | 2) => t(`sex.${v}`) },
                { title: t('persons.birthDate'), dataIndex: 'birthDate', render: (v: string) => formatDate(v) },
                { title: t('persons.village'), render: (_, row) => row.hukouUnit.name },
                {
                  title: t('persons.status'),
                  dataIndex: 'status',
                  render: (v: PersonStatus) => <PersonStatusTag status={v} />,
                },
              ]}
            />
          )}
        </QueryResult>
      </Card>
    </Page>
  );
}
