/**
 * A cycle's candidates through their steps (docs/benefits-workflow.md): the village verifies
 * (eligible or not, with a reason when not), the township reviews, the county approves (or
 * excludes what the village found not eligible); the township or the county returns a candidate
 * to the village with a reason. Every step names the version it saw (optimistic locking), a list
 * of steps is all-or-nothing, each is kept in benefit_candidate_event and audited.
 */
import type { Permission } from '../accounts/permissions.js';
import type { CurrentUser } from '../accounts/session.service.js';
import { recordAudit, type Actor } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, type FieldProblem } from '../lib/errors.js';
import { findUnit } from '../org/org.repository.js';
import { findCycleById, markCycleInProgress, villageCounts, type CandidateStatus } from './benefit.cycle.repository.js';
import { noticeBlocks, noticesOf } from './benefit.notice.service.js';
import type { BenefitProgram } from './benefit.programs.js';
import type { StepRequest } from './benefit.workflow.schemas.js';
import {
  findCandidateDetail,
  insertEvents,
  listEvents,
  lockCandidates,
  updateCandidate,
  type CandidateAction,
  type CandidateChange,
  type LockedCandidate,
} from './benefit.workflow.repository.js';

export type Step = 'verify' | 'review' | 'approve' | 'return';

export const STATUS_ZH: Record<CandidateStatus, string> = {
  candidate: '待村核实',
  verified: '村已核实',
  reviewed: '乡镇已审核',
  approved: '县已审批',
  returned: '已退回村',
  excluded: '县确认不符合',
};
const STEP_ZH: Record<Step, string> = { verify: '核实', review: '审核', approve: '审批', return: '退回' };

/** Which statuses a step starts from. A return from 'verified' is the township's, from 'reviewed' the county's. */
const FROM: Record<Step, readonly CandidateStatus[]> = {
  verify: ['candidate', 'returned'],
  review: ['verified'],
  approve: ['reviewed'],
  return: ['verified', 'reviewed'],
};
const RETURN_PERMISSION: Partial<Record<CandidateStatus, Permission>> = {
  verified: 'benefit.review',
  reviewed: 'benefit.approve',
};

const inScope = (user: CurrentUser, unitPath: string) => unitPath.startsWith(user.unitPath);

/**
 * Takes one step on a list of candidates ({id, version} each), all or nothing.
 * @throws ForbiddenError without the step's permission, or when a person would review or approve
 *   what they entered or verified, or approve what they reviewed (names the candidates)
 * @throws NotFoundError for a candidate that does not exist or lies outside the caller's area
 * @throws ConflictError for stale versions (each listed) or a candidate not in a status the step
 *   starts from; for an approval, a village whose notice has not ended or has an open objection
 * @throws InvalidInputError (field reason) for a return or a not-eligible verdict without a
 *   reason; (field verdict) for verifying eligible a candidate the rules do not answer 'yes'
 */
