import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FeedStatus } from './feedsApi.js';

const COLORS: Record<FeedStatus, string> = { received: 'default', parsed: 'green', refused: 'red' };

export function FeedStatusTag({ status }: { status: FeedStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="feed-status">
      {t(`feeds.statusName.${status}`)}
    </Tag>
  );
}
