/**
 * Importing persons and their households, in two passes over the file so that a million rows
 * never sit in memory as objects:
 *
 * 1. check: every row is read and validated; what later rows need from earlier ones is kept
 *    compactly (ID number → row, households, spouse claims), and the registry is asked in
 *    batches whether ID numbers or household numbers already exist.
 * 2. write (only when the check found nothing wrong): the rows are read again and written with
 *    COPY in chunks (households first, then persons), sealed, hashed, masked and with pinyin as
 *    `insertPersons` writes them; then each person's first history row, built in one statement
 *    from the written rows with the fields of `snapshotOf`.
 *
 * Persons get ids derived from a random per-batch prefix and their row number, so a row can
 * name its mother by ID number before or after the mother's own row.
 */
import { randomUUID } from 'node:crypto';
import type { CopyRow } from '../db/copy.js';
import type { DbOrTx } from '../db/database.js';
import { checkDigit, maskIdNumber } from '../lib/idNumber.js';
import type { CellValue } from '../lib/messy.js';
import { namePinyin } from '../lib/pinyin.js';
import type { Sealer } from '../lib/sealing.js';
import { updatePerson } from '../registry/person.repository.js';
import type { ProblemLog } from './import.problems.js';
import {
  findHouseholdsByNumbers,
  findPersonsByHashes,
  HOUSEHOLD_COLUMNS,
  insertImportHistory,
  PERSON_COLUMNS,
  setPersonLinks,
  type RegistryPerson,
} from './import.repository.js';
import { parsePersonRow, type PersonRecord, type RowContext } from './import.rows.js';
import type { ImportSource } from './import.source.js';

export type Progress = { phase: 'checking' | 'writing' | 'finishing'; rows: number; total: number | null };
export type OnProgress = (p: Progress) => void;

export type PersonsContext = {
  db: DbOrTx;
  sealer: Sealer;
  countyCode: string;
  rowContext: RowContext;
  /** The registry already holds persons of this county (else the duplicate checks are skipped). */
  registryHasPersons: boolean;
  log: ProblemLog;
  onProgress?: OnProgress;
};

type HouseholdPlan = {
  number: string;
  row: number;
  unitId: string;
  address: string | null;
  hukouType: 'rural' | 'urban';
  headRow: number | null;
  id: string;
  existing: boolean;
};

/**
 * ID numbers are kept as numbers while a file is checked: a million of them as strings (each
 * holding on to the chunk of file text it was cut from) would cost several hundred megabytes.
 * Address code, year − 1800, month, day and sequence make 16 digits, below 2^53 for every
 * address code (the first digit is at most 8); the check digit follows from the rest.
 */
export function idKey(id: string): number {
  return Number(id.slice(0, 6) + String(Number(id.slice(6, 10)) - 1800).padStart(3, '0') + id.slice(10, 17));
}

export function idFromKey(key: number): string {
  const s = String(key).padStart(16, '0');
  const first17 = s.slice(0, 6) + String(1800 + Number(s.slice(6, 9))) + s.slice(9, 16);
  return first17 + checkDigit(first17);
}

/** A copy of a string that does not keep the text it was cut from alive. */
const own = (s: string) => (' ' + s).slice(1);

export type PersonsPlan = {
  rowCount: number;
  /** ID number (idKey) → row of the person in the file. */
  ids: Map<number, number>;
  households: Map<string, HouseholdPlan>;
  /** Persons already in the registry that rows name as mother, father or spouse (by idKey). */
  external: Map<number, RegistryPerson>;
  /** idKey of B → row of A, where A names B (in the file) as spouse and B names nobody. */
  inferredSpouse: Map<number, number>;
  /** Registry persons without a spouse whom a row names as spouse: linked back. */
  registrySpouseLinks: Array<{ personId: string; row: number }>;
};

export type PersonsCounts = { persons: number; households: number; householdsJoined: number; links: number };

const CHUNK = 5000;

