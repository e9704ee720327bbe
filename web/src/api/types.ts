/**
 * The server's JSON contract as the web app sees it. Ids are strings; event dates are
 * 'YYYY-MM-DD' strings; timestamps are ISO strings.
 */
export type Role =
  | 'village_worker'
  | 'township_officer'
  | 'county_statistician'
  | 'county_admin'
  | 'security_admin'
  | 'audit_admin'
  | 'benefit_auditor'
  | 'health_worker'
  | 'case_officer';

export const ROLES: Role[] = [
  'village_worker',
  'township_officer',
  'county_statistician',
  'county_admin',
  'security_admin',
  'audit_admin',
  'benefit_auditor',
  'health_worker',
  'case_officer',
];

export type Permission =
  | 'report.create'
  | 'report.review'
  | 'report.confirm'
  | 'person.read'
  | 'person.revealId'
  | 'user.manage'
  | 'audit.read'
  | 'org.manage'
  | 'import.run'
  | 'quality.scan'
  | 'quality.dismiss'
  | 'feed.manage'
  | 'linkage.review'
  | 'benefit.manage'
  | 'benefit.verify'
  | 'benefit.review'
  | 'benefit.approve'
  | 'benefit.pay'
  | 'benefit.account'
  | 'benefit.audit'
  | (string & {});

export type UnitLevel = 'province' | 'city' | 'county' | 'township' | 'village' | 'group';

export type UnitRef = { id: string; name: string };

export type Me = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unit: UnitRef & { level: UnitLevel };
  isDemo: boolean;
  mustChangePassword: boolean;
  permissions: Permission[];
};

export type FieldProblem = { field: string; message: string; row?: number };

export type User = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unit: UnitRef;
  disabled: boolean;
  locked: boolean;
  isDemo: boolean;
  mustChangePassword: boolean;
};

export type Unit = { id: string; name: string; level: UnitLevel; children?: Unit[] };

export type UnitDetail = {
  id: string;
  name: string;
  level: UnitLevel;
  parentId: string | null;
  path: string;
  validFrom: string;
  validTo: string | null;
  children: Unit[];
};

export type Codes = {
  sex: Record<string, string>;
  ethnicity: Record<string, string>;
  relationship: Record<string, string>;
  maritalStatus: Record<string, string>;
};

export type PersonStatus = 'active' | 'dead' | 'moved_out';
export const PERSON_STATUSES: PersonStatus[] = ['active', 'dead', 'moved_out'];

export type Sex = 1 | 2;
export type HukouType = 'rural' | 'urban';

export type PersonListItem = {
  id: string;
  name: string;
  idNumberMasked: string | null;
  sex: Sex;
  birthDate: string;
  hukouUnit: UnitRef;
  householdId: string | null;
  status: PersonStatus;
};

export type Person = PersonListItem & {
  ethnicity: string;
  hukouType: HukouType;
  residenceUnit: UnitRef;
  relationship: string | null;
  maritalStatus: string;
  birthOrder: number | null;
  deathDate: string | null;
  leftDate: string | null;
  version: number;
};

export type HouseholdMember = {
  id: string;
  name: string;
  relationship: string | null;
  sex: Sex;
  birthDate: string;
  status: PersonStatus;
};

export type PersonHistoryEntry = {
  validFrom: string;
  recordedAt: string;
  change: string;
  snapshot: Record<string, unknown> | null;
  eventId: string | null;
  /** The report behind the change, when it came from one (not for demo or imported rows). */
  reportId: string | null;
  /** The county user who confirmed that report. */
  recordedBy: string | null;
};

export type VitalEvent = {
  id: string;
  type: ReportType;
  eventDate: string;
  details: Record<string, unknown> | null;
};

export type PersonReportRef = {
  id: string;
  type: ReportType;
  status: ReportStatus;
  eventDate: string;
  summary: string;
};

