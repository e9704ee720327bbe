import { Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { chinaYear, type PeriodKind, periodCode, periodKind, periodSub, periodYear } from './format.js';

const FIRST_YEAR = 2000;

/**
 * A statistical period: a year, a quarter or a month (2016, 2016Q1, 2016-03), from 2000 to this
 * year. `yearsOnly` offers whole years only (the dashboard). Shared by the indicator and the
 * linkage figures, so both name periods the same way.
 */
export function PeriodPicker({
  period,
  yearsOnly,
  onChange,
}: {
  period: string;
  yearsOnly?: boolean;
  onChange: (period: string) => void;
}) {
  const { t } = useTranslation();
  const kind = periodKind(period);
  const year = periodYear(period);
  const sub = periodSub(period);
  const last = chinaYear();
  const years = Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => last - i);
  return (
    <>
      {!yearsOnly && (
        <Segmented<PeriodKind>
          value={kind}
          onChange={(k) => onChange(periodCode(year, k, k === 'year' ? 1 : sub))}
          options={[
            { value: 'year', label: t('indicators.periodKind.year') },
            { value: 'quarter', label: t('indicators.periodKind.quarter') },
            { value: 'month', label: t('indicators.periodKind.month') },
          ]}
          data-testid="filter-period-kind"
        />
      )}
      <Select
        value={year}
        onChange={(y: number) => onChange(periodCode(y, kind, sub))}
        options={years.map((y) => ({ value: y, label: t('indicators.yearLabel', { year: y }) }))}
        style={{ width: 110 }}
        data-testid="filter-year"
        showSearch
      />
      {kind === 'quarter' && (
        <Select
          value={sub}
          onChange={(q: number) => onChange(periodCode(year, 'quarter', q))}
          options={[1, 2, 3, 4].map((q) => ({ value: q, label: t('indicators.quarterLabel', { quarter: q }) }))}
          style={{ width: 110 }}
          data-testid="filter-quarter"
        />
      )}
      {kind === 'month' && (
        <Select
          value={sub}
          onChange={(m: number) => onChange(periodCode(year, 'month', m))}
          options={Array.from({ length: 12 }, (_, i) => ({
            value: i + 1,
            label: t('indicators.monthLabel', { month: i + 1 }),
          }))}
          style={{ width: 100 }}
          data-testid="filter-month"
        />
      )}
    </>
  );
}
