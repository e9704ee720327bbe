import { cached } from '../api/cache.js';
import { useQuery } from '../api/useQuery.js';
import { type CatalogEntry, indicatorApi } from './indicatorApi.js';

/** The definitions in effect, by code (formulas and the names of numerators and denominators). */
export function useCatalog() {
  return useQuery(
    () =>
      cached('indicator-catalog', async () => {
        const { indicators } = await indicatorApi.catalog();
        return new Map<string, CatalogEntry>(indicators.filter((d) => d.inEffect).map((d) => [d.code, d]));
      }),
    [],
  );
}
