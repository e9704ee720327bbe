/**
 * Record linkage of a feed batch to the registry (issue 5, docs/linkage.md): the in-memory
 * engine (linkage.engine.ts) over the county's persons, one run per batch kept with its model,
 * each record's decision and explanation, the finding it leads to (linkage.classify.ts), and a
 * task for the responsible village when the feed and the registry disagree. Reviewers decide
 * uncertain pairs; villages resolve tasks by reporting the event or by saying why the feed is wrong.
 */
import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import type { Sealer } from '../lib/sealing.js';
import {
  BIRTH_DATE_TOLERANCE_DAYS,
  classify,
  type ClassifyRecord,
  type LinkedPerson,
  type RoleLink,
} from './linkage.classify.js';
import { createLinker, type LinkRecord, type LinkResult, type PairExplanation } from './linkage.engine.js';
import {
  candidateCards,
  childrenOf,
  inScope,
  linkageDb,
  personsByIds,
  registryOf,
  type LinkageFindingRow,
} from './linkage.repository.js';

/** Days a village has to resolve a task (report the event or answer why the feed is wrong). */
export const TASK_DAYS = 15;
/** Fewer feed records than this: the untrained model's defaults are used (EM needs pairs). */
const MIN_TRAINING_RECORDS = 200;

type Role = 'subject' | 'mother' | 'spouse';
type FeedRecord = Awaited<ReturnType<typeof recordsOf>>[number];

const recordsOf = (db: DbOrTx, batchId: string) =>
  linkageDb(db).selectFrom('feedRecord').selectAll().where('batchId', '=', batchId).orderBy('rowNumber').execute();

const isCounty = (u: CurrentUser) => u.unitLevel === 'county';
const addDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Birth date from an ID number (positions 7 to 14), when the feed gave one. */
function birthFromSealed(sealer: Sealer, sealed: string | null): string | null {
  if (!sealed) return null;
  const id = sealer.open(sealed);
  return id.length === 18 ? `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` : null;
}

/** The persons a record names, as linkage records keyed `<record id>:<role>`. */
function linkRecordsOf(sealer: Sealer, r: FeedRecord): LinkRecord[] {
  const unitCode = r.unitId ? r.unitId.slice(0, 12) : null;
  if (r.feedType === 'hospital_birth') {
    return [
      {
        key: `${r.id}:mother`,
        idHash: r.motherIdNumberHash,
        idMasked: r.motherIdNumberMasked,
        name: r.motherName,
        sex: 2,
        birthDate: birthFromSealed(sealer, r.motherIdNumberSealed),
        unitCode,
      },
    ];
  }
  const subject: LinkRecord = {
    key: `${r.id}:subject`,
    idHash: r.idNumberHash,
    idMasked: r.idNumberMasked,
    name: r.name,
    sex: r.sex === 1 || r.sex === 2 ? r.sex : null,
    birthDate: r.birthDate ?? birthFromSealed(sealer, r.idNumberSealed),
    unitCode,
  };
  if (r.recordType === 'marriage' || r.recordType === 'divorce') {
    return [
      { ...subject, sex: subject.sex ?? 1 },
      {
        key: `${r.id}:spouse`,
        idHash: r.spouseIdNumberHash,
        idMasked: r.spouseIdNumberMasked,
        name: r.spouseName,
        sex: 2,
        birthDate: birthFromSealed(sealer, r.spouseIdNumberSealed),
        unitCode,
      },
    ];
  }
  return [subject];
}

/**
 * A person the feed names without an ID number (a mother on a birth certificate often) has
 * only her name, sex and village to compare: too little for the model to call a match, yet a
 * woman of exactly that name in that village is most likely her. Such pairs go to a reviewer
 * instead of becoming "not in the registry", which would send the village looking for a stranger.
 */
