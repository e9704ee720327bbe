import { Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { HouseholdMembers } from './HouseholdMembers.js';

/** One household (户): its number, address and members, each a link to the person. */
export function HouseholdPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
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
              <HouseholdMembers members={members} />
            </Card>
          </>
        )}
      </QueryResult>
    </Page>
  );
}
