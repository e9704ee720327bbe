import { Descriptions, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Report, ReportType } from '../api/types.js';
import { formatDate } from '../lib/dates.js';
import { useCodes } from '../registry/useCodes.js';
import { fieldLabel } from '../registry/snapshot.js';
import { useCountyVillages, villageLabel } from './useCountyVillages.js';

/**
 * A person named in a report: a link to the person page, labelled with the name the report
 * answer carries. Opening a person is an audited view, so names are never fetched one by one.
 */
export function PersonLink({ id, name, testid }: { id: string; name: string | undefined; testid?: string }) {
  const { t } = useTranslation();
  return (
    <Link to={`/persons/${id}`} data-testid={testid}>
      {name ?? t('report.openPerson')}
    </Link>
  );
}

/**
 * The name a confirmed report registered its new person under (a born child, a person moving
 * in), as the report gave it; undefined when the report named none (an unnamed newborn).
 */
export function registeredName(report: Pick<Report, 'type' | 'payload'>): string | undefined {
  const named =
    report.type === 'birth' ? report.payload.child : report.type === 'move_in' ? report.payload.person : undefined;
  return str((named as Record<string, unknown> | undefined)?.name);
}

/** The household a person moves into: a link only, since opening a household is an audited view too. */
function HouseholdLink({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <Link to={`/households/${id}`} data-testid="payload-household">
      {t('person.openHousehold')}
    </Link>
  );
}

type Item = { key: string; label: ReactNode; children: ReactNode };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * The particulars of a report as the village sent them, labelled per event type. `people` names
 * the persons the payload refers to by id (from the report answer).
 */
export function PayloadView({
  type,
  payload,
  people,
}: {
  type: ReportType;
  payload: Record<string, unknown>;
  people: Record<string, string>;
}) {
  const { t } = useTranslation();
  const codes = useCodes();
  // Only a correction of the residence names a village; the list is cached for the session.
  const villages = useCountyVillages(
    type === 'correction' &&
      typeof (payload.changes as Record<string, unknown> | undefined)?.residenceUnitId === 'string',
  );
  const none = t('common.none');
  const items: Item[] = [];
  const add = (key: string, label: string, value: ReactNode) => items.push({ key, label, children: value ?? none });
  const person = (key: string, label: string, id: unknown) => {
    if (str(id))
      add(key, label, <PersonLink id={id as string} name={people[id as string]} testid={`payload-${key}`} />);
  };

  switch (type) {
    case 'birth': {
      const child = (payload.child ?? {}) as Record<string, unknown>;
      person('motherId', t('form.mother'), payload.motherId);
      if (str(payload.fatherId)) person('fatherId', t('form.father'), payload.fatherId);
      add('childName', t('form.childName'), str(child.name) ?? none);
      add('childSex', t('form.childSex'), codes.label('sex', child.sex as string | number | undefined));
      if (str(child.idNumber))
        add('childId', t('form.idNumber'), <Typography.Text code>{child.idNumber as string}</Typography.Text>);
      add('weightGrams', t('form.weightGrams'), payload.weightGrams as number);
      add('gestationalWeeks', t('form.gestationalWeeks'), payload.gestationalWeeks as number);
      add(
        'place',
        t('form.place'),
        payload.place === 'hospital'
          ? t('form.placeHospital')
          : payload.place === 'home'
            ? t('form.placeHome')
            : payload.place === 'other'
              ? t('form.placeOther')
              : none,
      );
      if (str(payload.hospitalName)) add('hospitalName', t('form.hospitalName'), payload.hospitalName as string);
      add('defect', t('form.defect'), payload.defect ? t('common.yes') : t('common.no'));
      if (payload.defect) add('defectDescription', t('form.defectDescription'), str(payload.defectDescription) ?? none);
      break;
    }
    case 'death':
      person('personId', t('form.person'), payload.personId);
      add('cause', t('form.cause'), str(payload.cause) ?? none);
      add('place', t('form.deathPlace'), str(payload.place) ?? none);
      break;
    case 'marriage': {
      person('personId', t('form.person'), payload.personId);
      const spouse = payload.spouse as { name?: string; idNumber?: string } | undefined;
      if (str(payload.spouseId)) person('spouseId', t('form.spouse'), payload.spouseId);
      else if (spouse) {
        add('spouseName', t('form.spouseName'), spouse.name ?? none);
        add(
          'spouseIdNumber',
          t('form.spouseIdNumber'),
          spouse.idNumber ? <Typography.Text code>{spouse.idNumber}</Typography.Text> : none,
        );
      }
      break;
    }
    case 'divorce':
      person('personId', t('form.person'), payload.personId);
      break;
    case 'move_in': {
      const p = (payload.person ?? {}) as Record<string, unknown>;
      add('name', t('form.name'), str(p.name) ?? none);
      add(
        'idNumber',
        t('form.idNumber'),
        str(p.idNumber) ? <Typography.Text code>{p.idNumber as string}</Typography.Text> : none,
      );
      add('ethnicity', t('form.ethnicity'), codes.label('ethnicity', p.ethnicity as string | undefined));
      add(
        'hukouType',
        t('form.hukouType'),
        p.hukouType === 'rural' || p.hukouType === 'urban' ? t(`hukouType.${p.hukouType}`) : none,
      );
      if (str(payload.householdId))
        add('household', t('form.household'), <HouseholdLink id={payload.householdId as string} />);
      const nh = payload.newHousehold as { address?: string; hukouType?: string } | undefined;
      if (nh) {
        add('newHousehold', t('form.newHousehold'), nh.address ?? none);
      }
      add(
        'relationship',
        t('form.relationship'),
        codes.label('relationship', payload.relationship as string | undefined),
      );
      add('fromPlace', t('form.fromPlace'), str(payload.fromPlace) ?? none);
      break;
    }
    case 'move_out':
      person('personId', t('form.person'), payload.personId);
      add('destination', t('form.destination'), str(payload.destination) ?? none);
      break;
    case 'correction': {
      person('personId', t('form.person'), payload.personId);
      const changes = (payload.changes ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === null || value === '') continue;
        let shown: ReactNode = String(value);
        if (key === 'sex') shown = codes.label('sex', value as string);
        if (key === 'ethnicity') shown = codes.label('ethnicity', value as string);
        if (key === 'relationship') shown = codes.label('relationship', value as string);
        if (key === 'birthDate') shown = formatDate(value as string);
        if (key === 'residenceUnitId') {
          const village = villages.data?.find((v) => v.id === value);
          shown = <span data-testid="payload-residence">{village ? villageLabel(village) : String(value)}</span>;
        }
        add(`change-${key}`, `${t('form.newValue')}：${fieldLabel(t, key)}`, shown);
      }
      add('reason', t('form.reason'), str(payload.reason) ?? none);
      break;
    }
  }

  return <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={items} data-testid="report-payload" />;
}