function promoteSameNameSameVillage(
  feed: readonly LinkRecord[],
  results: LinkResult[],
  stats: { review: number; nonmatch: number },
): LinkResult[] {
  const promoted: LinkResult[] = [];
  const withoutId = new Set(feed.filter((r) => !r.idHash).map((r) => r.key));
  for (const r of results) {
    if (r.status !== 'nonmatch' || !withoutId.has(r.feedKey) || !r.explanation) continue;
    const level = (field: string) => r.explanation!.fields.find((f) => f.field === field)?.level;
    if (level('name') !== 'exact' || level('unit') !== 'village') continue;
    r.status = 'review';
    r.key = r.explanation.key;
    r.verdict = `${r.verdict}；无身份证号，登记中同村有同名者，交人工确认 (no ID number, same name in the same village: for review)`;
    stats.review++;
    stats.nonmatch--;
    promoted.push(r);
  }
  return promoted;
}

const classifyRecordOf = (r: FeedRecord, unitNames?: ReadonlyMap<string, string>): ClassifyRecord => ({
  feedType: r.feedType,
  recordType: r.recordType,
  name: r.name,
  sex: r.sex,
  birthDate: r.birthDate,
  eventDate: r.eventDate,
  unitId: r.unitId,
  motherName: r.motherName,
  spouseName: r.spouseName,
  // A pension office that gave only the stop date: the event date is that, not the death's.
  approximateDate:
    r.feedType === 'hr_social_security' && (r.details as { deathDate?: string | null } | null)?.deathDate == null,
  unitName: r.unitId ? (unitNames?.get(r.unitId) ?? null) : null,
});

/**
 * What residence records need beyond the registry the engine links against: the residence
 * village of the persons they were linked to, and the names of the villages they name. Read only
 * for those records, so linking an ordinary feed costs nothing more.
 */
async function residencesOf(db: DbOrTx, records: readonly FeedRecord[], linkedIds: readonly string[]) {
  const residences = new Map<string, { residenceUnitId: string; residenceUnitName: string | null }>();
  const ids = [...new Set(linkedIds)];
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db
      .selectFrom('person as p')
      .leftJoin('orgUnit as u', 'u.id', 'p.residenceUnitId')
      .select(['p.id', 'p.residenceUnitId', 'u.name as residenceUnitName'])
      .where('p.id', 'in', ids.slice(i, i + 5000))
      .execute();
    for (const r of rows)
      residences.set(r.id, { residenceUnitId: r.residenceUnitId, residenceUnitName: r.residenceUnitName });
  }
  const unitIds = [...new Set(records.filter((r) => r.recordType === 'residence' && r.unitId).map((r) => r.unitId!))];
  const unitNames = new Map<string, string>();
  for (let i = 0; i < unitIds.length; i += 5000) {
    const rows = await db
      .selectFrom('orgUnit')
      .select(['id', 'name'])
      .where('id', 'in', unitIds.slice(i, i + 5000))
      .execute();
    for (const u of rows) unitNames.set(u.id, u.name);
  }
  const withResidence = (l: RoleLink | undefined): RoleLink | undefined => {
    const r = l?.state === 'linked' ? residences.get(l.person.id) : undefined;
    return r && l?.state === 'linked' ? { state: 'linked', person: { ...l.person, ...r } } : l;
  };
  return { unitNames, withResidence };
}

type StoredCandidate = PairExplanation & { personId: string };

export type RunSummary = {
  runId: string;
  batchId: string;
  records: number;
  persons: number;
  match: number;
  review: number;
  nonmatch: number;
  findings: Record<string, number>;
  tasks: number;
  seconds: number;
};

/**
 * Links every record of a parsed batch to the county's registry and replaces the batch's
 * previous run (its open tasks are closed): one transaction, so a failed run leaves the last one.
 * @throws NotFoundError when the batch is not the caller's county's
 * @throws InvalidInputError when the batch was refused (nothing parsed to link)
 */
