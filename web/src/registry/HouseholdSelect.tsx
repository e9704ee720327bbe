import { Select, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api.js';
import type { HouseholdListItem } from '../api/types.js';
import { usePickedOption, useSearchAsYouType } from './usePicker.js';

export type HouseholdSelectProps = {
  value?: string;
  onChange?: (value: string | undefined) => void;
  unitId?: string;
  id?: string;
  'data-testid'?: string;
};

/** Searches households by number, head's name or address and picks one. */
export function HouseholdSelect({ value, onChange, unitId, id, ...rest }: HouseholdSelectProps) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<HouseholdListItem[]>([]);
  const { search, searching } = useSearchAsYouType(
    (q) => api.searchHouseholds({ q, unitId, pageSize: 20 }).then((page) => page.items),
    setOptions,
  );

  usePickedOption(
    value,
    options,
    (id) =>
      api.getHousehold(id).then((detail) => ({
        ...detail.household,
        headName: detail.members.find((m) => m.relationship === '02')?.name ?? null,
      })),
    (household) => setOptions((prev) => [household, ...prev.filter((o) => o.id !== household.id)]),
  );

  const label = (h: HouseholdListItem) => `${h.householdNumber} ${h.headName ?? ''} ${h.address ?? ''}`.trim();

  return (
    <Select
      id={id}
      data-testid={rest['data-testid']}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value}
      placeholder={t('form.householdSearchPlaceholder')}
      notFoundContent={searching ? <Spin size="small" /> : t('form.noMatch')}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={options.map((h) => ({ value: h.id, label: label(h), household: h }))}
      optionRender={(option) => {
        const h = (option.data as { household: HouseholdListItem }).household;
        return (
          <Space size={8} wrap>
            <Typography.Text code>{h.householdNumber}</Typography.Text>
            <Typography.Text strong>
              {t('household.head')}：{h.headName ?? t('common.none')}
            </Typography.Text>
            <Typography.Text type="secondary">{h.address}</Typography.Text>
            <Typography.Text type="secondary">{h.unit.name}</Typography.Text>
          </Space>
        );
      }}
      style={{ width: '100%' }}
    />
  );
}
