import { request } from '../api/api.js';
import { cached } from '../api/cache.js';
import { useQuery } from '../api/useQuery.js';

export type CountyVillage = {
  id: string;
  name: string;
  validFrom: string;
  validTo: string | null;
  township: { id: string; name: string };
};

/**
 * Every village of the county, closed ones included. A residence may move to a village outside
 * the reporter's own tree (useOrgTree holds only that), and a report must still name a village
 * after it was merged away.
 */
export function useCountyVillages(enabled = true) {
  return useQuery(
    () =>
      cached(
        'county-villages',
        async () => (await request<{ items: CountyVillage[] }>('GET', '/api/reports/villages')).items,
      ),
    [enabled],
    enabled,
  );
}

/** A village's name with its township's: names repeat across townships. */
export const villageLabel = (v: Pick<CountyVillage, 'name' | 'township'>) => `${v.name}（${v.township.name}）`;

/**
 * Villages that can become a residence, grouped by township for a Select. A closed village is
 * left out whatever the date (the residence stays current); one set up after the event date is
 * shown but disabled, so that the worker sees why it cannot be chosen.
 */
export function villageOptions(villages: CountyVillage[], date: string | undefined) {
  const groups = new Map<
    string,
    { label: string; title: string; options: Array<{ value: string; label: string; disabled: boolean }> }
  >();
  for (const v of villages) {
    if (v.validTo !== null) continue;
    let g = groups.get(v.township.id);
    if (!g) groups.set(v.township.id, (g = { label: v.township.name, title: v.township.name, options: [] }));
    g.options.push({ value: v.id, label: villageLabel(v), disabled: date !== undefined && v.validFrom > date });
  }
  return [...groups.values()];
}
