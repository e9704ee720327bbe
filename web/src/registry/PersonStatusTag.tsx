import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PersonStatus } from '../api/types.js';

const COLORS: Record<PersonStatus, string> = { active: 'green', dead: 'default', moved_out: 'orange' };

export function PersonStatusTag({ status }: { status: PersonStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="person-status">
      {t(`personStatus.${status}`)}
    </Tag>
  );
}
