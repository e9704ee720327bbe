/**
 * The village's public notice (公示) of a cycle and the objections to it (docs/benefits-workflow.md).
 * A village publishes once every candidate of it is verified; the notice snapshots the verified
 * eligible (name, masked ID number, program, months, amount) for a period; objections are
 * recorded by the village or township and resolved by the township; the county approves a
 * village's candidates only after the notice has ended with nothing open.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { safeCell } from '../lib/cells.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../lib/errors.js';
import { escapeLike, findUnit } from '../org/org.repository.js';
import { findCycleById, markCycleInProgress } from './benefit.cycle.repository.js';
import type { BenefitProgram } from './benefit.programs.js';
import type { ObjectionRequest, PublishRequest, ResolveRequest } from './benefit.workflow.schemas.js';
import {
  candidatesUnder,
  findNotice,
  findNoticeById,
  insertEvents,
  lastVerifiedAt,
  listObjections,
  lockCandidates,
  updateCandidate,
  workflowDb,
  type LockedCandidate,
  type NoticeEntry,
} from './benefit.workflow.repository.js';

/** The shortest notice we accept (days); 7 is the default, as the county's practice is. */
export const MIN_NOTICE_DAYS = 5;
export const DEFAULT_NOTICE_DAYS = 7;

/** 'YYYY-MM-DD' plus n calendar days (UTC arithmetic on a date, no zone involved). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const yuan = (fen: number) => {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
};

/** The notices of a cycle under a unit path, with open objections and whether an upheld one calls for re-publishing. */
export async function noticesOf(db: DbOrTx, cycleId: string, unitPath: string) {
  const rows = await workflowDb(db)
    .selectFrom('benefitNotice as n')
    .innerJoin('orgUnit as u', 'u.id', 'n.unitId')
    .select((eb) => [
      'n.id',
      'n.unitId',
      'u.name as unitName',
      'u.path as unitPath',
      'n.publishedOn',
      'n.endsOn',
      'n.publishedAt',
      eb
        .selectFrom('benefitObjection as o')
        .select((e2) => e2.fn.countAll<string>().as('n'))
        .whereRef('o.noticeId', '=', 'n.id')
        .where('o.status', '=', 'open')
        .as('openObjections'),
      eb
        .selectFrom('benefitObjection as o')
        .select((e2) => e2.fn.countAll<string>().as('n'))
        .whereRef('o.noticeId', '=', 'n.id')
        .where('o.status', '=', 'upheld')
        .whereRef('o.resolvedAt', '>', 'n.publishedAt')
        .as('upheldSince'),
    ])
    .where('n.cycleId', '=', cycleId)
    .where('u.path', 'like', `${escapeLike(unitPath)}%`)
    .execute();
  return rows.map((r) => ({
    ...r,
    openObjections: Number(r.openObjections ?? 0),
    needsRepublish: Number(r.upheldSince ?? 0) > 0,
  }));
}

/**
 * Why the county may not yet approve each candidate (by id), from its village's notice: none
 * published; the period not over (approval from the day after it ends); an objection open; an
 * objection upheld since publication; the candidate verified again after the notice (the public
 * saw another list). Candidates not in the map may be approved.
 */
export async function noticeBlocks(db: DbOrTx, candidates: readonly LockedCandidate[]): Promise<Map<string, string>> {
  const blocks = new Map<string, string>();
  const today = clock.today();
  const verifiedAt = await lastVerifiedAt(
    db,
    candidates.map((c) => c.id),
  );
  const byCycle = new Map<string, Awaited<ReturnType<typeof noticesOf>>>();
  for (const c of candidates) {
    let notices = byCycle.get(c.cycleId);
    if (!notices) byCycle.set(c.cycleId, (notices = await noticesOf(db, c.cycleId, '')));
    const n = notices.find((x) => c.unitPath.startsWith(x.unitPath));
    if (!n) {
      blocks.set(c.id, `${c.unitName}尚未公示（公示期满且无未处理异议后才能审批）`);
      continue;
    }
    if (today <= n.endsOn) blocks.set(c.id, `${n.unitName}公示期至${n.endsOn}，${addDays(n.endsOn, 1)}起才能审批`);
    else if (n.openObjections > 0) blocks.set(c.id, `${n.unitName}公示有${n.openObjections}件异议未处理`);
    else if (n.needsRepublish) blocks.set(c.id, `${n.unitName}有公示异议成立，须重新核实并重新公示`);
    else {
      const v = verifiedAt.get(c.id);
      if (v && v > new Date(n.publishedAt as Date))
        blocks.set(c.id, `${c.name}在${n.unitName}公示之后重新核实过，须重新公示`);
    }
  }
  return blocks;
}

