import { useTranslation } from 'react-i18next';
import { api } from '../api/api.js';
import { cached } from '../api/cache.js';
import type { Codes } from '../api/types.js';
import { useQuery } from '../api/useQuery.js';

const EMPTY: Codes = { sex: {}, ethnicity: {}, relationship: {}, maritalStatus: {} };

/** The national code tables (民族, 与户主关系, 婚姻状况) as the server sends them. */
export function useCodes(): Codes & {
  label: (table: keyof Codes, code: string | number | null | undefined) => string;
} {
  const { t } = useTranslation();
  const { data } = useQuery(() => cached('codes', () => api.codes()), []);
  const codes = data ?? EMPTY;
  return {
    ...codes,
    label: (table, code) => {
      if (code === null || code === undefined || code === '') return t('common.none');
      const key = String(code);
      // Sex has a translated label; the other national tables are Chinese by definition.
      if (table === 'sex' && (key === '1' || key === '2')) return t(`sex.${key}`);
      return codes[table][key] ?? key;
    },
  };
}