/** Pass 1. Problems go to the log; the plan is what pass 2 needs. */
export async function checkPersons(ctx: PersonsContext, source: ImportSource): Promise<PersonsPlan> {
  const { log, sealer } = ctx;
  const col = (f: string) => source.byField.get(f) ?? null;
  const idCol = col('idNumber');
  const plan: PersonsPlan = {
    rowCount: 0,
    ids: new Map(),
    households: new Map(),
    external: new Map(),
    inferredSpouse: new Map(),
    registrySpouseLinks: [],
  };
  const spouseOf = new Map<number, number>();
  /** Persons the file says are not married (未婚, 丧偶, 离婚): nobody may name them as spouse. */
  const notMarried = new Set<number>();
  const pending: Pending = { row: [], field: [], key: [], self: [] };
  let hashChunk: Array<{ hash: string; row: number; cells: CellValue[] }> = [];

  const flushHashes = async () => {
    const chunk = hashChunk;
    hashChunk = [];
    if (!ctx.registryHasPersons || chunk.length === 0) return;
    const found = new Set(
      (
        await findPersonsByHashes(
          ctx.db,
          ctx.countyCode,
          chunk.map((c) => c.hash),
        )
      ).map((p) => p.idNumberHash),
    );
    for (const c of chunk) {
      if (found.has(c.hash))
        log.row(c.row, c.cells, { column: idCol, message: '该身份证号码已在登记系统中登记，不能重复导入' });
    }
  };

  for await (const batch of source.dataRows()) {
    for (const { row, cells } of batch) {
      plan.rowCount++;
      const { record, problems } = parsePersonRow(row, cells, source.byField, ctx.rowContext);
      for (const p of problems) log.row(row, cells, p);
      if (!record) continue;
      const self = record.idNumber ? idKey(record.idNumber) : -1;
      if (record.idNumber) {
        const earlier = plan.ids.get(self);
        if (earlier !== undefined) {
          log.row(row, cells, { column: idCol, message: `身份证号码与第 ${earlier} 行重复` });
          continue;
        }
        plan.ids.set(self, row);
        if (ctx.registryHasPersons) hashChunk.push({ hash: sealer.lookupHash(record.idNumber), row, cells });
        if (record.spouseIdNumber) spouseOf.set(self, idKey(record.spouseIdNumber));
        else if (record.maritalStatus !== '20' && record.maritalStatus !== '90') notMarried.add(self);
      }
      RELATIVE_FIELDS.forEach((field, f) => {
        const id = record[field];
        if (!id) return;
        pending.row.push(row);
        pending.field.push(f);
        pending.key.push(idKey(id));
        pending.self.push(self);
      });
      planHousehold(plan, record, cells, source, log);
    }
    if (hashChunk.length >= CHUNK) await flushHashes();
    ctx.onProgress?.({ phase: 'checking', rows: plan.rowCount, total: null });
  }
  await flushHashes();

  await resolveRelatives(ctx, source, plan, pending, spouseOf, notMarried);
  await checkHouseholds(ctx, source, plan);
  return plan;
}

function planHousehold(
  plan: PersonsPlan,
  r: PersonRecord,
  cells: CellValue[],
  source: ImportSource,
  log: ProblemLog,
): void {
  if (!r.householdNumber) return;
  const h = plan.households.get(r.householdNumber);
  const isHead = r.relationship === '02';
  if (!h) {
    const number = own(r.householdNumber);
    plan.households.set(number, {
      number,
      row: r.row,
      unitId: r.hukouUnitId,
      address: r.address && own(r.address),
      hukouType: r.hukouType,
      headRow: isHead ? r.row : null,
      id: '',
      existing: false,
    });
    return;
  }
  if (h.unitId !== r.hukouUnitId) {
    log.row(r.row, cells, {
      column: source.byField.get('hukouUnit') ?? null,
      message: `同一户号 ${r.householdNumber} 的成员户籍村（社区）不一致：第 ${h.row} 行为 ${h.unitId}，本行为 ${r.hukouUnitId}`,
    });
  }
  if (isHead) {
    if (h.headRow !== null) {
      log.row(r.row, cells, {
        column: source.byField.get('relationship') ?? null,
        message: `户号 ${r.householdNumber} 已有户主（第 ${h.headRow} 行）`,
      });
    } else {
      h.headRow = r.row;
      h.hukouType = r.hukouType;
      if (r.address) h.address = own(r.address);
    }
  }
  if (!h.address && r.address) h.address = own(r.address);
}

const RELATIVE_FIELDS = ['motherIdNumber', 'fatherIdNumber', 'spouseIdNumber'] as const;
/** Relatives named by rows, as parallel arrays of numbers (a million rows name about as many). */
type Pending = { row: number[]; field: number[]; key: number[]; self: number[] };

/**
 * Mothers, fathers and spouses: in the file, in the registry, or (a warning) nowhere. A spouse
 * link must agree from both sides: B named by A either names A or nobody (then B gets A).
 */