/**
 * Publishes (or, after an upheld objection and re-verification, re-publishes) a village's notice.
 * Re-publishing replaces the period and the entries; the earlier ones are kept in the audit row.
 * @throws NotFoundError for a cycle of another county or a unit outside the caller's area
 * @throws InvalidInputError (unitId) for a unit that is not a village; (publishedOn) for a date
 *   before today or more than 30 days ahead; (days) is checked by the schema
 * @throws ConflictError when the village has no candidates, candidates not yet verified, or an open objection
 */
export async function publishNotice(db: Db, user: CurrentUser, actor: Actor, cycleId: string, req: PublishRequest) {
  const cycle = await findCycleById(db, user.countyCode, cycleId);
  if (!cycle) throw new NotFoundError('该年度名单');
  const unit = await findUnit(db, req.unitId);
  if (!unit || !unit.path.startsWith(user.unitPath)) throw new NotFoundError('该单位');
  if (unit.level !== 'village')
    throw InvalidInputError.field('unitId', `公示按村（社区）发布：${unit.name}不是村（社区）`);
  const today = clock.today();
  const publishedOn = req.publishedOn ?? today;
  // A notice starts when it is recorded: a back-dated period would let the county approve before
  // the public had its days to object.
  if (publishedOn < today) throw InvalidInputError.field('publishedOn', `公示开始日期不能早于今天（${today}）`);
  if (publishedOn > addDays(today, 30)) throw InvalidInputError.field('publishedOn', '公示开始日期不能晚于30天之后');
  const days = req.days ?? DEFAULT_NOTICE_DAYS;
  const endsOn = addDays(publishedOn, days - 1);
  const program = cycle.program as BenefitProgram;

  return db.transaction().execute(async (tx) => {
    const existing = await findNotice(tx, cycleId, unit.id, true);
    const list = await candidatesUnder(tx, cycleId, unit.path);
    if (list.length === 0) throw new ConflictError(`${unit.name}在该名单中没有候选人，无需公示`).withField('unitId');
    const pending = list.filter((c) => c.status === 'candidate' || c.status === 'returned');
    if (pending.length)
      throw new ConflictError(
        `${unit.name}尚有${pending.length}人未核实（${pending
          .slice(0, 5)
          .map((c) => c.name)
          .join('、')}${pending.length > 5 ? '等' : ''}），全部核实后才能公示`,
      ).withField('unitId');
    if (existing) {
      const open = await workflowDb(tx)
        .selectFrom('benefitObjection')
        .select('id')
        .where('noticeId', '=', existing.id)
        .where('status', '=', 'open')
        .execute();
      if (open.length)
        throw new ConflictError(`${unit.name}的公示尚有${open.length}件异议未处理，处理后才能重新公示`).withField(
          'unitId',
        );
    }
    const entries: NoticeEntry[] = list
      .filter((c) => c.villageVerdict === 'eligible')
      .map((c) => ({
        candidateId: c.id,
        personId: c.personId,
        name: c.name,
        idNumberMasked: c.idNumberMasked,
        program: program.name,
        months: c.months,
        amountFen: c.amountFen,
        amountYuan: yuan(c.amountFen),
      }));
    const now = clock.now();
    const id = existing?.id ?? randomUUID();
    if (existing) {
      await workflowDb(tx)
        .updateTable('benefitNotice')
        .set({ publishedOn, endsOn, publishedBy: user.id, publishedAt: now, entries: JSON.stringify(entries) })
        .where('id', '=', id)
        .execute();
    } else {
      await workflowDb(tx)
        .insertInto('benefitNotice')
        .values({
          id,
          cycleId,
          countyCode: user.countyCode,
          unitId: unit.id,
          publishedOn,
          endsOn,
          publishedBy: user.id,
          publishedAt: now,
          entries: JSON.stringify(entries),
        })
        .execute();
    }
    await markCycleInProgress(tx, cycleId);
    await recordAudit(tx, actor, {
      action: existing ? 'benefit.notice.republish' : 'benefit.notice.publish',
      objectType: 'benefit_notice',
      objectId: id,
      detail: {
        cycleId,
        unitId: unit.id,
        publishedOn,
        endsOn,
        entries: entries.length,
        totalFen: entries.reduce((s, e) => s + e.amountFen, 0),
        ...(existing
          ? {
              previous: {
                publishedOn: existing.publishedOn,
                endsOn: existing.endsOn,
                publishedAt: existing.publishedAt,
                entries: existing.entries,
              },
            }
          : {}),
      },
    });
    return { id, unitId: unit.id, publishedOn, endsOn, entries: entries.length, republished: !!existing };
  });
}

