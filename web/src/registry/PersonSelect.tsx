import { Select, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api.js';
import type { PersonListItem, PersonStatus, Sex } from '../api/types.js';
import { formatDate } from '../lib/dates.js';
import { normalizeIdNumber } from '../lib/idNumber.js';

export type PersonSelectProps = {
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** Called with the whole list item so that forms can check sex and birth date. */
  onPersonChange?: (person: PersonListItem | undefined) => void;
  unitId?: string;
  status?: PersonStatus;
  /** Only people of this sex are offered (a mother is a woman). */
  sex?: Sex;
  exclude?: string[];
  placeholder?: string;
  'data-testid'?: string;
  id?: string;
};

/** Searches the registry by ID number, name or pinyin as the user types and picks one person. */
export function PersonSelect({
  value,
  onChange,
  onPersonChange,
  unitId,
  status = 'active',
  sex,
  exclude,
  placeholder,
  id,
  ...rest
}: PersonSelectProps) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<PersonListItem[]>([]);
  const [searching, setSearching] = useState(false);
  const [searched, setSearched] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const generation = useRef(0);

  // A value set from outside (editing a returned report, a link from a person page) needs a label.
  useEffect(() => {
    if (!value || options.some((o) => o.id === value)) return;
    let stale = false;
    api
      .getPerson(value)
      .then((detail) => {
        if (stale) return;
        setOptions((prev) => (prev.some((o) => o.id === value) ? prev : [detail.person, ...prev]));
        onPersonChange?.(detail.person);
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
    if (!q) {
      setSearching(false);
      return;
    }
    setSearching(true);
    timer.current = setTimeout(() => {
      const mine = ++generation.current;
      const looksLikeId = /^[\d０-９xXｘＸ]+$/.test(q);
      api
        .searchPersons({ q: looksLikeId ? normalizeIdNumber(q) : q, unitId, status, sex, pageSize: 20 })
        .then((page) => {
          if (mine !== generation.current) return;
          const picked = options.filter((o) => o.id === value);
          const found = page.items.filter(
            (p) => (!sex || p.sex === sex) && !(exclude ?? []).includes(p.id),
          );
          setOptions([...picked, ...found.filter((p) => p.id !== value)]);
          setSearched(true);
        })
        .catch(() => {
          if (mine === generation.current) setOptions([]);
        })
        .finally(() => {
          if (mine === generation.current) setSearching(false);
        });
    }, 300);
  };

  return (
    <Select
      id={id}
      data-testid={rest['data-testid']}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value}
      placeholder={placeholder ?? t('form.personSearchPlaceholder')}
      notFoundContent={
        searching ? <Spin size="small" /> : searched ? t('form.noMatch') : t('form.typeMore')
      }
      onChange={(v: string | undefined) => {
        onChange?.(v);
        onPersonChange?.(options.find((o) => o.id === v));
      }}
      optionLabelProp="label"
      options={options.map((p) => ({
        value: p.id,
        label: `${p.name}（${p.idNumberMasked ?? t('persons.noIdNumber')}）`,
        person: p,
      }))}
      optionRender={(option) => {
        const p = (option.data as { person: PersonListItem }).person;
        return (
          <Space size={8} wrap data-testid="person-option">
            <Typography.Text strong>{p.name}</Typography.Text>
            <Tag bordered={false}>{t(`sex.${p.sex}`)}</Tag>
            <Typography.Text type="secondary">{formatDate(p.birthDate)}</Typography.Text>
            <Typography.Text type="secondary" code>
              {p.idNumberMasked ?? t('persons.noIdNumber')}
            </Typography.Text>
            <Typography.Text type="secondary">{p.hukouUnit.name}</Typography.Text>
          </Space>
        );
      }}
      style={{ width: '100%' }}
    />
  );
}
