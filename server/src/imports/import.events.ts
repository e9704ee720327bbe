/**
 * Importing historical vital events (births, deaths, marriages, divorces, moves) for persons
 * already in the registry. Each event becomes a `vital_event` row without a report, and
 * changes the person as a confirmed report would (`reporting/report.apply.ts`): a death makes
 * the person dead and a married spouse widowed, a marriage links both spouses, a divorce
 * unlinks them, a move out marks the person moved out, a move in makes them active again.
 * Events of one person apply in date order; the state they set is the state the event implies,
 * so an event whose result the registry already shows (a marriage of a person imported as
 * married) only records the event.
 */
import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import type { Sealer } from '../lib/sealing.js';
import { maskIdNumber } from '../lib/idNumber.js';
import { updatePerson } from '../registry/person.repository.js';
import type { ProblemLog } from './import.problems.js';
import { findPersonsByHashes, type RegistryPerson } from './import.repository.js';
import { parseEventRow, type EventRecord, type RowContext } from './import.rows.js';
import type { ImportSource } from './import.source.js';
import type { OnProgress } from './import.persons.js';

export type EventsContext = {
  db: DbOrTx;
  sealer: Sealer;
  countyCode: string;
  rowContext: RowContext;
  log: ProblemLog;
  onProgress?: OnProgress;
};

type Subject = RegistryPerson & { unitPath: string };

export type EventsPlan = {
  events: EventRecord[];
  persons: Map<string, Subject>;
  rowCount: number;
};

export type EventsCounts = { events: number; byType: Record<string, number>; personsChanged: number };

const CHUNK = 5000;
const TYPE_NAMES = {
  birth: '出生',
  death: '死亡',
  marriage: '结婚',
  divorce: '离婚',
  move_in: '迁入',
  move_out: '迁出',
} as const;

