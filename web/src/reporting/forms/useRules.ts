import type { FormRule } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Sex } from '../../api/types.js';
import { todayIso, toIsoDate } from '../../lib/dates.js';
import {
  type Problem,
  checkGestationalWeeks,
  checkIdNumber,
  checkNotBeforeBirth,
  checkNotFuture,
  checkWeight,
} from '../validation.js';

/** antd form rules built from the checks in validation.ts, with messages from the catalog. */
export function useRules() {
  const { t } = useTranslation();
  const fail = (problem: Problem | undefined) =>
    problem ? Promise.reject(new Error(t(`validation.${problem.key}`, problem.params))) : Promise.resolve();

  return {
    required: (field: string): FormRule => ({
      required: true,
      whitespace: true,
      message: t('validation.required', { field }),
    }),
    pick: (field: string): FormRule => ({ required: true, message: t('validation.pick', { field }) }),
    /** A number the user types (weight, weeks): "enter", not "choose". */
    enter: (field: string): FormRule => ({ required: true, message: t('validation.required', { field }) }),
    /** `expect` reads the birth date and sex the number must agree with, when the form knows them. */
    idNumber: (expect?: () => { birthDate?: string; sex?: Sex }): FormRule => ({
      validator: (_, value: string | undefined) =>
        !value || !value.trim() ? Promise.resolve() : fail(checkIdNumber(value, expect?.() ?? {})),
    }),
    notFuture: (): FormRule => ({
      validator: (_, value: Dayjs | undefined) => {
        const iso = toIsoDate(value);
        return iso ? fail(checkNotFuture(iso, todayIso())) : Promise.resolve();
      },
    }),
    notBeforeBirth: (birthDate: () => string | undefined): FormRule => ({
      validator: (_, value: Dayjs | undefined) => {
        const iso = toIsoDate(value);
        const born = birthDate();
        return iso && born ? fail(checkNotBeforeBirth(iso, born)) : Promise.resolve();
      },
    }),
    weight: (): FormRule => ({
      validator: (_, value: number | null | undefined) =>
        value === null || value === undefined ? Promise.resolve() : fail(checkWeight(value)),
    }),
    weeks: (): FormRule => ({
      validator: (_, value: number | null | undefined) =>
        value === null || value === undefined ? Promise.resolve() : fail(checkGestationalWeeks(value)),
    }),
  };
}
