import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { ReportRow } from '../db/schema.js';
import { newbornRelationship } from '../lib/codes.js';
import { clock } from '../lib/clock.js';
import { maskIdNumber, parseIdNumber } from '../lib/idNumber.js';
import { namePinyin } from '../lib/pinyin.js';
import type { Sealer } from '../lib/sealing.js';
import { findPersonByIdHash, insertPersons, lockPerson, updatePerson } from '../registry/person.repository.js';
import type {
  BirthPayload,
  CorrectionPayload,
  DeathPayload,
  DivorcePayload,
  MarriagePayload,
  MoveInPayload,
  MoveOutPayload,
} from './report.schemas.js';

type Applied = {
  personId: string;
  otherPersonId?: string | null;
  columns?: Record<string, unknown>;
  details?: Record<string, unknown>;
};

const sealedId = (sealer: Sealer, id: string | undefined | null) =>
  id
    ? { idNumberSealed: sealer.seal(id), idNumberHash: sealer.lookupHash(id), idNumberMasked: maskIdNumber(id) }
    : { idNumberSealed: null, idNumberHash: null, idNumberMasked: null };

const ageOn = (birthDate: string, date: string) => {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) >= birthDate.slice(5) ? years : years - 1;
};

/**
 * Puts a confirmed report into the registry: creates or changes persons (with history from the
 * event date) and records the vital event indicators are computed from. Runs inside the
 * confirming transaction, after the report was checked again against the current registry.
 */
export async function applyReport(
  tx: DbOrTx,
  sealer: Sealer,
  report: ReportRow,
  payload: Record<string, unknown>,
): Promise<string> {
  const eventId = randomUUID();
  const mark = (change: string) => ({ validFrom: report.eventDate, change, eventId });
  let applied: Applied;
  switch (report.type) {
    case 'birth':
      applied = await applyBirth(tx, sealer, report, payload as BirthPayload, mark('birth'));
      break;
    case 'death': {
      const p = payload as DeathPayload;
      const person = (await lockPerson(tx, p.personId))!;
      await updatePerson(tx, p.personId, { status: 'dead', deathDate: report.eventDate }, mark('death'));
      if (person.spouseId && person.maritalStatus === '20') {
        await updatePerson(tx, person.spouseId, { maritalStatus: '30' }, mark('spouse_death'));
      }
      applied = { personId: p.personId, details: { cause: p.cause ?? null, place: p.place ?? null } };
      break;
    }
    case 'marriage': {
      const p = payload as MarriagePayload;
      let spouseId = p.spouseId ?? null;
      if (!spouseId && p.spouse) {
        // A spouse already registered elsewhere in the county is linked, not duplicated.
        const known = await findPersonByIdHash(tx, report.countyCode, sealer.lookupHash(p.spouse.idNumber));
        spouseId = known && known.status === 'active' ? known.id : null;
      }
      await updatePerson(tx, p.personId, { maritalStatus: '20', spouseId }, mark('marriage'));
      if (spouseId) await updatePerson(tx, spouseId, { maritalStatus: '20', spouseId: p.personId }, mark('marriage'));
      applied = {
        personId: p.personId,
        otherPersonId: spouseId,
        details: p.spouse ? { spouseName: p.spouse.name, spouseIdNumberMasked: maskIdNumber(p.spouse.idNumber) } : {},
      };
      break;
    }
    case 'divorce': {
      const p = payload as DivorcePayload;
      const person = (await lockPerson(tx, p.personId))!;
      await updatePerson(tx, p.personId, { maritalStatus: '40', spouseId: null }, mark('divorce'));
      if (person.spouseId)
        await updatePerson(tx, person.spouseId, { maritalStatus: '40', spouseId: null }, mark('divorce'));
      applied = { personId: p.personId, otherPersonId: person.spouseId };
      break;
    }
    case 'move_in':
      applied = await applyMoveIn(tx, sealer, report, payload as MoveInPayload, mark('move_in'));
      break;
    case 'move_out': {
      const p = payload as MoveOutPayload;
      await updatePerson(tx, p.personId, { status: 'moved_out', leftDate: report.eventDate }, mark('move_out'));
      applied = { personId: p.personId, details: { destination: p.destination } };
      break;
    }
    case 'correction': {
      const p = payload as CorrectionPayload;
      const before = (await lockPerson(tx, p.personId))!;
      const { idNumber, name, ...rest } = p.changes;
      await updatePerson(
        tx,
        p.personId,
        {
          ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
          ...(name ? { name, namePinyin: namePinyin(name).full, nameInitials: namePinyin(name).initials } : {}),
          ...(idNumber ? sealedId(sealer, idNumber) : {}),
        },
        mark('correction'),
      );
      const changed = Object.keys(p.changes).filter((k) => p.changes[k as keyof typeof p.changes] !== undefined);
      applied = {
        personId: p.personId,
        details: {
          fields: changed,
          reason: p.reason,
          before: Object.fromEntries(
            changed.filter((k) => k !== 'idNumber').map((k) => [k, before[k as keyof typeof before]]),
          ),
        },
      };
      break;
    }
  }
  await tx
    .insertInto('vitalEvent')
    .values({
      id: eventId,
      countyCode: report.countyCode,
      type: report.type,
      eventDate: report.eventDate,
      unitId: report.unitId,
      personId: applied.personId,
      otherPersonId: applied.otherPersonId ?? null,
      reportId: report.id,
      reportedOn: report.reportedOn,
      confirmedAt: clock.now(),
      childSex: null,
      birthOrder: null,
      birthWeightG: null,
      gestationalWeeks: null,
      hasDefect: null,
      motherAge: null,
      ...applied.columns,
      details: JSON.stringify(applied.details ?? {}),
    })
    .execute();
  return applied.personId;
}