export async function runLinkage(
  db: Db,
  sealer: Sealer,
  // The operator at the console (renkou linkage run) has no account: started_by stays empty.
  user: Pick<CurrentUser, 'countyCode'> & { id: string | null },
  actor: Actor,
  batchId: string,
): Promise<RunSummary> {
  const started = performance.now();
  const startedAt = clock.now();
  const batch = await linkageDb(db)
    .selectFrom('feedBatch')
    .select(['id', 'status', 'feedType', 'fileName'])
    .where('id', '=', batchId)
    .where('countyCode', '=', user.countyCode)
    .executeTakeFirst();
  if (!batch) throw new NotFoundError('该批部门数据');
  if (batch.status !== 'parsed')
    throw InvalidInputError.field(
      'batchId',
      `该批数据（${batch.fileName}）未解析成功，无法比对；请先修正文件或重新处理`,
    );

  const records = await recordsOf(db, batchId);
  const registry = await registryOf(db, user.countyCode);
  const persons = new Map<string, LinkedPerson>(registry.map((p) => [p.id, p]));
  const linker = createLinker(
    registry.map((p): LinkRecord => ({
      key: p.id,
      idHash: p.idNumberHash,
      idMasked: p.idNumberMasked,
      name: p.name,
      namePinyin: p.namePinyin,
      sex: p.sex,
      birthDate: p.birthDate,
      unitCode: p.hukouUnitId.slice(0, 12),
    })),
  );
  const feed = records.flatMap((r) => linkRecordsOf(sealer, r));
  if (feed.length >= MIN_TRAINING_RECORDS) linker.train(feed);
  // Worker threads score large feeds; the linker is built per run, so its workers end with the run.
  const { results, stats } = await linker.linkAsync(feed).finally(() => linker.close());
  promoteSameNameSameVillage(feed, results, stats);
  const withoutId = new Set(feed.filter((r) => !r.idHash).map((r) => r.key));
  const promoted = results.filter(
    (r) => r.status === 'review' && r.feedKey.endsWith(':mother') && withoutId.has(r.feedKey) && r.explanation,
  );
  const byKey = new Map<string, LinkResult>(results.map((r) => [r.feedKey, r]));
  // A mother named without her ID number, of the same name in the same village, who has a child
  // in the registry born within the tolerance of the certificate's date: that birth is the
  // evidence the model could not weigh, and she is taken as the mother.
  if (promoted.length) {
    const recordById = new Map(records.map((r) => [String(r.id), r]));
    const kids = await childrenOf(db, [...new Set(promoted.map((r) => r.explanation!.key))]);
    for (const r of promoted) {
      const record = recordById.get(r.feedKey.split(':')[0]!);
      if (!record) continue;
      const day = Date.parse(record.eventDate);
      const born = (kids.get(r.explanation!.key) ?? []).some(
        (c) => Math.abs(Date.parse(c.birthDate) - day) <= BIRTH_DATE_TOLERANCE_DAYS * 86_400_000,
      );
      if (!born) continue;
      r.status = 'match';
      r.key = r.explanation!.key;
      r.verdict =
        '无身份证号；登记中同村有同名者，且其孩子的出生日期与证明相符，认定为同一人 (no ID number; same name in the same village with a child born on the certified date: a match)';
      stats.review--;
      stats.match++;
    }
  }

  const linkOf = (recordId: string, role: Role): RoleLink | undefined => {
    const r = byKey.get(`${recordId}:${role}`);
    if (!r) return undefined;
    if (r.status === 'review') return { state: 'review' };
    const p = r.status === 'match' && r.key ? persons.get(r.key) : undefined;
    return p ? { state: 'linked', person: p } : { state: 'none' };
  };
  const mothers = records.flatMap((r) => {
    const l = linkOf(r.id, 'mother');
    return l?.state === 'linked' ? [l.person.id] : [];
  });
  const children = await childrenOf(db, [...new Set(mothers)]);
  const residents = records.flatMap((r) => {
    const l = r.recordType === 'residence' ? linkOf(r.id, 'subject') : undefined;
    return l?.state === 'linked' ? [l.person.id] : [];
  });
  const places = await residencesOf(db, records, residents);

  const runId = randomUUID();
  const today = clock.today();
  const findings: Record<string, number> = {};
  let tasks = 0;
  await db.transaction().execute(async (tx) => {
    const t = linkageDb(tx);
    const previous = await t
      .selectFrom('linkageRun')
      .select('id')
      .where('batchId', '=', batchId)
      .where('current', '=', true)
      .forUpdate()
      .executeTakeFirst();
    if (previous) {
      await t.updateTable('linkageRun').set({ current: false }).where('id', '=', previous.id).execute();
      await t
        .updateTable('linkageFinding')
        .set({ taskStatus: 'closed' })
        .where('runId', '=', previous.id)
        .where('taskStatus', '=', 'open')
        .execute();
    }
    await t
      .insertInto('linkageRun')
      .values({
        id: runId,
        countyCode: user.countyCode,
        batchId,
        startedAt,
        finishedAt: clock.now(),
        startedBy: user.id,
        current: true,
        model: JSON.stringify(linker.model),
        stats: JSON.stringify(stats),
      })
      .execute();
    const recordById = new Map(records.map((x) => [String(x.id), x]));
    const resultRows = results.map((r) => {
      const [recordId, role] = r.feedKey.split(':') as [string, Role];
      const best = r.key ? persons.get(r.key) : undefined;
      const record = recordById.get(recordId);
      return {
        runId,
        countyCode: user.countyCode,
        feedRecordId: recordId,
        role,
        status: r.status,
        reason: r.reason,
        personId: r.status === 'match' ? r.key : null,
        weight: r.weight,
        probability: r.probability,
        verdict: r.verdict,
        candidates: JSON.stringify(r.candidates.map((c): StoredCandidate => ({ ...c, personId: c.key }))),
        unitId: best?.hukouUnitId ?? record?.unitId ?? null,
      };
    });
    for (let i = 0; i < resultRows.length; i += 1000)
      await t
        .insertInto('linkageResult')
        .values(resultRows.slice(i, i + 1000))
        .execute();
    const findingRows = records.map((r) => {
      const f = classify(
        classifyRecordOf(r, places.unitNames),
        {
          subject: places.withResidence(linkOf(r.id, 'subject')),
          mother: linkOf(r.id, 'mother'),
          spouse: linkOf(r.id, 'spouse'),
        },
        (() => {
          const m = linkOf(r.id, 'mother');
          return m?.state === 'linked' ? (children.get(m.person.id) ?? []) : [];
        })(),
      );
      findings[f.kind] = (findings[f.kind] ?? 0) + 1;
      if (f.task) tasks++;
      return {
        id: randomUUID(),
        countyCode: user.countyCode,
        runId,
        feedRecordId: r.id,
        feedType: r.feedType,
        recordType: r.recordType,
        kind: f.kind,
        personId: f.personId,
        unitId: f.unitId,
        eventDate: r.eventDate,
        summary: f.summary,
        differences: JSON.stringify(f.differences),
        taskStatus: f.task ? ('open' as const) : null,
        dueOn: f.task ? addDays(today, TASK_DAYS) : null,
        createdAt: clock.now(),
      };
    });
    for (let i = 0; i < findingRows.length; i += 1000)
      await t
        .insertInto('linkageFinding')
        .values(findingRows.slice(i, i + 1000))
        .execute();
    await recordAudit(tx, actor, {
      action: 'linkage.run',
      objectType: 'feed_batch',
      objectId: batchId,
      detail: {
        runId,
        records: records.length,
        match: stats.match,
        review: stats.review,
        nonmatch: stats.nonmatch,
        tasks,
      },
    });
  });
  return {
    runId,
    batchId,
    records: records.length,
    persons: feed.length,
    match: stats.match,
    review: stats.review,
    nonmatch: stats.nonmatch,
    findings,
    tasks,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The runs of a batch, newest first. */
export async function listRuns(db: Db, user: CurrentUser, batchId: string) {
  const rows = await linkageDb(db)
    .selectFrom('linkageRun')
    .select(['id', 'batchId', 'startedAt', 'finishedAt', 'current', 'stats'])
    .where('batchId', '=', batchId)
    .where('countyCode', '=', user.countyCode)
    .orderBy('startedAt', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, stats: r.stats as Record<string, number> }));
}