export type PersonDetail = {
  person: Person;
  household: {
    id: string;
    householdNumber: string;
    address: string | null;
    members: HouseholdMember[];
  } | null;
  mother: { id: string; name: string } | null;
  father: { id: string; name: string } | null;
  spouse: { id: string; name: string } | null;
  children: { id: string; name: string; sex: Sex; birthDate: string }[];
  history: PersonHistoryEntry[];
  events: VitalEvent[];
  reports: PersonReportRef[];
};

export type PersonAsOf = {
  date: string;
  exists: boolean;
  state: Record<string, unknown> | null;
};

export type HouseholdDetail = {
  household: {
    id: string;
    householdNumber: string;
    address: string | null;
    hukouType: HukouType;
    unit: UnitRef;
  };
  members: HouseholdMember[];
};

export type HouseholdListItem = {
  id: string;
  householdNumber: string;
  address: string | null;
  unit: UnitRef;
  headName: string | null;
};

export type ReportType = 'birth' | 'death' | 'marriage' | 'divorce' | 'move_in' | 'move_out' | 'correction';

export const REPORT_TYPES: ReportType[] = [
  'birth',
  'death',
  'marriage',
  'divorce',
  'move_in',
  'move_out',
  'correction',
];

export type ReportStatus = 'submitted' | 'township_approved' | 'confirmed' | 'returned' | 'cancelled';
export const REPORT_STATUSES: ReportStatus[] = ['submitted', 'township_approved', 'confirmed', 'returned', 'cancelled'];

export type ReportAction = 'approve' | 'return' | 'confirm' | 'resubmit' | 'cancel';
export type ReportQueue = 'mine' | 'review' | 'confirm' | 'all';

export type BirthPayload = {
  motherId: string;
  fatherId?: string;
  child: { name?: string; sex: Sex; idNumber?: string };
  weightGrams: number;
  gestationalWeeks: number;
  place: 'hospital' | 'home' | 'other';
  hospitalName?: string;
  defect: boolean;
  defectDescription?: string;
};
export type DeathPayload = { personId: string; cause?: string; place?: string };
export type MarriagePayload = {
  personId: string;
  spouseId?: string;
  spouse?: { name: string; idNumber: string };
};
export type DivorcePayload = { personId: string };
export type MoveInPayload = {
  person: { name: string; idNumber: string; ethnicity: string; hukouType: HukouType };
  householdId?: string;
  newHousehold?: { address: string; hukouType: HukouType };
  relationship: string;
  fromPlace: string;
};
export type MoveOutPayload = { personId: string; destination: string };
export type CorrectionPayload = {
  personId: string;
  changes: {
    name?: string;
    idNumber?: string;
    sex?: Sex;
    birthDate?: string;
    ethnicity?: string;
    relationship?: string;
    /** The village the person now lives in (人户分离). */
    residenceUnitId?: string;
  };
  reason: string;
};

export type ReportPayload =
  BirthPayload | DeathPayload | MarriagePayload | DivorcePayload | MoveInPayload | MoveOutPayload | CorrectionPayload;

export type ReportListItem = {
  id: string;
  type: ReportType;
  status: ReportStatus;
  unit: UnitRef;
  eventDate: string;
  reportedOn: string;
  summary: string;
  reporter: { id: string; displayName: string };
  updatedAt: string;
  version: number;
  /** The reason of the latest return or cancellation, so lists need not open each report. */
  lastReason: string | null;
};

export type ReportActionEntry = {
  at: string;
  user: { id: string; displayName: string };
  action: 'submit' | 'resubmit' | 'approve' | 'return' | 'confirm' | 'cancel' | (string & {});
  fromStatus: ReportStatus | null;
  toStatus: ReportStatus;
  reason: string | null;
};

export type Report = ReportListItem & {
  payload: Record<string, unknown>;
  /** Names of the persons the payload refers to (motherId, fatherId, personId, spouseId), by id. */
  people: Record<string, string>;
  subjectPersonId: string | null;
  resultPersonId: string | null;
  actions: ReportActionEntry[];
  allowedActions: ReportAction[];
};