/** Reads and checks every row, then the sequence of each person's events against the registry. */
export async function checkEvents(ctx: EventsContext, source: ImportSource): Promise<EventsPlan> {
  const { log } = ctx;
  const events: EventRecord[] = [];
  const cellsOf = new Map<number, unknown[]>();
  let rowCount = 0;
  for await (const batch of source.dataRows()) {
    for (const { row, cells } of batch) {
      rowCount++;
      const { record, problems } = parseEventRow(row, cells, source.byField, ctx.rowContext);
      for (const p of problems) log.row(row, cells, p);
      if (record) {
        events.push(record);
        cellsOf.set(row, cells);
      }
    }
    ctx.onProgress?.({ phase: 'checking', rows: rowCount, total: null });
  }
  const col = (f: string) => source.byField.get(f) ?? null;
  const fail = (e: EventRecord, field: string | null, message: string) =>
    log.row(e.row, (cellsOf.get(e.row) ?? []) as never, { column: field ? col(field) : null, message });

  // Subjects and spouses from the registry; one outside the importer's scope is not found.
  const ids = [...new Set(events.flatMap((e) => (e.spouseIdNumber ? [e.idNumber, e.spouseIdNumber] : [e.idNumber])))];
  const persons = new Map<string, Subject>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const byHash = new Map(chunk.map((id) => [ctx.sealer.lookupHash(id), id]));
    const found = await findPersonsByHashes(ctx.db, ctx.countyCode, [...byHash.keys()]);
    const paths = new Map(
      (
        await ctx.db
          .selectFrom('orgUnit')
          .select(['id', 'path'])
          .where('id', 'in', [...new Set(found.map((p) => p.hukouUnitId)), ''])
          .execute()
      ).map((u) => [u.id, u.path]),
    );
    for (const p of found)
      persons.set(byHash.get(p.idNumberHash!)!, { ...p, unitPath: paths.get(p.hukouUnitId) ?? '' });
  }
  const existing = await existingEvents(
    ctx.db,
    [...persons.values()].map((p) => p.id),
  );

  // Replay each person's events in date order on their registry state, refusing what the state
  // contradicts: an event after a death, a marriage of a person married to someone else.
  type State = { dead: string | null; married: boolean; spouseId: string | null; birth: boolean };
  const state = new Map<string, State>();
  const sorted = [...events].sort((a, b) =>
    a.eventDate < b.eventDate ? -1 : a.eventDate > b.eventDate ? 1 : a.row - b.row,
  );
  const seen = new Set<string>();
  for (const e of sorted) {
    const p = persons.get(e.idNumber);
    if (!p || !p.unitPath.startsWith(ctx.rowContext.scopePath)) {
      fail(e, 'idNumber', '在本人辖区的登记系统中找不到该身份证号码的人员（请先导入人员）');
      continue;
    }
    if (e.name && e.name !== p.name) fail(e, 'name', `姓名“${e.name}”与登记系统中该身份证号码的姓名不一致`);
    if (e.eventDate < p.birthDate) fail(e, 'eventDate', `事件日期 ${e.eventDate} 早于出生日期 ${p.birthDate}`);
    const key = `${p.id}|${e.type}|${e.eventDate}`;
    if (seen.has(key)) fail(e, 'type', `本文件中已有该人员 ${e.eventDate} 的${TYPE_NAMES[e.type]}事件`);
    else if (existing.has(key)) fail(e, 'type', `登记系统中已有该人员 ${e.eventDate} 的${TYPE_NAMES[e.type]}事件`);
    seen.add(key);
    let s = state.get(p.id);
    if (!s) {
      s = {
        dead: p.status === 'dead' ? p.deathDate : null,
        married: p.maritalStatus === '20',
        spouseId: p.spouseId,
        birth: existing.has(`${p.id}|birth`),
      };
      state.set(p.id, s);
    }
    if (s.dead && (e.eventDate > s.dead || (e.type === 'death' && e.eventDate !== s.dead))) {
      fail(e, 'eventDate', `该人员已于 ${s.dead} 死亡`);
      continue;
    }
    const spouse = e.spouseIdNumber ? persons.get(e.spouseIdNumber) : undefined;
    switch (e.type) {
      case 'birth':
        if (e.eventDate !== p.birthDate)
          fail(e, 'eventDate', `出生事件日期 ${e.eventDate} 与该人员的出生日期 ${p.birthDate} 不一致`);
        else if (s.birth) fail(e, 'type', '该人员已有出生事件');
        s.birth = true;
        break;
      case 'death':
        s.dead = e.eventDate;
        break;
      case 'marriage':
        if (spouse && spouse.sex === p.sex) fail(e, 'spouseIdNumber', '配偶性别与本人相同');
        if (spouse?.status === 'dead' && spouse.deathDate! < e.eventDate)
          fail(e, 'spouseIdNumber', `配偶已于 ${spouse.deathDate} 死亡`);
        if (s.married && s.spouseId && s.spouseId !== (spouse?.id ?? s.spouseId))
          fail(e, 'spouseIdNumber', '该人员在登记系统中已与他人结婚，须先有离婚或丧偶');
        else if (s.married && s.spouseId && !spouse)
          fail(e, 'spouseIdNumber', '该人员在登记系统中已婚，请填写配偶身份证号码以便核对');
        if (spouse && spouse.spouseId && spouse.spouseId !== p.id && spouse.maritalStatus === '20')
          fail(e, 'spouseIdNumber', '配偶在登记系统中已与他人结婚');
        s.married = true;
        s.spouseId = spouse?.id ?? null;
        break;
      case 'divorce':
        if (!s.married && p.maritalStatus !== '40') fail(e, 'type', '该人员在此日期不是已婚状态，不能离婚');
        if (spouse && s.spouseId && s.spouseId !== spouse.id)
          fail(e, 'spouseIdNumber', '配偶身份证号码与登记系统中该人员的配偶不一致');
        s.married = false;
        s.spouseId = null;
        break;
      case 'move_out':
      case 'move_in':
        break;
    }
  }
  return { events: sorted, persons, rowCount };
}

async function existingEvents(db: DbOrTx, personIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < personIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('vitalEvent')
      .select(['personId', 'type', 'eventDate'])
      .where('personId', 'in', personIds.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) {
      out.add(`${r.personId}|${r.type}|${r.eventDate}`);
      if (r.type === 'birth') out.add(`${r.personId}|birth`);
    }
  }
  return out;
}

const ageOn = (birthDate: string, date: string) =>
  Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (date.slice(5) < birthDate.slice(5) ? 1 : 0);

