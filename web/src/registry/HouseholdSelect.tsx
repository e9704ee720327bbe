import { Select, Space, Spin, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api.js';
import type { HouseholdListItem } from '../api/types.js';

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
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const generation = useRef(0);

  useEffect(() => {
    if (!value || options.some((o) => o.id === value)) return;
    let stale = false;
    api
      .getHousehold(value)
      .then((detail) => {
        if (stale) return;
        const head = detail.members.find((m) => m.relationship === '02');
        setOptions((prev) => [
          { ...detail.household, headName: head?.name ?? null },
          ...prev.filter((o) => o.id !== value),
        ]);
      })
      .catch(() => undefined);
    return () => {
      stale = true;
    };
    // Only a new value needs a label; the options and callback are read as they are now.
  }, [value]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (text: string) => {
    clearTimeout(timer.current);
    const q = text.trim();
    if (!q) return;
    setSearching(true);
    timer.current = setTimeout(() => {
      const mine = ++generation.current;
      api
        .searchHouseholds({ q, unitId, pageSize: 20 })
        .then((page) => {
          if (mine === generation.current) setOptions(page.items);
        })
        .catch(() => {
          if (mine === generation.current) setOptions([]);
        })
        .finally(() => {
          if (mine === generation.current) setSearching(false);
        });
    }, 300);
  };

  const label = (h: HouseholdListItem) =>
    `${h.householdNumber} ${h.headName ?? ''} ${h.address ?? ''}`.trim();

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