/** Uncertain pairs of current runs, in the reviewer's area, waiting for a decision. */
export async function reviewQueue(db: Db, user: CurrentUser, q: { page: number; pageSize: number }) {
  const base = linkageDb(db)
    .selectFrom('linkageResult as r')
    .innerJoin('linkageRun as run', 'run.id', 'r.runId')
    .innerJoin('feedRecord as f', 'f.id', 'r.feedRecordId')
    .where('r.countyCode', '=', user.countyCode)
    .where('run.current', '=', true)
    .where('r.status', '=', 'review')
    .where('r.decision', 'is', null)
    .where(inScope('r.unitId', user.unitPath, isCounty(user)));
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base
    .select([
      'r.id',
      'r.role',
      'r.reason',
      'r.verdict',
      'r.candidates',
      'r.weight',
      'r.probability',
      'f.feedType',
      'f.recordType',
      'f.rowNumber',
      'f.batchId',
      'f.eventDate',
      'f.name',
      'f.motherName',
      'f.spouseName',
      'f.sex',
      'f.birthDate',
      'f.idNumberMasked',
      'f.motherIdNumberMasked',
      'f.spouseIdNumberMasked',
      'f.address',
      'f.unitId',
    ])
    .orderBy('r.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { total, items: await withCandidateCards(db, rows) };
}

async function withCandidateCards<
  T extends {
    candidates: unknown;
    role: string;
    name: string | null;
    motherName: string | null;
    spouseName: string | null;
    idNumberMasked: string | null;
    motherIdNumberMasked: string | null;
    spouseIdNumberMasked: string | null;
  },
>(db: Db, rows: T[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.candidates as StoredCandidate[]).map((c) => c.personId)))];
  const cards = new Map((await candidateCards(db, ids)).map((c) => [c.id, c]));
  return rows.map((r) => {
    const { candidates, motherName, spouseName, motherIdNumberMasked, spouseIdNumberMasked, ...rest } = r;
    const role = r.role;
    return {
      ...rest,
      // The person of the feed this result is about, as the feed wrote them.
      feedPerson: {
        name: role === 'mother' ? motherName : role === 'spouse' ? spouseName : r.name,
        idNumberMasked:
          role === 'mother' ? motherIdNumberMasked : role === 'spouse' ? spouseIdNumberMasked : r.idNumberMasked,
      },
      candidates: (candidates as StoredCandidate[]).map((c) => ({ ...c, person: cards.get(c.personId) ?? null })),
    };
  });
}

