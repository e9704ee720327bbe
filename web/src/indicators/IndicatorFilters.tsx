import { Flex, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { UnitPicker } from '../org/UnitPicker.js';
import type { Boundaries, Population } from './indicatorApi.js';
import { PeriodPicker } from './PeriodPicker.js';

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
      <PeriodPicker period={period} yearsOnly={yearsOnly} onChange={(p) => onChange({ period: p })} />
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
