import { Card, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api } from '../api/api.js';
import { useQuery } from '../api/useQuery.js';
import { Page } from '../shell/Page.js';
import { QueryResult } from '../shell/QueryResult.js';
import { FormerMembersTable, HouseholdHistoryTimeline, type HouseholdWithHistory } from './HouseholdHistory.js';
import { HouseholdMembers } from './HouseholdMembers.js';
import { useCodes } from './useCodes.js';

/**
 * One household (户): its number, address and members, each a link to the person; its former
 * members apart; and its history (who joined and left, when, by which report).
 */
export function HouseholdPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const codes = useCodes();
  const query = useQuery(() => api.getHousehold(id) as Promise<HouseholdWithHistory>, [id]);
  const relationshipLabel = (code: string | null) => codes.label('relationship', code);
  return (
    <Page
      back
      title={query.data ? `${t('household.title')} ${query.data.household.householdNumber}` : t('household.title')}
      data-testid="household-page"
    >
      <QueryResult {...query}>
        {({ household, members, formerMembers = [], history = [] }) => (
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
            {formerMembers.length > 0 && (
              <FormerMembersTable
                members={formerMembers}
                relationshipLabel={relationshipLabel}
                sexLabel={(sex) => codes.label('sex', sex)}
              />
            )}
            <HouseholdHistoryTimeline history={history} relationshipLabel={relationshipLabel} />
          </>
        )}
      </QueryResult>
    </Page>
  );
}
