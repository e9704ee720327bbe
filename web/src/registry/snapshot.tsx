import { Descriptions, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../lib/dates.js';
import { findUnit, useOrgTree } from '../org/useOrgTree.js';
import { useCodes } from './useCodes.js';

/** Fields of a person's state as the history keeps it, in the order people read them. */
const FIELD_ORDER = [
  'name',
  'idNumberMasked',
  'sex',
  'birthDate',
  'ethnicity',
  'hukouType',
  'hukouUnit',
  'hukouUnitId',
  'residenceUnit',
  'residenceUnitId',
  'householdId',
  'relationship',
  'maritalStatus',
  'birthOrder',
  'status',
  'deathDate',
  'leftDate',
];

/** Ids, hashes and sealed values are not for reading. */
const HIDDEN = new Set([
  'id',
  'countyCode',
  'idNumberSealed',
  'idNumberHash',
  'namePinyin',
  'nameInitials',
  'version',
  'createdAt',
  'updatedAt',
  'motherId',
  'fatherId',
  'spouseId',
  'householdId',
  'eventId',
]);

export function fieldLabel(t: TFunction, key: string): string {
  switch (key) {
    case 'name':
      return t('person.name');
    case 'idNumber':
    case 'idNumberMasked':
      return t('person.idNumber');
    case 'sex':
      return t('person.sex');
    case 'birthDate':
      return t('person.birthDate');
    case 'ethnicity':
      return t('person.ethnicity');
    case 'hukouType':
      return t('person.hukouType');
    case 'hukouUnit':
    case 'hukouUnitId':
      return t('person.hukouUnit');
    case 'residenceUnit':
    case 'residenceUnitId':
      return t('person.residenceUnit');
    case 'householdId':
      return t('person.household');
    case 'relationship':
      return t('person.relationship');
    case 'maritalStatus':
      return t('person.maritalStatus');
    case 'birthOrder':
      return t('person.birthOrder');
    case 'status':
      return t('person.status');
    case 'deathDate':
      return t('person.deathDate');
    case 'leftDate':
      return t('person.leftDate');
    case 'weightGrams':
    case 'birthWeightG':
      return t('form.weightGrams');
    case 'gestationalWeeks':
      return t('form.gestationalWeeks');
    case 'place':
      return t('form.place');
    case 'hospitalName':
      return t('form.hospitalName');
    case 'defect':
    case 'hasDefect':
      return t('form.defect');
    case 'defectDescription':
      return t('form.defectDescription');
    case 'cause':
      return t('form.cause');
    case 'destination':
      return t('form.destination');
    case 'fromPlace':
      return t('form.fromPlace');
    case 'reason':
      return t('form.reason');
    default:
      return key;
  }
}

export function useFieldValue(): (key: string, value: unknown) => ReactNode {
  const { t } = useTranslation();
  const codes = useCodes();
  const { data: root } = useOrgTree();
  return (key, value) => {
    if (value === null || value === undefined || value === '') return t('common.none');
    switch (key) {
      case 'sex':
        return codes.label('sex', value as string);
      case 'ethnicity':
        return codes.label('ethnicity', value as string);
      case 'relationship':
        return codes.label('relationship', value as string);
      case 'maritalStatus':
        return codes.label('maritalStatus', value as string);
      case 'hukouType':
        return value === 'rural' || value === 'urban' ? t(`hukouType.${value}`) : String(value);
      case 'status':
        return value === 'active' || value === 'dead' || value === 'moved_out'
          ? t(`personStatus.${value}`)
          : String(value);
      case 'birthOrder':
        return t('person.birthOrderValue', { order: Number(value) });
      case 'hukouUnitId':
      case 'residenceUnitId':
        return findUnit(root, String(value))?.name ?? String(value);
      case 'place':
        return value === 'hospital'
          ? t('form.placeHospital')
          : value === 'home'
            ? t('form.placeHome')
            : value === 'other'
              ? t('form.placeOther')
              : String(value);
      case 'birthDate':
      case 'deathDate':
      case 'leftDate':
        return formatDate(String(value));
      default:
        if (typeof value === 'object' && value !== null && 'name' in value) {
          return String((value as { name: unknown }).name);
        }
        if (typeof value === 'object') return <Typography.Text code>{JSON.stringify(value)}</Typography.Text>;
        if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
        return String(value);
    }
  };
}

/** A recorded state of a person (history snapshot or the as-of answer) as a description list. */
export function SnapshotView({ snapshot }: { snapshot: Record<string, unknown> }) {
  const { t } = useTranslation();
  const valueOf = useFieldValue();
  const keys = Object.keys(snapshot).filter((k) => !HIDDEN.has(k));
  keys.sort((a, b) => {
    const ia = FIELD_ORDER.indexOf(a);
    const ib = FIELD_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      data-testid="snapshot"
      items={keys.map((key) => ({ key, label: fieldLabel(t, key), children: valueOf(key, snapshot[key]) }))}
    />
  );
}
