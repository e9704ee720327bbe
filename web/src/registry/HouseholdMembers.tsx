import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { HouseholdMember } from '../api/types.js';
import { formatDate } from '../lib/dates.js';
import { PersonStatusTag } from './PersonStatusTag.js';
import { useCodes } from './useCodes.js';

/** The members of a household, each a link to the person; `current` (the person shown) is not a link. */
export function HouseholdMembers({
  members,
  current,
  size,
}: {
  members: HouseholdMember[];
  current?: string;
  size?: 'small' | 'middle';
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  return (
    <Table<HouseholdMember>
      size={size}
      rowKey="id"
      pagination={false}
      dataSource={members}
      data-testid="household-members"
      columns={[
        {
          title: t('household.name'),
          dataIndex: 'name',
          render: (v: string, m) =>
            m.id === current ? <Typography.Text strong>{v}</Typography.Text> : <Link to={`/persons/${m.id}`}>{v}</Link>,
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
  );
}
