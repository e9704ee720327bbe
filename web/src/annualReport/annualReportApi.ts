import { ApiError, downloadFile, withQuery, type DownloadedFile } from '../api/api.js';

/** The annual statistical report as GET /api/annual-report?format=json answers it (docs/annual-report.md). */
export type ReportFigure = {
  code: string;
  version: number;
  nameZh: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  decimals: number;
  source: 'published' | 'computed';
  computedNow: number | null;
  imprecise: boolean;
};

export type ReportCounts = {
  populationStart: number | null;
  populationEnd: number | null;
  meanPopulation: number | null;
  births: number | null;
  birthsMale: number | null;
  birthsFemale: number | null;
  deaths: number | null;
};

export type ReportUnit = { id: string; name: string; level: string };

export type ReportRow = {
  unit: ReportUnit;
  figures: Record<string, ReportFigure>;
  counts: ReportCounts;
  published: 'all' | 'some' | 'none';
};

export type SummaryLine = {
  key: string;
  label: string;
  value: number | null;
  text: string;
  unit: string;
  decimals: number;
  interval: string | null;
  note: string | null;
  imprecise: boolean;
  indent: boolean;
  source: 'published' | 'computed' | 'count';
  previous: number | null;
  previousText: string;
};

export type AnnualReport = {
  title: string;
  unit: ReportUnit;
  year: number;
  population: Population;
  boundaries: Boundaries;
  computedAt: string;
  running: boolean;
  publication: { status: 'published' | 'partial' | 'provisional'; publishedAt: string | null; differs: string[] };
  summary: ReportRow;
  previousYear: number | null;
  summaryLines: SummaryLine[];
  townships: ReportRow[];
  villages: Array<{ township: ReportUnit; rows: ReportRow[] }>;
  definitions: Array<{
    code: string;
    nameZh: string;
    version: number;
    effectiveFrom: string;
    formulaZh: string;
    unit: string;
  }>;
  notes: string[];
};

export type Population = 'registered' | 'resident';
export type Boundaries = 'present' | 'past';
export type ReportFile = 'pdf' | 'xlsx';
export type ReportParams = { year: number; unitId?: string; population: Population; boundaries: Boundaries };

/** The report's URL in a format; defaults the server applies are left out. */
export function annualReportPath(params: ReportParams, format: 'json' | ReportFile): string {
  return withQuery('/api/annual-report', {
    year: params.year,
    unitId: params.unitId,
    format: format === 'json' ? undefined : format,
    population: params.population === 'registered' ? undefined : params.population,
    boundaries: params.boundaries === 'present' ? undefined : params.boundaries,
  });
}

export async function fetchAnnualReport(params: ReportParams): Promise<AnnualReport> {
  let response: Response;
  try {
    response = await fetch(annualReportPath(params, 'json'), {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const err = (data ?? {}) as { code?: string; message?: string; problems?: ApiError['problems'] };
    throw new ApiError(
      response.status,
      err.code ?? `HTTP_${response.status}`,
      err.message ?? response.statusText,
      err.problems ?? [],
      data,
    );
  }
  return data as AnnualReport;
}

/** The PDF or XLSX file, named by the server (统计年报_华容县_2016.pdf). */
export function downloadAnnualReport(params: ReportParams, format: ReportFile): Promise<DownloadedFile> {
  return downloadFile(
    annualReportPath(params, format),
    `annual-report_${params.unitId ?? ''}_${params.year}.${format}`,
  );
}

/** Years a report can be made for: 2000 to this year, newest first. */
export function reportYears(today: Date = new Date()): number[] {
  const last = today.getFullYear();
  return Array.from({ length: last - 2000 + 1 }, (_, i) => last - i);
}