/** Writes the checked events in date order. Runs inside the import's transaction. */
export async function writeEvents(
  ctx: EventsContext,
  tx: DbOrTx,
  plan: EventsPlan,
  batchId: string,
): Promise<EventsCounts> {
  const byType: Record<string, number> = {};
  const changed = new Set<string>();
  let done = 0;
  for (const e of plan.events) {
    const subject = plan.persons.get(e.idNumber)!;
    // Read the current row: earlier events of this file may have changed it.
    const p = await tx
      .selectFrom('person')
      .selectAll()
      .where('id', '=', subject.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const eventId = randomUUID();
    const mark = (change: string) => ({ validFrom: e.eventDate, change, eventId });
    const spouse = e.spouseIdNumber ? plan.persons.get(e.spouseIdNumber) : undefined;
    const details: Record<string, unknown> = { importBatchId: batchId, ...(e.note ? { note: e.note } : {}) };
    let other: string | null = null;
    const columns: Record<string, unknown> = {};
    switch (e.type) {
      case 'birth': {
        const mother = p.motherId
          ? await tx.selectFrom('person').select(['id', 'birthDate']).where('id', '=', p.motherId).executeTakeFirst()
          : undefined;
        let birthOrder = p.birthOrder;
        if (birthOrder === null && mother) {
          const earlier = await tx
            .selectFrom('person')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('motherId', '=', mother.id)
            .where('birthDate', '<', p.birthDate)
            .executeTakeFirstOrThrow();
          birthOrder = Number(earlier.n) + 1;
        }
        other = mother?.id ?? null;
        Object.assign(columns, {
          childSex: p.sex,
          birthOrder,
          birthWeightG: e.weightGrams,
          gestationalWeeks: e.gestationalWeeks,
          hasDefect: e.defect,
          motherAge: mother ? ageOn(mother.birthDate, e.eventDate) : null,
        });
        details.fatherId = p.fatherId;
        break;
      }
      case 'death':
        if (p.status === 'dead') break; // recorded before: only the event is added
        await updatePerson(tx, p.id, { status: 'dead', deathDate: e.eventDate }, mark('death'));
        changed.add(p.id);
        if (p.spouseId && p.maritalStatus === '20') {
          await updatePerson(tx, p.spouseId, { maritalStatus: '30' }, mark('spouse_death'));
          changed.add(p.spouseId);
        }
        details.cause = e.cause;
        break;
      case 'marriage': {
        const spouseId = spouse?.id ?? (p.maritalStatus === '20' ? p.spouseId : null);
        if (p.maritalStatus !== '20' || p.spouseId !== spouseId) {
          await updatePerson(tx, p.id, { maritalStatus: '20', spouseId }, mark('marriage'));
          changed.add(p.id);
        }
        if (spouse) {
          const s = await tx
            .selectFrom('person')
            .select(['maritalStatus', 'spouseId'])
            .where('id', '=', spouse.id)
            .executeTakeFirstOrThrow();
          if (s.maritalStatus !== '20' || s.spouseId !== p.id) {
            await updatePerson(tx, spouse.id, { maritalStatus: '20', spouseId: p.id }, mark('marriage'));
            changed.add(spouse.id);
          }
        } else if (e.spouseIdNumber) {
          details.spouseIdNumberMasked = maskIdNumber(e.spouseIdNumber);
        }
        other = spouseId;
        break;
      }
      case 'divorce': {
        const spouseId = spouse?.id ?? p.spouseId;
        if (p.maritalStatus !== '40' || p.spouseId) {
          await updatePerson(tx, p.id, { maritalStatus: '40', spouseId: null }, mark('divorce'));
          changed.add(p.id);
        }
        if (spouseId) {
          await updatePerson(tx, spouseId, { maritalStatus: '40', spouseId: null }, mark('divorce'));
          changed.add(spouseId);
        }
        other = spouseId;
        break;
      }
      case 'move_out':
        if (p.status !== 'moved_out' || p.leftDate !== e.eventDate) {
          await updatePerson(tx, p.id, { status: 'moved_out', leftDate: e.eventDate }, mark('move_out'));
          changed.add(p.id);
        }
        details.destination = e.place;
        break;
      case 'move_in':
        if (p.status === 'moved_out') {
          await updatePerson(tx, p.id, { status: 'active', leftDate: null }, mark('move_in'));
          changed.add(p.id);
        }
        details.fromPlace = e.place;
        break;
    }
    await tx
      .insertInto('vitalEvent')
      .values({
        id: eventId,
        countyCode: ctx.countyCode,
        type: e.type,
        eventDate: e.eventDate,
        unitId: e.unitId ?? p.hukouUnitId,
        personId: p.id,
        otherPersonId: other,
        reportId: null,
        reportedOn: null,
        confirmedAt: clock.now(),
        childSex: null,
        birthOrder: null,
        birthWeightG: null,
        gestationalWeeks: null,
        hasDefect: null,
        motherAge: null,
        ...columns,
        details: JSON.stringify(details),
      })
      .execute();
    byType[e.type] = (byType[e.type] ?? 0) + 1;
    if (++done % 500 === 0) ctx.onProgress?.({ phase: 'writing', rows: done, total: plan.events.length });
  }
  return { events: done, byType, personsChanged: changed.size };
}