/**
 * A reviewer decides an uncertain pair: the same person as one of the candidates, or nobody in
 * the registry. The record's finding is classified again with the decision.
 * @throws NotFoundError outside the reviewer's area; ConflictError when already decided
 */
export async function decidePair(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  resultId: string,
  body: { decision: 'match' | 'nonmatch'; personId?: string | null; note?: string | null },
) {
  await db.transaction().execute(async (tx) => {
    const t = linkageDb(tx);
    const r = await t
      .selectFrom('linkageResult as r')
      .innerJoin('linkageRun as run', 'run.id', 'r.runId')
      .select(['r.id', 'r.runId', 'r.feedRecordId', 'r.status', 'r.decision', 'r.candidates', 'run.current'])
      .where('r.id', '=', resultId)
      .where('r.countyCode', '=', user.countyCode)
      .where(inScope('r.unitId', user.unitPath, isCounty(user)))
      .forUpdate('r')
      .executeTakeFirst();
    if (!r || r.status !== 'review') throw new NotFoundError('待确认的比对');
    if (r.decision !== null || !r.current)
      throw new ConflictError('这对记录已由他人确认，或该批数据已重新比对；请刷新后查看');
    const candidates = r.candidates as StoredCandidate[];
    if (body.decision === 'match' && !candidates.some((c) => c.personId === body.personId)) {
      throw InvalidInputError.field('personId', '请选择候选人之一（确认为同一人时）');
    }
    await t
      .updateTable('linkageResult')
      .set({
        decision: body.decision,
        decidedPersonId: body.decision === 'match' ? body.personId! : null,
        decidedBy: user.id,
        decidedAt: clock.now(),
        decisionNote: body.note ?? null,
      })
      .where('id', '=', resultId)
      .execute();
    await reclassify(tx, r.runId, r.feedRecordId);
    await recordAudit(tx, actor, {
      action: 'linkage.decide',
      objectType: 'linkage_result',
      objectId: resultId,
      detail: { decision: body.decision, personId: body.personId ?? null },
    });
  });
}