async function resolveRelatives(
  ctx: PersonsContext,
  source: ImportSource,
  plan: PersonsPlan,
  pending: Pending,
  spouseOf: Map<number, number>,
  notMarried: Set<number>,
): Promise<void> {
  const { log, sealer } = ctx;
  const outside = [...new Set(pending.key.filter((k) => !plan.ids.has(k)))];
  for (let i = 0; i < outside.length; i += CHUNK) {
    const byHash = new Map(outside.slice(i, i + CHUNK).map((k) => [sealer.lookupHash(idFromKey(k)), k]));
    for (const p of await findPersonsByHashes(ctx.db, ctx.countyCode, [...byHash.keys()])) {
      plan.external.set(byHash.get(p.idNumberHash!)!, p);
    }
  }
  const who = ['母亲', '父亲', '配偶'];
  const claimedBy = new Map<number, number>();
  for (let i = 0; i < pending.row.length; i++) {
    const row = pending.row[i]!;
    const key = pending.key[i]!;
    const column = source.byField.get(RELATIVE_FIELDS[pending.field[i]!]!) ?? null;
    const inFile = plan.ids.get(key);
    const ext = inFile === undefined ? plan.external.get(key) : undefined;
    if (pending.field[i] !== 2) {
      if (inFile === undefined && !ext)
        log.warn(row, column, `${who[pending.field[i]!]}不在本文件中，也未在登记系统中登记，未建立关联`);
      continue;
    }
    const earlier = claimedBy.get(key);
    if (earlier !== undefined) {
      log.row(row, null, { column, message: `该配偶已被第 ${earlier} 行填写为配偶` });
      continue;
    }
    claimedBy.set(key, row);
    if (inFile !== undefined) {
      const theirs = spouseOf.get(key);
      if (theirs === undefined) {
        if (notMarried.has(key)) log.row(row, null, { column, message: `配偶（第 ${inFile} 行）的婚姻状况不是已婚` });
        else plan.inferredSpouse.set(key, row);
      } else if (theirs !== pending.self[i]) {
        log.row(row, null, { column, message: `配偶（第 ${inFile} 行）填写的配偶不是本人` });
      }
    } else if (!ext) {
      log.warn(row, column, '配偶不在本文件中，也未在登记系统中登记，未建立关联');
    } else if (ext.status !== 'active') {
      log.row(row, null, { column, message: '配偶在登记系统中已死亡或迁出' });
    } else if (ext.spouseId) {
      log.row(row, null, { column, message: '配偶在登记系统中已有配偶' });
    } else {
      plan.registrySpouseLinks.push({ personId: ext.id, row });
    }
  }
}

async function checkHouseholds(ctx: PersonsContext, source: ImportSource, plan: PersonsPlan): Promise<void> {
  const { log } = ctx;
  const numbers = [...plan.households.keys()];
  const existing = new Map<string, Awaited<ReturnType<typeof findHouseholdsByNumbers>>[number]>();
  for (let i = 0; i < numbers.length; i += CHUNK) {
    for (const h of await findHouseholdsByNumbers(ctx.db, ctx.countyCode, numbers.slice(i, i + CHUNK)))
      existing.set(h.householdNumber, h);
  }
  const prefix = randomUUID().slice(0, 24);
  let n = 0;
  for (const h of plan.households.values()) {
    const known = existing.get(h.number);
    if (known) {
      h.id = known.id;
      h.existing = true;
      if (known.unitId !== h.unitId) {
        log.row(h.row, null, {
          column: source.byField.get('hukouUnit') ?? null,
          message: `户号 ${h.number} 已在登记系统中，属于 ${known.unitId}，与本行的户籍村（社区）${h.unitId} 不一致`,
        });
      }
      if (known.hasHead && h.headRow !== null) {
        log.row(h.headRow, null, {
          column: source.byField.get('relationship') ?? null,
          message: `户号 ${h.number} 在登记系统中已有户主`,
        });
      }
    } else {
      h.id = prefix + (++n).toString(16).padStart(12, '0');
      if (h.headRow === null) log.warn(h.row, source.byField.get('relationship') ?? null, `户号 ${h.number} 没有户主`);
    }
  }
}

export type PersonsWriter = {
  db: DbOrTx;
  copy(table: string, columns: readonly string[], rows: CopyRow[]): Promise<number>;
  /** Foreign keys are checked at the end (bulk load): links may point forward in the file. */
  deferredChecks: boolean;
};