async function noticeInScope(db: DbOrTx, user: CurrentUser, id: string) {
  const n = await findNoticeById(db, user.countyCode, id);
  if (!n || !n.unitPath.startsWith(user.unitPath)) throw new NotFoundError('该公示');
  return n;
}

/**
 * A notice as printed: village and township, program and year, period, entries with masked ID
 * numbers, total, where objections go, and the objections recorded. Audited.
 * @throws NotFoundError for a notice of another county or outside the caller's area
 */
export async function getNotice(db: Db, user: CurrentUser, actor: Actor, id: string, audit = true) {
  const n = await noticeInScope(db, user, id);
  const township = n.parentId ? await findUnit(db, n.parentId) : undefined;
  const cycle = (await findCycleById(db, user.countyCode, n.cycleId))!;
  const program = cycle.program as BenefitProgram;
  const entries = n.entries as NoticeEntry[];
  const objections = await listObjections(db, id);
  const totalFen = entries.reduce((s, e) => s + e.amountFen, 0);
  if (audit)
    await recordAudit(db, actor, {
      action: 'benefit.notice.view',
      objectType: 'benefit_notice',
      objectId: id,
      detail: { entries: entries.length },
    });
  return {
    id: n.id,
    cycleId: n.cycleId,
    year: cycle.year,
    programCode: cycle.programCode,
    programName: program.name,
    programNameEn: program.nameEn,
    unitId: n.unitId,
    unitName: n.unitName,
    townshipName: township?.name ?? null,
    publishedOn: n.publishedOn,
    endsOn: n.endsOn,
    publishedAt: n.publishedAt,
    ended: clock.today() > n.endsOn,
    entries,
    totalFen,
    totalYuan: yuan(totalFen),
    /** Where objections go: the village's family-health worker and the township that resolves them. */
    objectionsTo: `${n.unitName}村（居）委会计生专干，或${township?.name ?? '乡镇'}人民政府计生办`,
    objections,
  };
}

/**
 * The notice as an XLSX file to print and post: the same content as the print view, ID numbers
 * masked, every text cell neutralised against formulas. Audited as an export.
 * @throws NotFoundError as getNotice
 */
export async function noticeWorkbook(db: Db, user: CurrentUser, actor: Actor, id: string) {
  const n = await getNotice(db, user, actor, id, false);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'renkou';
  const ws = wb.addWorksheet('公示');
  ws.columns = [{ width: 6 }, { width: 14 }, { width: 24 }, { width: 36 }, { width: 8 }, { width: 14 }];
  const title = `${n.townshipName ?? ''}${n.unitName} ${n.year}年度${n.programName}对象公示`;
  ws.addRow([safeCell(title)]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, 6);
  ws.addRow([safeCell(`公示期：${n.publishedOn} 至 ${n.endsOn}`)]);
  ws.addRow([safeCell(`如有异议，请于公示期内向${n.objectionsTo}反映。`)]);
  ws.addRow([]);
  const header = ws.addRow(['序号', '姓名', '身份证号', '项目', '月数', '金额（元）']);
  header.font = { bold: true };
  n.entries.forEach((e, i) =>
    ws.addRow([i + 1, safeCell(e.name), safeCell(e.idNumberMasked ?? ''), safeCell(e.program), e.months, e.amountYuan]),
  );
  ws.addRow(['', '合计', safeCell(`${n.entries.length}人`), '', '', n.totalYuan]).font = { bold: true };
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await recordAudit(db, actor, {
    action: 'benefit.notice.export',
    objectType: 'benefit_notice',
    objectId: id,
    detail: { rows: n.entries.length, format: 'xlsx' },
  });
  return {
    buffer,
    filename: `公示_${n.unitName}_${n.year}_${n.programCode}.xlsx`,
    asciiFilename: `notice_${n.unitId}_${n.year}_${n.programCode}.xlsx`,
  };
}

/**
 * Records an objection to a notice as received, about one candidate of it or the list.
 * @throws NotFoundError for a notice outside the caller's area
 * @throws InvalidInputError (candidateId) for a candidate not on the notice; (receivedOn) before the notice or in the future
 * @throws ConflictError for a candidate already approved or excluded
 */