/** Classifies a record again from its results and their decisions (after a review). */
async function reclassify(tx: DbOrTx, runId: string, recordId: string): Promise<void> {
  const t = linkageDb(tx);
  const record = await t.selectFrom('feedRecord').selectAll().where('id', '=', recordId).executeTakeFirstOrThrow();
  const results = await t
    .selectFrom('linkageResult')
    .select(['role', 'status', 'personId', 'decision', 'decidedPersonId'])
    .where('runId', '=', runId)
    .where('feedRecordId', '=', recordId)
    .execute();
  const ids = results.flatMap((r) => [r.personId, r.decidedPersonId].filter((x): x is string => !!x));
  const persons = new Map((await personsByIds(tx, ids)).map((p) => [p.id, p]));
  const links: Partial<Record<Role, RoleLink>> = {};
  for (const r of results) {
    const decided = r.decision === 'match' ? r.decidedPersonId : r.decision === 'nonmatch' ? null : undefined;
    const id =
      decided !== undefined ? decided : r.status === 'match' ? r.personId : r.status === 'review' ? 'review' : null;
    links[r.role] =
      id === 'review'
        ? { state: 'review' }
        : id && persons.get(id)
          ? { state: 'linked', person: persons.get(id)! }
          : { state: 'none' };
  }
  const mother = links.mother?.state === 'linked' ? links.mother.person.id : null;
  const children = mother ? ((await childrenOf(tx, [mother])).get(mother) ?? []) : [];
  const places = await residencesOf(
    tx,
    [record],
    record.recordType === 'residence' && links.subject?.state === 'linked' ? [links.subject.person.id] : [],
  );
  const f = classify(
    classifyRecordOf(record, places.unitNames),
    { ...links, subject: places.withResidence(links.subject) },
    children,
  );
  await t
    .updateTable('linkageFinding')
    .set({
      kind: f.kind,
      personId: f.personId,
      unitId: f.unitId,
      summary: f.summary,
      differences: JSON.stringify(f.differences),
      taskStatus: f.task ? 'open' : null,
      dueOn: f.task ? addDays(clock.today(), TASK_DAYS) : null,
    })
    .where('runId', '=', runId)
    .where('feedRecordId', '=', recordId)
    .execute();
}

export type FindingQuery = {
  kind?: LinkageFindingRow['kind'];
  task?: 'open' | 'overdue' | 'resolved' | 'any';
  feedType?: string;
  batchId?: string;
  page: number;
  pageSize: number;
};