/** Pass 2: writes what pass 1 checked. Runs inside the import's transaction. */
export async function writePersons(
  ctx: PersonsContext,
  writer: PersonsWriter,
  source: ImportSource,
  plan: PersonsPlan,
): Promise<PersonsCounts> {
  const { sealer, countyCode } = ctx;
  const prefix = randomUUID().slice(0, 24);
  const personId = (row: number) => prefix + row.toString(16).padStart(12, '0');
  const today = ctx.rowContext.today;

  const newHouseholds = [...plan.households.values()].filter((h) => !h.existing);
  for (let i = 0; i < newHouseholds.length; i += 50_000) {
    await writer.copy(
      'household',
      HOUSEHOLD_COLUMNS,
      newHouseholds.slice(i, i + 50_000).map((h) => [h.id, countyCode, h.number, h.unitId, h.address, h.hukouType]),
    );
  }

  const fixups = {
    mother_id: [] as Array<[string, string]>,
    father_id: [] as Array<[string, string]>,
    spouse_id: [] as Array<[string, string]>,
  };
  const pinyin = pinyinCache();
  let persons: CopyRow[] = [];
  let done = 0;
  let links = 0;
  // The database takes in one chunk while the next is read, checked and sealed.
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    await inFlight;
    if (persons.length === 0) return;
    const chunk = persons;
    persons = [];
    inFlight = writer.copy('person', PERSON_COLUMNS, chunk).then(() => {
      done += chunk.length;
      ctx.onProgress?.({ phase: 'writing', rows: done, total: plan.rowCount });
    });
  };

  for await (const batch of source.dataRows()) {
    for (const { row, cells } of batch) {
      const { record: r } = parsePersonRow(row, cells, source.byField, ctx.rowContext);
      if (!r) throw new Error(`row ${row} failed in the write pass after passing the check`);
      const id = personId(row);
      const resolve = (
        idNumber: string | null,
        inferredRow?: number,
      ): { target: string | null; targetRow?: number } => {
        const key = idNumber ? idKey(idNumber) : -1;
        const targetRow = idNumber ? plan.ids.get(key) : inferredRow;
        if (targetRow !== undefined) return { target: personId(targetRow), targetRow };
        return { target: idNumber ? (plan.external.get(key)?.id ?? null) : null };
      };
      const inferred = r.idNumber && !r.spouseIdNumber ? plan.inferredSpouse.get(idKey(r.idNumber)) : undefined;
      /** The link as the row is written: one pointing to a later row (a later COPY) is set afterwards. */
      const link = (
        field: 'mother_id' | 'father_id' | 'spouse_id',
        l: { target: string | null; targetRow?: number },
      ) => {
        if (!l.target) return null;
        links++;
        if (!writer.deferredChecks && l.targetRow !== undefined && l.targetRow > row) {
          fixups[field].push([id, l.target]);
          return null;
        }
        return l.target;
      };
      const py = pinyin(r.name);
      // The columns insertPersons writes, in PERSON_COLUMNS order.
      persons.push([
        id,
        countyCode,
        r.idNumber ? sealer.seal(r.idNumber) : null,
        r.idNumber ? sealer.lookupHash(r.idNumber) : null,
        r.idNumber ? maskIdNumber(r.idNumber) : null,
        r.name,
        py.full,
        py.initials,
        r.sex,
        r.birthDate,
        r.ethnicity,
        r.hukouType,
        r.hukouUnitId,
        r.residenceUnitId,
        r.householdNumber ? plan.households.get(r.householdNumber)!.id : null,
        r.relationship,
        link('mother_id', resolve(r.motherIdNumber)),
        link('father_id', resolve(r.fatherIdNumber)),
        link('spouse_id', resolve(r.spouseIdNumber, inferred)),
        inferred !== undefined && r.maritalStatus === '90' ? '20' : r.maritalStatus,
        r.birthOrder,
        'active',
        null,
        null,
      ]);
    }
    if (persons.length >= 20_000) await flush();
  }
  await flush();
  await inFlight;

  ctx.onProgress?.({ phase: 'finishing', rows: done, total: plan.rowCount });
  for (const column of ['mother_id', 'father_id', 'spouse_id'] as const)
    await setPersonLinks(writer.db, column, fixups[column]);
  // The first history row of each person, from the rows as written (links included), in one
  // statement: the snapshot has the fields and values snapshotOf gives.
  await insertImportHistory(writer.db, prefix);
  // A spouse already in the registry, without a spouse, is linked back (as a confirmed marriage does).
  for (const l of plan.registrySpouseLinks) {
    await updatePerson(
      writer.db,
      l.personId,
      { spouseId: personId(l.row), maritalStatus: '20' },
      { validFrom: today, change: 'import_link' },
    );
  }
  return {
    persons: done,
    households: newHouseholds.length,
    householdsJoined: plan.households.size - newHouseholds.length,
    links,
  };
}

/** Names repeat (张伟, 王芳): their pinyin is computed once. */
function pinyinCache(): (name: string) => { full: string; initials: string } {
  const cache = new Map<string, { full: string; initials: string }>();
  return (name) => {
    let v = cache.get(name);
    if (!v) {
      if (cache.size > 500_000) cache.clear();
      v = namePinyin(name);
      cache.set(name, v);
    }
    return v;
  };
}
