import { Card, Descriptions, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/api.js';
import type { HouseholdMember } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';
import { formatDate } from '../lib/dates.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { PersonStatusTag } from './PersonStatusTag.js';
import { useCodes } from './useCodes.js';

/** One household (户): its number, address and members, each a link to the person. */
export function HouseholdPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const codes = useCodes();
  const query = useQuery(() => api.getHousehold(id), [id]);
  return (
    <Page
      back
      title={query.data ? `${t('household.title')} ${query.data.household.householdNumber}` : t('household.title')}
      data-testid="household-page"
    >
      <QueryResult {...query}>
        {({ household, members }) => (
          <>
            <Card>
              <Descriptions
                column={{ xs: 1, sm: 2 }}
                size="small"
                items={[
                  {
                    key: 'no',
                    label: t('household.householdNumber'),
                    children: <Typography.Text code>{household.householdNumber}</Typography.Text>,
                  },
                  { key: 'unit', label: t('household.unit'), children: household.unit.name },
                  { key: 'address', label: t('household.address'), children: household.address ?? t('common.none') },
                  {
                    key: 'hukouType',
                    label: t('household.hukouType'),
                    children: t(`hukouType.${household.hukouType}`),
                  },
                ]}
              />
            </Card>
            <Card title={t('household.members')} styles={{ body: { padding: 0 } }}>
              <Table<HouseholdMember>
                rowKey="id"
                pagination={false}
                dataSource={members}
                data-testid="household-members"
                columns={[
                  {
                    title: t('household.name'),
                    dataIndex: 'name',
                    render: (v: string, m) => <Link to={`/persons/${m.id}`}>{v}</Link>,
                  },
                  {
                    title: t('household.relationship'),
                    dataIndex: 'relationship',
                    render: (v: string | null) => codes.label('relationship', v),
                  },
                  { title: t('household.sex'), dataIndex: 'sex', render: (v: 1 | 2) => codes.label('sex', v) },
                  { title: t('household.birthDate'), dataIndex: 'birthDate', render: (v: string) => formatDate(v) },
                  {
                    title: t('household.status'),
                    dataIndex: 'status',
                    render: (v: HouseholdMember['status']) => <PersonStatusTag status={v} />,
                  },
                ]}
              />
            </Card>
          </>
        )}
      </QueryResult>
    </Page>
  );
}