export async function recordObjection(
  db: Db,
  user: CurrentUser,
  actor: Actor,
  noticeId: string,
  req: ObjectionRequest,
) {
  const n = await noticeInScope(db, user, noticeId);
  const entries = n.entries as NoticeEntry[];
  if (req.candidateId && !entries.some((e) => e.candidateId === req.candidateId))
    throw InvalidInputError.field('candidateId', '该对象不在本次公示名单中');
  if (req.receivedOn < n.publishedOn)
    throw InvalidInputError.field('receivedOn', `收到日期不能早于公示开始日期（${n.publishedOn}）`);
  if (req.receivedOn > clock.today()) throw InvalidInputError.field('receivedOn', '收到日期不能晚于今天');
  return db.transaction().execute(async (tx) => {
    const now = clock.now();
    const id = randomUUID();
    if (req.candidateId) {
      const [c] = await lockCandidates(tx, user.countyCode, [req.candidateId]);
      if (!c) throw InvalidInputError.field('candidateId', '该对象不在本次公示名单中');
      if (c.status === 'approved' || c.status === 'excluded')
        throw new ConflictError(`${c.name}已由县审批，异议请按信访办理`).withField('candidateId');
      await insertEvents(tx, [
        {
          candidateId: c.id,
          countyCode: user.countyCode,
          action: 'objection',
          fromStatus: c.status,
          toStatus: c.status,
          reason: req.content,
          userId: user.id,
          at: now,
        },
      ]);
    }
    await workflowDb(tx)
      .insertInto('benefitObjection')
      .values({
        id,
        noticeId,
        countyCode: user.countyCode,
        candidateId: req.candidateId ?? null,
        raisedBy: req.raisedBy,
        contact: req.contact ?? null,
        content: req.content,
        receivedOn: req.receivedOn,
        recordedBy: user.id,
        recordedAt: now,
      })
      .execute();
    await recordAudit(tx, actor, {
      action: 'benefit.objection.record',
      objectType: 'benefit_objection',
      objectId: id,
      detail: { noticeId, candidateId: req.candidateId ?? null, receivedOn: req.receivedOn },
    });
    return { id, status: 'open' as const };
  });
}

/**
 * The township's decision on an objection: upheld (a candidate objected to goes back to the
 * village with the reason; the village re-verifies and re-publishes) or dismissed, with a reason.
 * @throws NotFoundError for an objection outside the caller's area
 * @throws ConflictError for an objection already resolved
 */
export async function resolveObjection(db: Db, user: CurrentUser, actor: Actor, id: string, req: ResolveRequest) {
  return db.transaction().execute(async (tx) => {
    const o = await workflowDb(tx)
      .selectFrom('benefitObjection')
      .selectAll()
      .where('id', '=', id)
      .where('countyCode', '=', user.countyCode)
      .forUpdate()
      .executeTakeFirst();
    if (!o) throw new NotFoundError('该异议');
    await noticeInScope(tx, user, o.noticeId);
    if (o.status !== 'open') throw new ConflictError('该异议已处理过，请刷新');
    const now = clock.now();
    let returned: string | null = null;
    if (o.candidateId) {
      const [c] = await lockCandidates(tx, user.countyCode, [o.candidateId]);
      if (c) {
        const upheld = req.decision === 'upheld' && c.status !== 'returned' && c.status !== 'candidate';
        const text = `公示异议${req.decision === 'upheld' ? '成立' : '不成立'}：${req.reason}`;
        if (upheld) {
          await updateCandidate(
            tx,
            c.id,
            c.version,
            { status: 'returned', villageVerdict: null, verifiedBy: null, reviewedBy: null, statusReason: text },
            now,
          );
          returned = c.id;
        }
        await insertEvents(tx, [
          {
            candidateId: c.id,
            countyCode: user.countyCode,
            action: 'objection_resolved',
            fromStatus: c.status,
            toStatus: upheld ? 'returned' : c.status,
            reason: text,
            userId: user.id,
            at: now,
          },
        ]);
      }
    }
    await workflowDb(tx)
      .updateTable('benefitObjection')
      .set({ status: req.decision, resolution: req.reason, resolvedBy: user.id, resolvedAt: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, actor, {
      action: 'benefit.objection.resolve',
      objectType: 'benefit_objection',
      objectId: id,
      detail: { decision: req.decision, reason: req.reason, candidateId: o.candidateId, returned },
    });
    return { id, status: req.decision, returnedCandidateId: returned };
  });
}

/** A cycle's notices in the caller's area. */
export async function listCycleNotices(db: Db, user: CurrentUser, cycleId: string) {
  const cycle = await findCycleById(db, user.countyCode, cycleId);
  if (!cycle) throw new NotFoundError('该年度名单');
  return (await noticesOf(db, cycleId, user.unitPath)).map(({ unitPath: _p, ...n }) => n);
}
