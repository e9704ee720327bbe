import type { TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';

/**
 * A list page keeps its filters and page number in the address, so that going back from a
 * record returns to the same list and a link can be shared. `update` sets or clears filters
 * (an empty value clears) and goes back to page 1 unless it sets the page itself;
 * `pagination` is the table's pager over that page number.
 */
export function useListParams(pageSize: number) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  /** A filter from the address, if it is one of the allowed values. */
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const value = params.get(key);
    return allowed.includes(value as T) ? (value as T) : undefined;
  };

  const pagination = (total: number): TablePaginationConfig => ({
    current: page,
    pageSize,
    total,
    showSizeChanger: false,
    showTotal: (count) => t('common.total', { count }),
    onChange: (p) => update({ page: String(p) }),
  });

  return { params, page, pageSize, update, oneOf, pagination };
}