export type Todo = {
  counts: {
    returned: number;
    awaitingReview: number;
    awaitingConfirmation: number;
    submittedThisMonth: number;
  };
  items: ReportListItem[];
};

export type AuditEntry = {
  id: string;
  at: string;
  username: string | null;
  unitId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: 'success' | 'failure' | 'denied' | (string & {});
  address: string | null;
  detail: unknown;
};

export type AuditVerify = { ok: boolean; checked: number; brokenAt?: string };

export type Health = { status: 'ok'; engine: 'pglite' | 'postgresql'; version: string; demo: boolean };

export type Page<T> = { items: T[]; total: number };

/** Bulk import (docs/import.md): persons with their households, or historical events. */
export type ImportKind = 'persons' | 'events';
export const IMPORT_KINDS: ImportKind[] = ['persons', 'events'];
export type ImportEncoding = 'auto' | 'utf-8' | 'gbk' | 'gb18030' | 'utf-16le' | 'utf-16be';

export type ImportOptions = {
  /** `{ header in the file: field }`; `''` ignores the column. */
  mapping?: Record<string, string>;
  encoding?: ImportEncoding;
  sheet?: string;
};

/** One problem of a file; row, column, header and field are null for a problem of the whole file. */
export type ImportProblem = {
  file: string;
  row: number | null;
  column: string | null;
  header: string | null;
  field: string | null;
  message: string;
  reason: string;
};

export type ImportField = { key: string; header: string; required: boolean; note: string };

export type ImportBatchStatus = 'succeeded' | 'failed';

export type ImportBatchSummary = {
  id: string;
  kind: ImportKind;
  /** The kind's name in Chinese; sent with list items. */
  kindName?: string;
  status: ImportBatchStatus;
  fileName: string;
  fileBytes: number;
  format?: 'xlsx' | 'csv';
  encoding?: string | null;
  unit: UnitRef;
  importedBy: { username: string; displayName: string };
  startedAt: string;
  finishedAt: string | null;
  rowCount: number;
  counts: Record<string, unknown>;
  problemCount: number;
  errorReportUrl: string | null;
};

export type ImportBatchDetail = ImportBatchSummary & {
  problems: ImportProblem[];
  warnings: ImportProblem[];
  options: ImportOptions | null;
};

export type ImportPreview = {
  kind: ImportKind;
  fileName: string;
  format: 'xlsx' | 'csv';
  encoding: string | null;
  delimiter: string | null;
  sheetName: string | null;
  sheetNames: string[];
  /** The Excel row of the (last) header row; null when no header was found. */
  headerRow: number | null;
  headers: { column: string; header: string; labels: string[]; field: string | null }[];
  mapping: Record<string, string>;
  unmapped: string[];
  fields: ImportField[];
  /** The first rows as they would be read (ID numbers masked), with each row's problems. */
  sample: { row: number; values: Record<string, unknown>; problems: string[] }[];
  rowCount: number;
  problemCount: number;
  badRowCount: number;
  problems: ImportProblem[];
  warnings: ImportProblem[];
  alreadyImported: ImportBatchSummary | null;
};

export type ImportSucceeded = {
  batchId: string;
  counts: Record<string, unknown>;
  batch: ImportBatchSummary;
  warnings: ImportProblem[];
};

/** The body of a 400 IMPORT_REJECTED answer: nothing was written. */
export type ImportRejected = {
  code: 'IMPORT_REJECTED';
  message: string;
  batchId: string;
  errorReportUrl: string;
  problemCount: number;
  badRowCount: number;
  problems: ImportProblem[];
  warnings: ImportProblem[];
};

/** The body of a 409 ALREADY_IMPORTED answer. */
export type ImportDuplicate = { code: 'ALREADY_IMPORTED'; message: string; batchId: string; batch: ImportBatchSummary };

export type ImportProgress = {
  phase: 'checking' | 'writing' | 'finishing' | 'done' | 'failed' | 'unknown';
  rows: number;
  total: number | null;
};
