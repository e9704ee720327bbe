import { describe, expect, it } from 'vitest';
import { petitionsEn, petitionsZh } from './petition.i18n.js';
import { deadlineTagView } from './deadlineTag.js';

const zh = (v: ReturnType<typeof deadlineTagView>) => {
  const key = v.key.split('.').pop() as keyof typeof petitionsZh.tag;
  return petitionsZh.tag[key].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(v.params[k]));
};

describe('the deadline tag of a petition', () => {
  it('reads 剩余N天, 今日到期, 超期N天, 按期办结, 超期办结', () => {
    expect(zh(deadlineTagView({ kind: 'days_left', days: 9, dueOn: '2026-12-16' }))).toBe('剩余9天');
    expect(deadlineTagView({ kind: 'days_left', days: 9, dueOn: '2026-12-16' }).color).toBe('blue');
    expect(deadlineTagView({ kind: 'days_left', days: 2, dueOn: '2026-12-09' }).color).toBe('orange');
    expect(zh(deadlineTagView({ kind: 'days_left', days: 0, dueOn: '2026-12-07' }))).toBe('今日到期');
    expect(zh(deadlineTagView({ kind: 'overdue', days: 4, dueOn: '2026-12-03' }))).toBe('超期4天');
    expect(zh(deadlineTagView({ kind: 'concluded_on_time' }))).toBe('按期办结');
    expect(zh(deadlineTagView({ kind: 'concluded_late', days: 2 }))).toBe('超期办结');
  });

  it('has the same texts in English', () => {
    expect(Object.keys(petitionsEn.tag)).toEqual(Object.keys(petitionsZh.tag));
  });
});
