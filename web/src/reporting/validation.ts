import type { Sex } from '../api/types.js';
import { idNumberProblem, parseIdNumber } from '../lib/idNumber.js';

/**
 * What a report form can check before anything is sent. Each check answers a catalog key
 * (under `validation.`) and its parameters, or nothing when the value is fine; the form turns
 * the key into text in the user's language. The server checks all of it again.
 */
export type Problem = {
  key:
    | 'idFormat'
    | 'idBirthDate'
    | 'idCheckDigit'
    | 'idBirthMismatch'
    | 'idSexMismatch'
    | 'future'
    | 'weight'
    | 'weeks'
    | 'integer'
    | 'motherTooYoung'
    | 'beforeBirth'
    | 'spouseEither';
  params?: Record<string, string | number>;
};

/**
 * An ID number must be well-formed and carry the right check digit; when the form also knows
 * the person's birth date or sex, the number must agree with them.
 */
export function checkIdNumber(raw: string, expect: { birthDate?: string; sex?: Sex } = {}): Problem | undefined {
  const parsed = parseIdNumber(raw);
  if (!parsed.ok) {
    switch (idNumberProblem(raw)) {
      case 'format':
        return { key: 'idFormat' };
      case 'birthDate':
        return { key: 'idBirthDate' };
      case 'checkDigit':
      case undefined:
        return { key: 'idCheckDigit' };
    }
  }
  if (expect.birthDate && parsed.value.birthDate !== expect.birthDate) {
    return { key: 'idBirthMismatch', params: { date: parsed.value.birthDate } };
  }
  if (expect.sex && parsed.value.sex !== expect.sex) return { key: 'idSexMismatch' };
  return undefined;
}

/** Events are reported after they happen: a date after today is a typing error. */
export function checkNotFuture(isoDate: string, today: string): Problem | undefined {
  return isoDate > today ? { key: 'future' } : undefined;
}

/** Birth weight in grams: below 300 g or above 7000 g is a unit or typing error. */
export function checkWeight(grams: number): Problem | undefined {
  if (!Number.isInteger(grams)) return { key: 'integer' };
  return grams < 300 || grams > 7000 ? { key: 'weight' } : undefined;
}

/** Gestational age in completed weeks, 20 to 45. */
export function checkGestationalWeeks(weeks: number): Problem | undefined {
  if (!Number.isInteger(weeks)) return { key: 'integer' };
  return weeks < 20 || weeks > 45 ? { key: 'weeks' } : undefined;
}

/** A mother under 12 at the birth means a wrong person or a wrong date was picked. */
export function checkMotherAge(motherBirthDate: string, childBirthDate: string): Problem | undefined {
  const [my, mm, md] = motherBirthDate.split('-').map(Number) as [number, number, number];
  const [cy, cm, cd] = childBirthDate.split('-').map(Number) as [number, number, number];
  let age = cy - my;
  if (cm < mm || (cm === mm && cd < md)) age--;
  return age < 12 ? { key: 'motherTooYoung' } : undefined;
}

/** Nothing happens to a person before the person was born. */
export function checkNotBeforeBirth(isoDate: string, birthDate: string): Problem | undefined {
  return isoDate < birthDate ? { key: 'beforeBirth', params: { date: birthDate } } : undefined;
}
