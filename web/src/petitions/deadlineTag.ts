import type { DeadlineTag } from './petitionsApi.js';

export type TagView = {
  key:
    | 'petitions.tag.dueToday'
    | 'petitions.tag.daysLeft'
    | 'petitions.tag.overdue'
    | 'petitions.tag.onTime'
    | 'petitions.tag.late';
  params: Record<string, number>;
  color: string;
};

/**
 * The list's deadline tag: 剩余N天 (orange in the last 3 days), 今日到期, 超期N天 (red),
 * 按期办结 (green), 超期办结 (volcano). The server has already counted the days.
 */
export function deadlineTagView(tag: DeadlineTag): TagView {
  switch (tag.kind) {
    case 'days_left':
      return tag.days === 0
        ? { key: 'petitions.tag.dueToday', params: {}, color: 'orange' }
        : { key: 'petitions.tag.daysLeft', params: { days: tag.days }, color: tag.days <= 3 ? 'orange' : 'blue' };
    case 'overdue':
      return { key: 'petitions.tag.overdue', params: { days: tag.days }, color: 'red' };
    case 'concluded_on_time':
      return { key: 'petitions.tag.onTime', params: {}, color: 'green' };
    case 'concluded_late':
      return { key: 'petitions.tag.late', params: { days: tag.days }, color: 'volcano' };
  }
}