async function applyBirth(
  tx: DbOrTx,
  sealer: Sealer,
  report: ReportRow,
  p: BirthPayload,
  mark: { validFrom: string; change: string; eventId: string },
): Promise<Applied> {
  const mother = (await lockPerson(tx, p.motherId))!;
  const father = p.fatherId ? await lockPerson(tx, p.fatherId) : undefined;
  // Birth order among the mother's live births known to the registry, this one included.
  const earlier = await tx
    .selectFrom('person')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('motherId', '=', mother.id)
    .where('birthDate', '<=', report.eventDate)
    .executeTakeFirstOrThrow();
  const birthOrder = Number(earlier.n) + 1;
  const name = p.child.name ?? `${mother.name}之${p.child.sex === 1 ? '子' : '女'}`;
  const py = namePinyin(name);
  const childId = randomUUID();
  await insertPersons(tx, [
    {
      id: childId,
      countyCode: report.countyCode,
      ...sealedId(sealer, p.child.idNumber),
      name,
      namePinyin: py.full,
      nameInitials: py.initials,
      sex: p.child.sex,
      birthDate: report.eventDate,
      ethnicity: mother.ethnicity,
      hukouType: mother.hukouType,
      hukouUnitId: report.unitId,
      residenceUnitId: mother.residenceUnitId,
      householdId: mother.householdId,
      relationship: mother.householdId
        ? newbornRelationship(
            p.child.sex,
            mother.relationship,
            father?.householdId === mother.householdId ? father.relationship : null,
          )
        : null,
      motherId: mother.id,
      fatherId: father?.id ?? null,
      spouseId: null,
      maritalStatus: '10',
      birthOrder,
      status: 'active',
      deathDate: null,
      leftDate: null,
      history: mark,
    },
  ]);
  await renumberLaterSiblings(tx, mother.id, report.eventDate, birthOrder, mark.eventId);
  return {
    personId: childId,
    otherPersonId: mother.id,
    columns: {
      childSex: p.child.sex,
      birthOrder,
      birthWeightG: p.weightGrams,
      gestationalWeeks: p.gestationalWeeks,
      hasDefect: p.defect,
      motherAge: ageOn(mother.birthDate, report.eventDate),
    },
    details: {
      place: p.place,
      hospitalName: p.hospitalName ?? null,
      defectDescription: p.defect ? (p.defectDescription ?? null) : null,
      fatherId: father?.id ?? null,
    },
  };
}

