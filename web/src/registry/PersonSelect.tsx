import { Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api.js';
import type { PersonListItem, PersonStatus, Sex } from '../api/types.js';
import { formatDate } from '../lib/dates.js';
import { personSearchText } from '../lib/idNumber.js';
import { usePickedOption, useSearchAsYouType } from './usePicker.js';

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
  const [searched, setSearched] = useState(false);
  const { search, searching } = useSearchAsYouType(
    (q) => api.searchPersons({ q: personSearchText(q), unitId, status, sex, pageSize: 20 }).then((page) => page.items),
    (items) => {
      // The picked person stays an option; others of the wrong sex or excluded are not offered.
      const picked = options.filter((o) => o.id === value);
      const found = items.filter((p) => (!sex || p.sex === sex) && !(exclude ?? []).includes(p.id) && p.id !== value);
      setOptions([...picked, ...found]);
      setSearched(true);
    },
  );

  usePickedOption(
    value,
    options,
    (id) => api.getPerson(id).then((detail) => detail.person),
    (person) => {
      setOptions((prev) => (prev.some((o) => o.id === person.id) ? prev : [person, ...prev]));
      onPersonChange?.(person);
    },
  );

  return (
    <Select
      id={id}
      data-testid={rest['data-testid']}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      value={value}
      placeholder={placeholder ?? t('form.personSearchPlaceholder')}
      notFoundContent={searching ? <Spin size="small" /> : searched ? t('form.noMatch') : t('form.typeMore')}
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
