import { Flex, Radio, Segmented, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../org/UnitPicker.js';
import { chinaYear, type PeriodKind, periodCode, periodKind, periodSub, periodYear } from './format.js';
import type { Boundaries, Population } from './indicatorApi.js';

const FIRST_YEAR = 2000;

/**
 * Unit, period (a year, a quarter or a month), population basis and boundaries; every change goes
 * to `onChange` as address parameters. `yearsOnly` offers whole years only (the dashboard).
 */
export function IndicatorFilters({
  unitId,
  period,
  population,
  boundaries,
  yearsOnly,
  onChange,
}: {
  unitId: string;
  period: string;
  population: Population;
  boundaries: Boundaries;
  yearsOnly?: boolean;
  onChange: (changes: Record<string, string | undefined>) => void;
}) {
  const { t } = useTranslation();
  const kind = periodKind(period);
  const year = periodYear(period);
  const sub = periodSub(period);
  const last = chinaYear();
  const years = Array.from({ length: last - FIRST_YEAR + 1 }, (_, i) => last - i);
  return (
    <Flex gap={12} wrap align="center" data-testid="indicator-filters">
      <UnitPicker
        value={unitId}
        onChange={(v) => v && onChange({ unitId: v })}
        allowClear={false}
        selectable={['county', 'township', 'village']}
        data-testid="filter-unit"
        style={{ width: 240 }}
      />
      {!yearsOnly && (
        <Segmented<PeriodKind>
          value={kind}
          onChange={(k) => onChange({ period: periodCode(year, k, k === 'year' ? 1 : sub) })}
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
        onChange={(y: number) => onChange({ period: periodCode(y, kind, sub) })}
        options={years.map((y) => ({ value: y, label: t('indicators.yearLabel', { year: y }) }))}
        style={{ width: 110 }}
        data-testid="filter-year"
        showSearch
      />
      {kind === 'quarter' && (
        <Select
          value={sub}
          onChange={(q: number) => onChange({ period: periodCode(year, 'quarter', q) })}
          options={[1, 2, 3, 4].map((q) => ({ value: q, label: t('indicators.quarterLabel', { quarter: q }) }))}
          style={{ width: 110 }}
          data-testid="filter-quarter"
        />
      )}
      {kind === 'month' && (
        <Select
          value={sub}
          onChange={(m: number) => onChange({ period: periodCode(year, 'month', m) })}
          options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: t('indicators.monthLabel', { month: i + 1 }) }))}
          style={{ width: 100 }}
          data-testid="filter-month"
        />
      )}
      <Radio.Group
        value={population}
        onChange={(e) => onChange({ population: e.target.value === 'resident' ? 'resident' : undefined })}
        optionType="button"
        options={[
          { value: 'registered', label: t('indicators.population.registered') },
          { value: 'resident', label: t('indicators.population.resident') },
        ]}
        data-testid="filter-population"
      />
      <Radio.Group
        value={boundaries}
        onChange={(e) => onChange({ boundaries: e.target.value === 'past' ? 'past' : undefined })}
        optionType="button"
        options={[
          { value: 'present', label: t('indicators.boundaries.present') },
          { value: 'past', label: t('indicators.boundaries.past') },
        ]}
        data-testid="filter-boundaries"
      />
    </Flex>
  );
}