/**
 * A birth confirmed late, dated before siblings already registered, moves those siblings one
 * place down. Children born on the same day as the newborn (twins) keep their places: of a
 * mother's children born on one day, the one registered first comes first. Each renumbered
 * child gets a history row (change 'birth_order', pointing at the late birth's event) and the
 * birth event indicators read is renumbered with it.
 */
async function renumberLaterSiblings(
  tx: DbOrTx,
  motherId: string,
  birthDate: string,
  newbornOrder: number,
  eventId: string,
): Promise<void> {
  const later = await tx
    .selectFrom('person')
    .select(['id', 'birthOrder', 'birthDate'])
    .where('motherId', '=', motherId)
    .where('birthDate', '>', birthDate)
    .orderBy('birthDate')
    .orderBy(sql`birth_order NULLS LAST`)
    .orderBy('createdAt')
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const [i, sibling] of later.entries()) {
    const birthOrder = newbornOrder + i + 1;
    if (sibling.birthOrder === birthOrder) continue;
    // Effective from the sibling's latest recorded state, so that no later state keeps the old number.
    const latest = await tx
      .selectFrom('personHistory')
      .select((eb) => eb.fn.max('validFrom').as('d'))
      .where('personId', '=', sibling.id)
      .executeTakeFirst();
    const validFrom = latest?.d && latest.d > sibling.birthDate ? latest.d : sibling.birthDate;
    await updatePerson(tx, sibling.id, { birthOrder }, { validFrom, change: 'birth_order', eventId });
    await tx
      .updateTable('vitalEvent')
      .set({ birthOrder })
      .where('type', '=', 'birth')
      .where('personId', '=', sibling.id)
      .execute();
  }
}

async function applyMoveIn(
  tx: DbOrTx,
  sealer: Sealer,
  report: ReportRow,
  p: MoveInPayload,
  mark: { validFrom: string; change: string; eventId: string },
): Promise<Applied> {
  const id = parseIdNumber(p.person.idNumber);
  if (!id.ok) throw new Error('move-in ID number was validated before');
  let householdId = p.householdId ?? null;
  if (!householdId) {
    householdId = randomUUID();
    // Household numbers are the village code and a running number; take the next free one.
    const last = await tx
      .selectFrom('household')
      .select((eb) => eb.fn.max('householdNumber').as('n'))
      .where('countyCode', '=', report.countyCode)
      .where('householdNumber', 'like', `${report.unitId}____`)
      .executeTakeFirst();
    const next = last?.n ? Number(last.n.slice(report.unitId.length)) + 1 : 1;
    await tx
      .insertInto('household')
      .values({
        id: householdId,
        countyCode: report.countyCode,
        householdNumber: `${report.unitId}${String(next).padStart(4, '0')}`,
        unitId: report.unitId,
        address: p.newHousehold!.address,
        hukouType: p.newHousehold!.hukouType,
      })
      .execute();
  }
  const py = namePinyin(p.person.name);
  const fields = {
    name: p.person.name,
    namePinyin: py.full,
    nameInitials: py.initials,
    sex: id.value.sex,
    birthDate: id.value.birthDate,
    ethnicity: p.person.ethnicity,
    hukouType: p.person.hukouType,
    hukouUnitId: report.unitId,
    residenceUnitId: report.unitId,
    householdId,
    relationship: p.relationship,
    status: 'active' as const,
    leftDate: null,
  };
  const returning = await findPersonByIdHash(tx, report.countyCode, sealer.lookupHash(id.value.idNumber));
  if (returning) {
    await updatePerson(tx, returning.id, fields, mark);
    return { personId: returning.id, details: { fromPlace: p.fromPlace, returning: true } };
  }
  const personId = randomUUID();
  await insertPersons(tx, [
    {
      id: personId,
      countyCode: report.countyCode,
      ...sealedId(sealer, id.value.idNumber),
      ...fields,
      motherId: null,
      fatherId: null,
      spouseId: null,
      maritalStatus: '90',
      birthOrder: null,
      deathDate: null,
      history: mark,
    },
  ]);
  return { personId, details: { fromPlace: p.fromPlace } };
}
