import { Card, Empty, Flex, Table, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { HouseholdDetail, PersonStatus, Sex } from '../api/types.js';
import { formatDate } from '../lib/dates.js';
import { PersonStatusTag } from './PersonStatusTag.js';

/** One change of a household, as GET /api/households/:id derives it from person history. */
export type HouseholdHistoryEntry = {
  date: string;
  kind: 'joined' | 'left' | 'became_head' | 'ceased_head' | 'relationship' | 'marital';
  change: string;
  person: { id: string; name: string; inScope: boolean };
  relationship: string | null;
  previousRelationship: string | null;
  report: { id: string; type: string } | null;
  recordedAt: string;
  recordedBy: string | null;
};

/** Someone who was in the household and no longer is: dead, moved out, or in another household. */
export type FormerMember = {
  id: string;
  name: string;
  sex: Sex;
  birthDate: string;
  relationship: string | null;
  status: PersonStatus;
  inScope: boolean;
  leftOn: string;
  leftBy: string;
};

/** The household detail with what the server adds to it: former members and history. */
export type HouseholdWithHistory = HouseholdDetail & {
  formerMembers?: FormerMember[];
  history?: HouseholdHistoryEntry[];
};

const COLORS: Record<HouseholdHistoryEntry['kind'], string> = {
  joined: 'green',
  left: 'gray',
  became_head: 'blue',
  ceased_head: 'blue',
  relationship: 'blue',
  marital: 'gray',
};

type Label = (code: string | null) => string;

/** A person's name: a link when the caller may open the person, plain text otherwise. */
const PersonName = ({ person }: { person: { id: string; name: string; inScope: boolean } }) =>
  person.inScope ? <Link to={`/persons/${person.id}`}>{person.name}</Link> : <span>{person.name}</span>;

/** The household's changes, oldest first: who joined and left, when, why and by which report. */
export function HouseholdHistoryTimeline({
  history,
  relationshipLabel,
}: {
  history: HouseholdHistoryEntry[];
  relationshipLabel: Label;
}) {
  const { t } = useTranslation();
  if (history.length === 0) {
    return (
      <Card title={t('householdHistory.title')}>
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('householdHistory.empty')} />
      </Card>
    );
  }
  return (
    <Card title={t('householdHistory.title')} data-testid="household-history">
      <Timeline
        items={history.map((e, i) => ({
          key: i,
          color: COLORS[e.kind],
          content: (
            <Flex vertical gap={2} data-testid="household-history-item" data-kind={e.kind}>
              <Typography.Text strong>
                {t(`householdHistory.kind.${e.kind}`, {
                  name: e.person.name,
                  relationship: relationshipLabel(e.relationship),
                  previous: relationshipLabel(e.previousRelationship),
                })}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('householdHistory.entry', {
                  date: formatDate(e.date),
                  change: t(`householdHistory.change.${e.change}` as 'householdHistory.change.import', {
                    defaultValue: e.change,
                  }),
                })}
                {e.recordedBy && <span> · {t('householdHistory.recordedBy', { name: e.recordedBy })}</span>}
                {e.report && (
                  <>
                    {' · '}
                    <Link to={`/reports/${e.report.id}`} data-testid="household-history-report">
                      {t('householdHistory.report')}
                    </Link>
                  </>
                )}
                {' · '}
                <PersonName person={e.person} />
              </Typography.Text>
            </Flex>
          ),
        }))}
      />
    </Card>
  );
}

/** Past members, apart from the current ones: when and why they left, and what they were. */
export function FormerMembersTable({
  members,
  relationshipLabel,
  sexLabel,
}: {
  members: FormerMember[];
  relationshipLabel: Label;
  sexLabel: (sex: Sex) => string;
}) {
  const { t } = useTranslation();
  return (
    <Card title={t('householdHistory.formerMembers')} styles={{ body: { padding: 0 } }}>
      <Table<FormerMember>
        rowKey="id"
        pagination={false}
        dataSource={members}
        data-testid="household-former-members"
        locale={{ emptyText: t('householdHistory.noFormerMembers') }}
        columns={[
          {
            title: t('household.name'),
            dataIndex: 'name',
            render: (_: string, m) => (
              <Flex gap={4} align="center">
                <PersonName person={m} />
                <Tag>{t('householdHistory.past')}</Tag>
              </Flex>
            ),
          },
          {
            title: t('household.relationship'),
            dataIndex: 'relationship',
            render: (v: string | null) => relationshipLabel(v),
          },
          { title: t('household.sex'), dataIndex: 'sex', render: (v: Sex) => sexLabel(v) },
          { title: t('household.birthDate'), dataIndex: 'birthDate', render: (v: string) => formatDate(v) },
          { title: t('householdHistory.leftOn'), dataIndex: 'leftOn', render: (v: string) => formatDate(v) },
          {
            title: t('householdHistory.leftBy'),
            dataIndex: 'leftBy',
            render: (v: string) =>
              t(`householdHistory.change.${v}` as 'householdHistory.change.import', { defaultValue: v }),
          },
          {
            title: t('household.status'),
            dataIndex: 'status',
            render: (v: PersonStatus) => <PersonStatusTag status={v} />,
          },
        ]}
      />
    </Card>
  );
}
