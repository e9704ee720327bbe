import { request, withQuery } from '../api/api.js';
import type { Sex } from '../api/types.js';

/** The benefit-cycle API's answers as the pages use them (server/src/benefits/benefit.cycle.routes.ts). */

/** 'no' only for applications, which are kept whatever the rules say. */
export type CandidateOutcome = 'yes' | 'unknown' | 'no';
export type CandidateStatus = 'candidate' | 'verified' | 'reviewed' | 'approved' | 'returned' | 'excluded';
export type VillageVerdict = 'eligible' | 'not_eligible';
export type ConditionOutcome = 'yes' | 'no' | 'unknown';

export type CycleCounts = {
  evaluated: number;
  eligible: number;
  toVerify: number;
  refused: number;
  amountFen: number;
  seconds: number;
};

export type CycleSummary = {
  cycleId: string;
  programCode: string;
  year: number;
  replaced: boolean;
  counts: CycleCounts;
};

export type Cycle = {
  id: string;
  programCode: string;
  programName: string;
  programNameEn: string;
  year: number;
  status: 'generated' | 'in_progress';
  generatedAt: string;
  counts: CycleCounts;
  /** The candidates under the caller's unit. */
  inArea: { eligible: number; toVerify: number; amountFen: number };
};

/** One evaluated condition (server: benefit.rules.ts Explanation). */
export type Condition = {
  outcome: ConditionOutcome;
  /** Chinese with an English gloss in brackets, as the rules write it. */
  label: string;
  text: string;
  facts: Record<string, string | number | boolean | null>;
  kind?: 'all' | 'any' | 'not';
  parts?: Condition[];
};

export type CandidateExplanation = {
  verdict: string;
  referenceDate: string;
  rule: Condition;
  monthRuns?: string[];
  amount?: { text: string };
};

export type Candidate = {
  id: string;
  personId: string;
  name: string;
  sex: Sex;
  birthDate: string;
  /** Masked: the list never carries a whole ID number. */
  idNumberMasked: string | null;
  unitId: string;
  unitName: string;
  outcome: CandidateOutcome;
  amountFen: number;
  months: number;
  status: CandidateStatus;
  explanation: CandidateExplanation;
  source: 'registry' | 'application';
  villageVerdict: VillageVerdict | null;
  statusReason: string | null;
  /** Optimistic locking: every step names the version it saw. */
  version: number;
  enteredBy: string | null;
  verifiedBy: string | null;
  reviewedBy: string | null;
};

export type VillageCount = {
  unitId: string;
  name: string;
  eligible: number;
  toVerify: number;
  amountFen: number;
  /** Candidates waiting for the village (candidate or returned). */
  pending: number;
  verified: number;
  reviewed: number;
  approved: number;
  excluded: number;
};

export type CandidatePage = {
  cycle: Pick<Cycle, 'id' | 'programCode' | 'programName' | 'programNameEn' | 'year' | 'status' | 'generatedAt'>;
  villages: VillageCount[];
  total: number;
  items: Candidate[];
};

export type CandidateQuery = {
  unitId?: string;
  outcome?: CandidateOutcome;
  /** One status or several, comma-separated. */
  status?: string;
  verdict?: VillageVerdict | 'none';
  page: number;
  pageSize: number;
};

export const cyclesApi = {
  generate: (body: { programCode: string; year: number }) =>
    request<CycleSummary>('POST', '/api/benefits/cycles', body),
  list: () => request<Cycle[]>('GET', '/api/benefits/cycles'),
  candidates: (cycleId: string, q: CandidateQuery) =>
    request<CandidatePage>('GET', withQuery(`/api/benefits/cycles/${encodeURIComponent(cycleId)}/candidates`, q)),
};

/** Integer fen as yuan with two decimals and thousands separators (1100000 → 11,000.00). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
