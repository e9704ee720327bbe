import { downloadFile, request, saveFile, withQuery } from '../api/api.js';
import type { Sex } from '../api/types.js';

/** The care register's API as the page uses it (server/src/care/care.routes.ts). */

export const CATEGORIES = ['hardship', 'only_child_died', 'only_child_disabled'] as const;
export type Category = (typeof CATEGORIES)[number];
export const KINDS = ['cash', 'goods', 'service'] as const;
export type Kind = (typeof KINDS)[number];
export const FUND_SOURCES = [
  'county_finance',
  'health_commission',
  'family_planning_association',
  'charity',
  'township',
  'other',
] as const;
export type FundSource = (typeof FUND_SOURCES)[number];
export type Source = 'registry' | 'staff';

export type Family = {
  id: string;
  personId: string;
  name: string;
  sex: Sex;
  birthDate: string;
  idNumberMasked: string | null;
  deathDate: string | null;
  spouseId: string | null;
  householdId: string | null;
  householdNumber: string | null;
  address: string | null;
  unitId: string;
  unitName: string;
  category: Category;
  source: Source;
  reason: string;
  flaggedOn: string;
  flaggedBy: string | null;
  endedOn: string | null;
  endReason: string | null;
  version: number;
};
export type FamilyListItem = Family & { lastVisitOn: string | null; visits: number; assistanceFen: number };
export type FamilyQuery = {
  unitId?: string;
  category?: Category;
  source?: Source;
  status?: 'open' | 'ended' | 'all';
  q?: string;
  page?: number;
  pageSize?: number;
};

export type Visit = {
  id: string;
  familyId: string;
  visitedOn: string;
  visitors: string;
  needs: string;
  notes: string | null;
  recordedAt: string;
  name: string;
  category: Category;
  unitId: string;
  unitName: string;
  recordedByName: string | null;
};
export type Assistance = {
  id: string;
  familyId: string;
  grantedOn: string;
  kind: Kind;
  amountFen: number;
  fundSource: FundSource;
  purpose: string;
  recordedAt: string;
  name: string;
  category: Category;
  unitId: string;
  unitName: string;
  grantedByName: string | null;
};
export type FamilyDetail = {
  family: Family;
  related: Family[];
  visits: Visit[];
  assistance: Assistance[];
  assistanceFen: number;
};
export type PeriodQuery = { familyId?: string; unitId?: string; from?: string; to?: string; limit?: number };
export type TotalsRow = {
  year: number;
  townshipId: string;
  townshipName: string;
  fundSource: FundSource;
  grants: number;
  families: number;
  amountFen: number;
};
export type Totals = { year: number | null; items: TotalsRow[]; totalFen: number; grants: number };
export type ScanResult = { found: number; flagged: number; alreadyOpen: number; keptEnded: number };

export type FlagRequest = { personId: string; category: Category; reason: string; flaggedOn?: string };
export type VisitRequest = { visitedOn: string; visitors: string; needs: string; notes?: string };
export type AssistanceRequest = {
  grantedOn: string;
  kind: Kind;
  amountFen: number;
  fundSource: FundSource;
  purpose: string;
};

export const careApi = {
  families: (q: FamilyQuery) =>
    request<{ total: number; page: number; pageSize: number; items: FamilyListItem[] }>(
      'GET',
      withQuery('/api/care/families', q),
    ),
  family: (id: string) => request<FamilyDetail>('GET', `/api/care/families/${encodeURIComponent(id)}`),
  flag: (body: FlagRequest) => request<{ id: string; version: number }>('POST', '/api/care/families', body),
  end: (id: string, body: { version: number; reason: string; endedOn?: string }) =>
    request<{ id: string; version: number }>('POST', `/api/care/families/${encodeURIComponent(id)}/end`, body),
  scan: () => request<ScanResult>('POST', '/api/care/scan'),
  recordVisit: (familyId: string, body: VisitRequest) =>
    request<{ id: string }>('POST', `/api/care/families/${encodeURIComponent(familyId)}/visits`, body),
  grant: (familyId: string, body: AssistanceRequest) =>
    request<{ id: string }>('POST', `/api/care/families/${encodeURIComponent(familyId)}/assistance`, body),
  visits: (q: PeriodQuery) => request<Visit[]>('GET', withQuery('/api/care/visits', q)),
  assistance: (q: PeriodQuery) => request<Assistance[]>('GET', withQuery('/api/care/assistance', q)),
  totals: (year?: number) => request<Totals>('GET', withQuery('/api/care/totals', { year })),
  async downloadTotals(year?: number) {
    saveFile(await downloadFile(withQuery('/api/care/totals/xlsx', { year }), `care-assistance-${year ?? 'all'}.xlsx`));
  },
};

/** One row of the funds table: a year and township, the amount per fund source and the total. */
export type TotalsPivotRow = {
  key: string;
  year: number;
  townshipName: string;
  bySource: Partial<Record<FundSource, number>>;
  totalFen: number;
  grants: number;
};

/** The totals as a table of year × township with a column per fund source (amounts in fen). */
export function pivotTotals(items: readonly TotalsRow[]): TotalsPivotRow[] {
  const rows = new Map<string, TotalsPivotRow>();
  for (const r of items) {
    const key = `${r.year}|${r.townshipId}`;
    const row = rows.get(key) ?? {
      key,
      year: r.year,
      townshipName: r.townshipName,
      bySource: {},
      totalFen: 0,
      grants: 0,
    };
    row.bySource[r.fundSource] = (row.bySource[r.fundSource] ?? 0) + r.amountFen;
    row.totalFen += r.amountFen;
    row.grants += r.grants;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => b.year - a.year || a.key.localeCompare(b.key));
}