export async function takeStep(db: Db, user: CurrentUser, actor: Actor, step: Step, req: StepRequest) {
  const reason = req.reason?.trim() || null;
  if (step === 'verify' && !req.verdict) throw InvalidInputError.field('verdict', '请选择核实结论：符合或不符合');
  if ((step === 'return' || (step === 'verify' && req.verdict === 'not_eligible')) && !reason)
    throw InvalidInputError.field(
      'reason',
      step === 'return' ? '退回须写明原因（reason）' : '核实为不符合须写明原因（reason）',
    );
  const ids = req.items.map((i) => i.id);
  if (new Set(ids).size !== ids.length) throw InvalidInputError.field('items', '同一对象在列表中出现了两次');

  return db.transaction().execute(async (tx) => {
    const rows = await lockCandidates(tx, user.countyCode, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    // Out of the caller's area reads exactly like absent.
    const missing = req.items.findIndex((i) => {
      const r = byId.get(i.id);
      return !r || !inScope(user, r.unitPath);
    });
    if (missing >= 0) throw new NotFoundError(`第${missing + 1}项（${req.items[missing]!.id}）候选人`);

    const list = req.items.map((i) => ({ item: i, row: byId.get(i.id)! }));
    checkPermission(user, step, list);

    const conflicts: FieldProblem[] = [];
    list.forEach(({ item, row }, i) => {
      if (row.version !== item.version)
        conflicts.push({
          field: `items.${i}.version`,
          row: i + 1,
          message: `${row.name}（${row.unitName}）已被他人处理：当前为第${row.version}版，您看到的是第${item.version}版，请刷新`,
        });
      else if (!FROM[step].includes(row.status))
        conflicts.push({
          field: `items.${i}.id`,
          row: i + 1,
          message: `${row.name}（${row.unitName}）当前状态为「${STATUS_ZH[row.status]}」，不能${STEP_ZH[step]}`,
        });
    });
    if (conflicts.length) {
      const stale = conflicts.filter((c) => c.field.endsWith('.version')).length;
      const e = new ConflictError(
        `${stale ? `${stale}项已被他人处理` : `${conflicts.length}项状态不符`}，本次${STEP_ZH[step]}未保存任何一项：${conflicts.map((c) => c.message).join('；')}`,
      );
      e.problems = conflicts;
      throw e;
    }

    checkSeparation(user, step, list);

    if (step === 'verify' && req.verdict === 'eligible') {
      const notYes = list.map((l, i) => ({ ...l, i })).filter(({ row }) => row.outcome !== 'yes');
      if (notYes.length)
        throw new InvalidInputError(
          `按登记信息判断${notYes.map((l) => `${l.row.name}${l.row.outcome === 'unknown' ? '待核实' : '不符合'}`).join('、')}，不能核实为符合：请先在登记库补录所缺情况（如子女残疾评定），系统重新判断为符合后再核实`,
          notYes.map(({ row, i }) => ({
            field: 'verdict',
            row: i + 1,
            message: `${row.name}：按登记信息${row.outcome === 'unknown' ? '待核实' : '不符合'}`,
          })),
        );
    }

    if (step === 'approve') {
      const blocks = await noticeBlocks(
        tx,
        list.map((l) => l.row),
      );
      if (blocks.size) {
        const e = new ConflictError(`不能审批：${[...new Set(blocks.values())].join('；')}`);
        e.problems = list
          .map((l, i) => ({ l, i }))
          .filter(({ l }) => blocks.has(l.row.id))
          .map(({ l, i }) => ({ field: `items.${i}.id`, row: i + 1, message: blocks.get(l.row.id)! }));
        throw e;
      }
    }

    const at = clock.now();
    const events: Parameters<typeof insertEvents>[1] = [];
    const done: Array<{ id: string; name: string; from: CandidateStatus; to: CandidateStatus }> = [];
    for (const { item, row } of list) {
      const { change, action } = changeFor(step, row, user, req.verdict, reason);
      if (!(await updateCandidate(tx, row.id, item.version, change, at)))
        throw new ConflictError(`${row.name}已被他人处理，请刷新`);
      events.push({
        candidateId: row.id,
        countyCode: user.countyCode,
        action,
        fromStatus: row.status,
        toStatus: change.status,
        reason,
        userId: user.id,
        at,
      });
      done.push({ id: row.id, name: row.name, from: row.status, to: change.status });
    }
    await insertEvents(tx, events);
    const cycleIds = [...new Set(list.map((l) => l.row.cycleId))];
    for (const c of cycleIds) await markCycleInProgress(tx, c);
    await recordAudit(tx, actor, {
      action: `benefit.candidate.${step}`,
      objectType: done.length === 1 ? 'benefit_candidate' : 'benefit_cycle',
      objectId: done.length === 1 ? done[0]!.id : cycleIds.join(','),
      detail: {
        cycleIds,
        verdict: req.verdict ?? null,
        reason,
        count: done.length,
        candidates: done.map((d) => ({ id: d.id, from: d.from, to: d.to })),
      },
    });
    return { count: done.length, items: done.map((d) => ({ id: d.id, status: d.to })) };
  });
}

function checkPermission(user: CurrentUser, step: Step, list: Array<{ row: LockedCandidate }>) {
  const need: Permission[] =
    step === 'verify'
      ? ['benefit.verify']
      : step === 'review'
        ? ['benefit.review']
        : step === 'approve'
          ? ['benefit.approve']
          : // A return from 'verified' is the township's; from 'reviewed' the county's; another status is a conflict later.
            list.map((l) => RETURN_PERMISSION[l.row.status]).filter((p) => p !== undefined);
  if (step === 'return' && need.length === 0) return;
  const lacking = [...new Set(need)].filter((p) => !user.permissions.includes(p));
  if (lacking.length)
    throw new ForbiddenError(
      step === 'return'
        ? '村已核实的由乡镇退回，乡镇已审核的由县退回：您没有退回其中一些对象的权限'
        : `没有${STEP_ZH[step]}的权限`,
    );
}

/** Four eyes: the one who entered or verified a candidate does not review or approve it; the approver is not the reviewer. */
function checkSeparation(user: CurrentUser, step: Step, list: Array<{ row: LockedCandidate }>) {
  if (step !== 'review' && step !== 'approve') return;
  const own = list.filter(
    ({ row }) =>
      row.enteredBy === user.id || row.verifiedBy === user.id || (step === 'approve' && row.reviewedBy === user.id),
  );
  if (own.length === 0) return;
  const names = own.map((o) => o.row.name).join('、');
  throw new ForbiddenError(
    step === 'review'
      ? `不能审核本人录入或核实的对象：${names}（须由另一人审核）`
      : `不能审批本人录入、核实或审核的对象：${names}（审批人不能是审核人）`,
    'SEPARATION_OF_DUTIES',
  );
}

function changeFor(
  step: Step,
  row: LockedCandidate,
  user: CurrentUser,
  verdict: 'eligible' | 'not_eligible' | undefined,
  reason: string | null,
): { change: CandidateChange; action: CandidateAction } {
  switch (step) {
    case 'verify':
      return {
        action: 'verify',
        change: {
          status: 'verified',
          villageVerdict: verdict!,
          verifiedBy: user.id,
          reviewedBy: null,
          approvedBy: null,
          statusReason: reason,
        },
      };
    case 'review':
      return { action: 'review', change: { status: 'reviewed', reviewedBy: user.id, statusReason: reason } };
    case 'approve': {
      // The county agrees with the village: eligible becomes approved, not eligible excluded.
      const eligible = row.villageVerdict === 'eligible';
      return {
        action: eligible ? 'approve' : 'exclude',
        change: { status: eligible ? 'approved' : 'excluded', approvedBy: user.id, statusReason: reason },
      };
    }
    case 'return':
      // A returned candidate is verified afresh: the earlier verdict and its reviewers no longer stand.
      return {
        action: 'return',
        change: { status: 'returned', villageVerdict: null, verifiedBy: null, reviewedBy: null, statusReason: reason },
      };
  }
}

const eventZh: Record<CandidateAction, string> = {
  generate: '由登记库生成',
  apply: '录入申请',
  verify: '村核实',
  review: '乡镇审核',
  approve: '县审批通过',
  exclude: '县确认不符合',
  return: '退回村',
  reevaluate: '重新判断',
  objection: '收到公示异议',
  objection_resolved: '异议处理',
};

/**
 * One candidate with its explanation, application and every step (the trail). Audited.
 * @throws NotFoundError for a candidate of another county or outside the caller's area
 */
export async function getCandidateDetail(db: Db, user: CurrentUser, actor: Actor, id: string) {
  const c = await findCandidateDetail(db, user.countyCode, id);
  if (!c || !inScope(user, c.unitPath)) throw new NotFoundError('候选人');
  const events = await listEvents(db, id);
  const userIds = [c.generatedBy, c.enteredBy, c.verifiedBy, c.reviewedBy, c.approvedBy].filter(
    (v): v is string => v !== null,
  );
  const users = userIds.length
    ? await db.selectFrom('appUser').select(['id', 'displayName']).where('id', 'in', userIds).execute()
    : [];
  const nameOf = (uid: string | null) => (uid ? (users.find((u) => u.id === uid)?.displayName ?? null) : null);
  // Generation is not written per candidate (a county's cycle holds tens of thousands): its step
  // is the candidate's creation, by whoever generated the cycle.
  const trail = [
    ...(c.source === 'registry'
      ? [
          {
            id: 0,
            action: 'generate' as const,
            actionText: eventZh.generate,
            fromStatus: null,
            toStatus: 'candidate' as const,
            reason: null,
            userId: c.generatedBy,
            userName: nameOf(c.generatedBy),
            at: c.createdAt,
          },
        ]
      : []),
    ...events.map((e) => ({ ...e, id: Number(e.id), actionText: eventZh[e.action] })),
  ];
  await recordAudit(db, actor, { action: 'benefit.candidate.view', objectType: 'benefit_candidate', objectId: id });
  const program = c.program as BenefitProgram;
  const { program: _p, generatedAt: _g, generatedBy: _b, unitPath: _u, ...rest } = c;
  return {
    ...rest,
    programName: program.name,
    programNameEn: program.nameEn,
    enteredByName: nameOf(c.enteredBy),
    verifiedByName: nameOf(c.verifiedBy),
    reviewedByName: nameOf(c.reviewedBy),
    approvedByName: nameOf(c.approvedBy),
    trail,
  };
}

/**
 * Where a cycle stands in the caller's area, per village: candidates per status, the notice and
 * its open objections, whether the village can publish and whether the county can approve; and
 * the caller's to-do (what waits for their role). Audited like a list read.
 * @throws NotFoundError for a cycle of another county or a unit outside the caller's area
 */
export async function getWorkflow(db: Db, user: CurrentUser, actor: Actor, cycleId: string, unitId?: string) {
  const cycle = await findCycleById(db, user.countyCode, cycleId);
  if (!cycle) throw new NotFoundError('该年度名单');
  let unitPath = user.unitPath;
  if (unitId) {
    const unit = await findUnit(db, unitId);
    if (!unit || !unit.path.startsWith(user.unitPath)) throw new NotFoundError('该单位');
    unitPath = unit.path;
  }
  const villages = await villageCounts(db, cycleId, unitPath);
  const notices = await noticesOf(db, cycleId, unitPath);
  const today = clock.today();
  const n = (v: unknown) => Number(v ?? 0);
  const rows = villages.map((v) => {
    const notice = notices.find((x) => v.path.startsWith(x.unitPath)) ?? null;
    const pending = n(v.pending);
    return {
      unitId: v.unitId,
      name: v.name,
      pending,
      verified: n(v.verified),
      reviewed: n(v.reviewed),
      approved: n(v.approved),
      excluded: n(v.excluded),
      amountFen: n(v.fen),
      notice: notice && {
        id: notice.id,
        publishedOn: notice.publishedOn,
        endsOn: notice.endsOn,
        openObjections: notice.openObjections,
        ended: today > notice.endsOn,
        needsRepublish: notice.needsRepublish,
      },
      canPublish: pending === 0 && (!notice || notice.openObjections === 0),
    };
  });
  const sum = (k: 'pending' | 'verified' | 'reviewed') => rows.reduce((s, r) => s + r[k], 0);
  const program = cycle.program as BenefitProgram;
  await recordAudit(db, actor, {
    action: 'benefit.workflow.view',
    objectType: 'benefit_cycle',
    objectId: cycleId,
    detail: { unitId: unitId ?? null, villages: rows.length },
  });
  return {
    cycle: {
      id: cycle.id,
      programCode: cycle.programCode,
      programName: program.name,
      programNameEn: program.nameEn,
      year: cycle.year,
      status: cycle.status,
    },
    today,
    todo: {
      toVerify: user.permissions.includes('benefit.verify') ? sum('pending') : 0,
      toPublish: user.permissions.includes('benefit.verify')
        ? rows.filter((r) => r.canPublish && (!r.notice || r.notice.needsRepublish)).length
        : 0,
      toReview: user.permissions.includes('benefit.review') ? sum('verified') : 0,
      objections: user.permissions.some((p) => p === 'benefit.review')
        ? rows.reduce((s, r) => s + (r.notice?.openObjections ?? 0), 0)
        : 0,
      toApprove: user.permissions.includes('benefit.approve') ? sum('reviewed') : 0,
    },
    villages: rows,
  };
}
