import { request } from '../api/api.js';

/** The programs API's answers as the page uses them (server/src/benefits/benefit.catalog.routes.ts). */
export type Bilingual = { zh: string; en: string };

export type AmountLevel = 'national' | 'province' | 'county';

export type AmountLayer = {
  level: AmountLevel;
  division?: string;
  divisionName?: string;
  from: string;
  /** Integer fen per unit of the program's rate (a month or a year). */
  fen: number;
  source?: string;
  assumption?: string;
};

export type AmountTier = { key: string; label: Bilingual; when?: unknown; layers: AmountLayer[] };

export type BenefitProgram = {
  code: string;
  name: string;
  nameEn: string;
  per: 'person' | 'couple' | 'child';
  rate: 'month' | 'year';
  entitlement: 'months' | 'year';
  paid: 'monthly' | 'quarterly' | 'yearly';
  rule: unknown;
  amounts: AmountTier[];
  source: string;
};

/** A rule as words: the rule's own labels where it has them. */
export type RuleText = Bilingual & { kind?: 'all' | 'any' | 'not'; parts?: RuleText[] };

export type TierSummary = {
  key: string;
  label: Bilingual;
  when?: RuleText;
  fenToday: number;
  layersToday: AmountLayer[];
  text: string;
};

export type Author = { id: string; name: string | null } | null;

export type ProgramView = {
  code: string;
  name: string;
  nameEn: string;
  builtIn: boolean;
  stored: boolean;
  version: number;
  changedAt: string | null;
  changedBy: Author;
  note: string;
  program: BenefitProgram;
  summary: { qualifies: RuleText; tiers: TierSummary[]; amountText: string; paidText: string; asOf: string };
};

export type ProgramVersion = {
  version: number;
  createdAt: string | null;
  createdBy: Author;
  note: string;
  program: BenefitProgram;
};

export type ProgramDetail = ProgramView & { history: ProgramVersion[] };

export type TopUp = { baseVersion: number; tier?: string; from: string; fen: number; reason: string };

export const programsApi = {
  list: () => request<ProgramView[]>('GET', '/api/benefits/programs'),
  get: (code: string) => request<ProgramDetail>('GET', `/api/benefits/programs/${encodeURIComponent(code)}`),
  /** 409 when someone saved a version after `baseVersion`. */
  addTopUp: (code: string, body: TopUp) =>
    request<ProgramDetail>('POST', `/api/benefits/programs/${encodeURIComponent(code)}/amounts`, body),
  /** A whole new definition as the next version; 409 when someone saved a version after `baseVersion`. */
  change: (code: string, body: { baseVersion: number; note: string; program: unknown }) =>
    request<ProgramDetail>('PUT', `/api/benefits/programs/${encodeURIComponent(code)}`, body),
  /** A local program of the county. */
  create: (body: { note: string; program: unknown }) => request<ProgramDetail>('POST', '/api/benefits/programs', body),
};

/** 12345 fen → '123.45' (integers only: no floating point on money). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * '123.45' → 12345 fen, read from the text so that no floating-point rounding touches the money;
 * undefined for anything but a non-negative amount with at most two decimals.
 */
export function yuanToFen(yuan: string | number | null | undefined): number | undefined {
  if (yuan === null || yuan === undefined) return undefined;
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(String(yuan).trim().replaceAll(',', ''));
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
