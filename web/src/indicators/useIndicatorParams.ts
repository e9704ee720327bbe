import { useSearchParams } from 'react-router-dom';
import { useMe } from '../accounts/useMe.js';
import { lastCompleteYear } from './format.js';
import type { Boundaries, Population } from './indicatorApi.js';

const PERIOD = /^(\d{4})(Q[1-4]|-(0[1-9]|1[0-2]))?$/;

/**
 * The selections of the indicator and dashboard pages, kept in the address so that a link opens
 * the same figures: unit (default the caller's own), period (default the last complete year),
 * population basis and boundaries. `set` changes some and keeps the rest.
 */
export function useIndicatorParams(defaults: { period?: string } = {}) {
  const { me } = useMe();
  const [params, setParams] = useSearchParams();
  const unitId = params.get('unitId') || me.unit.id;
  const rawPeriod = params.get('period') ?? '';
  const period = PERIOD.test(rawPeriod) ? rawPeriod : (defaults.period ?? String(lastCompleteYear()));
  const population: Population = params.get('population') === 'resident' ? 'resident' : 'registered';
  const boundaries: Boundaries = params.get('boundaries') === 'past' ? 'past' : 'present';

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: false });
  };

  return { params, unitId, period, periodGiven: PERIOD.test(rawPeriod), population, boundaries, set };
}
