import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { deadlineTagView } from './deadlineTag.js';
import type { Petition } from './petitionsApi.js';

/** The deadline tag, with the escalation level when there is one. */
export function DeadlineTags({ petition }: { petition: Petition }) {
  const { t } = useTranslation();
  const v = deadlineTagView(petition.timeliness.tag);
  return (
    <Space size={4} wrap>
      <Tag color={v.color} data-testid="petition-deadline">
        {t(v.key, v.params)}
      </Tag>
      {petition.escalationLevel > 0 && (
        <Tag color="magenta">{t('petitions.tag.escalated', { level: petition.escalationLevel })}</Tag>
      )}
    </Space>
  );
}