/** Findings of current runs in the caller's area; `task=overdue` lists open tasks past their due date. */
export async function listFindings(db: Db, user: CurrentUser, q: FindingQuery) {
  let base = linkageDb(db)
    .selectFrom('linkageFinding as f')
    .innerJoin('linkageRun as run', 'run.id', 'f.runId')
    .innerJoin('feedRecord as r', 'r.id', 'f.feedRecordId')
    .leftJoin('orgUnit as u', 'u.id', 'f.unitId')
    .where('f.countyCode', '=', user.countyCode)
    .where('run.current', '=', true)
    .where(inScope('f.unitId', user.unitPath, isCounty(user)));
  if (q.kind) base = base.where('f.kind', '=', q.kind);
  if (q.feedType) base = base.where('f.feedType', '=', q.feedType);
  if (q.batchId) base = base.where('run.batchId', '=', q.batchId);
  if (q.task === 'open') base = base.where('f.taskStatus', '=', 'open');
  if (q.task === 'overdue') base = base.where('f.taskStatus', '=', 'open').where('f.dueOn', '<', clock.today());
  if (q.task === 'resolved') base = base.where('f.taskStatus', 'in', ['reported', 'disputed']);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const items = await base
    .select([
      'f.id',
      'f.kind',
      'f.feedType',
      'f.recordType',
      'f.eventDate',
      'f.summary',
      'f.differences',
      'f.personId',
      'f.unitId',
      'u.name as unitName',
      'f.taskStatus',
      'f.dueOn',
      'f.resolvedAt',
      'f.resolutionNote',
      'f.reportId',
      'run.batchId',
      'r.rowNumber',
    ])
    .orderBy('f.dueOn')
    .orderBy('f.eventDate')
    .orderBy('f.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const today = clock.today();
  return {
    total,
    items: items.map((i) => ({ ...i, overdue: i.taskStatus === 'open' && !!i.dueOn && i.dueOn < today })),
  };
}

/**
 * The village resolves a task: the event is reported (the report goes through the normal review)
 * or the feed is wrong, with the reason.
 * @throws NotFoundError outside the caller's area; ConflictError when no longer open
 */
export async function resolveTask(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  findingId: string,
  body: { resolution: 'reported'; reportId: string; note?: string | null } | { resolution: 'disputed'; note: string },
) {
  await db.transaction().execute(async (tx) => {
    const t = linkageDb(tx);
    const f = await t
      .selectFrom('linkageFinding')
      .select(['id', 'taskStatus'])
      .where('id', '=', findingId)
      .where('countyCode', '=', user.countyCode)
      .where(inScope('unitId', user.unitPath, isCounty(user)))
      .forUpdate()
      .executeTakeFirst();
    if (!f || f.taskStatus === null) throw new NotFoundError('核查任务');
    if (f.taskStatus !== 'open') throw new ConflictError('该任务已处理；请刷新后查看');
    if (body.resolution === 'reported') {
      const report = await tx
        .selectFrom('report')
        .select('id')
        .where('id', '=', body.reportId)
        .where('unitId', 'in', tx.selectFrom('orgUnit').select('id').where('path', 'like', `${user.unitPath}%`))
        .executeTakeFirst();
      if (!report) throw InvalidInputError.field('reportId', '找不到该上报记录（须为本辖区的上报）');
    } else if (!body.note.trim()) {
      throw InvalidInputError.field('note', '请说明部门数据为何有误');
    }
    await t
      .updateTable('linkageFinding')
      .set({
        taskStatus: body.resolution,
        resolvedBy: user.id,
        resolvedAt: clock.now(),
        resolutionNote: body.note?.trim() || null,
        reportId: body.resolution === 'reported' ? body.reportId : null,
      })
      .where('id', '=', findingId)
      .execute();
    await recordAudit(tx, actor, {
      action: `linkage.task.${body.resolution}`,
      objectType: 'linkage_finding',
      objectId: findingId,
    });
  });
}

/** Open and overdue tasks in the caller's area, for the to-do list. */
export async function taskCounts(db: Db, user: CurrentUser) {
  const row = await linkageDb(db)
    .selectFrom('linkageFinding as f')
    .innerJoin('linkageRun as run', 'run.id', 'f.runId')
    .where('f.countyCode', '=', user.countyCode)
    .where('run.current', '=', true)
    .where('f.taskStatus', '=', 'open')
    .where(inScope('f.unitId', user.unitPath, isCounty(user)))
    .select((eb) => [
      eb.fn.countAll<number>().as('open'),
      eb.fn.count<number>('f.id').filterWhere('f.dueOn', '<', clock.today()).as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return { open: Number(row.open), overdue: Number(row.overdue) };
}
