/**
 * The registry scan of the care register: it flags special families (特殊家庭), parents whose only
 * child died or is assessed disabled (grade 1 to 3), with source 'registry'.
 *
 * What a special family is comes from the benefits module, not from a second reading of the
 * registry: the two child conditions of the special assistance program (计划生育家庭特别扶助:
 * "had or adopted one child and no further child since" and "the only child died or is assessed
 * disabled, grade 3 or more severe"), evaluated by the benefit rules on the facts the benefits
 * module loads (loadFactsOf: the couple's children, their deaths, the latest assessments). The
 * program's age conditions (the woman 49 or more, parents born from 1933) decide who is paid, not
 * who is cared for, so they are left out; the parent must be alive.
 *
 * One flag per parent: both parents of a special family are flagged, each under their own
 * person, and the register groups them by household (docs/care.md).
 *
 * Idempotent: a parent with an open flag of the category is left alone (the unique index
 * care_family_open_uq backs this against two scans at once). A flag that staff ended is not
 * re-opened unless the fact is newer than the end: the child's death, or the assessment, dated
 * after the day the flag was ended.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../audit/audit.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadFactsOf, usesChildren } from '../benefits/benefit.facts.js';
import { SPECIAL_ASSISTANCE, type BenefitProgram } from '../benefits/benefit.programs.js';
import { evaluateRule, type BenefitFacts, type Rule } from '../benefits/benefit.rules.js';
import type { Db } from '../db/database.js';
import { clock } from '../lib/clock.js';
import { flagStates, insertFamilyIfNone, personPlaces, specialFamilyCandidates } from './care.repository.js';
import type { CareCategory } from './care.tables.js';

/** Who runs the scan: a user of a unit (scan of their units) or the console (the county). */
export type ScanCaller = { id: string | null; countyCode: string; unitPath: string };

const specialRule = SPECIAL_ASSISTANCE.rule;
/** The special assistance program's child conditions, with "alive": a special family as the benefit rules define it. */
export const SPECIAL_FAMILY_RULE: Rule = {
  all: [{ alive: {} }, ...('all' in specialRule ? specialRule.all.filter(usesChildren) : [specialRule])],
};
const SPECIAL_FAMILY: BenefitProgram = {
  ...SPECIAL_ASSISTANCE,
  code: 'care_special_family',
  rule: SPECIAL_FAMILY_RULE,
};

export type SpecialFamily = {
  personId: string;
  category: Exclude<CareCategory, 'hardship'>;
  /** The day the fact became true: the child's death or the assessment. */
  factOn: string;
  reason: string;
};

// Ids per query: few queries on a county (each reads the children of its parents), well under the 65,535 parameters of a statement.
const CHUNK = 10_000;
const GRADE_ZH = ['', '一', '二', '三', '四'];

/** Whether the person's family is a special family on the day, and why (pure: facts in, verdict out). */
export function specialFamilyOf(personId: string, facts: BenefitFacts, on: string): SpecialFamily | undefined {
  if (evaluateRule(SPECIAL_FAMILY_RULE, facts, on).outcome !== 'yes') return undefined;
  const child = facts.children.find((c) => (c.adoptedOn ?? c.birthDate) <= on);
  if (!child) return undefined;
  const who = `${child.name ?? '子女'}（${child.birthDate}出生）`;
  if (child.deathDate && child.deathDate <= on)
    return {
      personId,
      category: 'only_child_died',
      factOn: child.deathDate,
      reason: `登记库筛查：独生子女${who}于${child.deathDate}死亡，此后未再生育或收养`,
    };
  const d = child.disability;
  if (!d) return undefined;
  return {
    personId,
    category: 'only_child_disabled',
    factOn: d.assessedOn,
    reason: `登记库筛查：独生子女${who}经${d.assessedOn}鉴定为${GRADE_ZH[d.grade]}级残疾，此后未再生育或收养`,
  };
}

export type ScanResult = {
  /** Parents whose family is a special family today, in the caller's units. */
  found: number;
  flagged: number;
  alreadyOpen: number;
  /** Ended by staff, and nothing newer in the registry since. */
  keptEnded: number;
  families: Array<{ familyId: string; personId: string; category: SpecialFamily['category'] }>;
};

/**
 * Flags the special families of the caller's units from the registry (all or nothing), and
 * records the scan in the audit log.
 */
export async function scanRegistry(db: Db, caller: ScanCaller, actor: Actor): Promise<ScanResult> {
  const today = clock.today();
  const year = Number(today.slice(0, 4));
  const candidates = await specialFamilyCandidates(db, caller.countyCode);
  const special: SpecialFamily[] = [];
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const facts = await loadFactsOf(db, caller.countyCode, SPECIAL_FAMILY, year, candidates.slice(i, i + CHUNK));
    for (const f of facts) {
      const s = specialFamilyOf(f.personId, f.facts, today);
      if (s) special.push(s);
    }
  }
  return db.transaction().execute(async (tx) => {
    const places = new Map<string, { householdId: string | null; unitId: string; unitPath: string }>();
    const open = new Set<string>();
    const lastEnded = new Map<string, string>();
    for (let i = 0; i < special.length; i += CHUNK) {
      const ids = special.slice(i, i + CHUNK).map((s) => s.personId);
      for (const [k, v] of await personPlaces(tx, ids)) places.set(k, v);
      const st = await flagStates(tx, ids);
      for (const k of st.open) open.add(k);
      for (const [k, v] of st.lastEnded) lastEnded.set(k, v);
    }
    const result: ScanResult = { found: 0, flagged: 0, alreadyOpen: 0, keptEnded: 0, families: [] };
    for (const s of special) {
      const place = places.get(s.personId);
      if (!place || !place.unitPath.startsWith(caller.unitPath)) continue;
      result.found++;
      const key = `${s.personId}:${s.category}`;
      if (open.has(key)) {
        result.alreadyOpen++;
        continue;
      }
      const ended = lastEnded.get(key);
      if (ended && s.factOn <= ended) {
        result.keptEnded++;
        continue;
      }
      const id = randomUUID();
      const inserted = await insertFamilyIfNone(tx, {
        id,
        countyCode: caller.countyCode,
        personId: s.personId,
        householdId: place.householdId,
        unitId: place.unitId,
        category: s.category,
        source: 'registry',
        reason: s.reason,
        flaggedOn: today,
        flaggedBy: caller.id,
      });
      if (!inserted) {
        result.alreadyOpen++;
        continue;
      }
      result.flagged++;
      result.families.push({ familyId: id, personId: s.personId, category: s.category });
    }
    await recordAudit(tx, actor, {
      action: 'care.scan',
      objectType: 'care_family',
      detail: {
        found: result.found,
        flagged: result.flagged,
        alreadyOpen: result.alreadyOpen,
        keptEnded: result.keptEnded,
        families: result.families.map((f) => f.familyId),
      },
    });
    return result;
  });
}
