/**
 * Registry persons for tests that need families of a given shape (the benefit tests above all):
 * each is described by a key, sex, birth date and village, and links to other keys (mother,
 * father, spouse); the builder gives the row insertPersons takes, with a valid ID number sealed
 * as the registry keeps it.
 */
import { randomUUID } from 'node:crypto';
import { makeIdNumber, maskIdNumber } from '../lib/idNumber.js';
import type { Sealer } from '../lib/sealing.js';

export type TestPerson = {
  key: string;
  sex: 1 | 2;
  birth: string;
  unit: string;
  hukou?: 'rural' | 'urban';
  mother?: string;
  father?: string;
  spouse?: string;
  death?: string;
  left?: string;
};

export type PersonRowOptions = {
  /** Filled with each key's person id (a spouse's id is reserved when first named). */
  ids: Record<string, string>;
  /** Filled with each key's whole ID number, when a test needs to type it. */
  idNumbers?: Record<string, string>;
  /** The next ID-number sequence (unique within a test database). */
  nextSeq: () => number;
  /** The name is the surname and the key (测试RH). */
  surname?: string;
  pinyin?: string;
  initials?: string;
};

/** A row builder; `sealer` is read when a row is built, so it can be made before the test case exists. */
export function personRowBuilder(sealer: () => Sealer, o: PersonRowOptions) {
  const { ids, surname = '测试', pinyin = 'ceshi', initials = 'cs' } = o;
  return (p: TestPerson) => {
    const idNumber = makeIdNumber('430623', p.birth, o.nextSeq());
    if (o.idNumbers) o.idNumbers[p.key] = idNumber;
    return {
      id: (ids[p.key] ??= randomUUID()),
      countyCode: '430623',
      idNumberSealed: sealer().seal(idNumber),
      idNumberHash: sealer().lookupHash(idNumber),
      idNumberMasked: maskIdNumber(idNumber),
      name: `${surname}${p.key}`,
      namePinyin: `${pinyin}${p.key.toLowerCase()}`,
      nameInitials: initials,
      sex: p.sex,
      birthDate: p.birth,
      ethnicity: '01',
      hukouType: p.hukou ?? ('rural' as const),
      hukouUnitId: p.unit,
      residenceUnitId: p.unit,
      householdId: null,
      relationship: null,
      motherId: p.mother ? ids[p.mother]! : null,
      fatherId: p.father ? ids[p.father]! : null,
      spouseId: p.spouse ? (ids[p.spouse] ??= randomUUID()) : null,
      maritalStatus: p.spouse ? '20' : '10',
      birthOrder: null,
      status: p.death ? ('dead' as const) : p.left ? ('moved_out' as const) : ('active' as const),
      deathDate: p.death ?? null,
      leftDate: p.left ?? null,
      history: { validFrom: p.birth, change: 'test' },
    };
  };
}
