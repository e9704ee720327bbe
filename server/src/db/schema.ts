import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Kysely's view of the tables (camelCase; CamelCasePlugin maps to snake_case columns). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Dates of events are calendar dates, kept as 'YYYY-MM-DD' strings end to end. */
type DateString = string;
type Json = ColumnType<unknown, string, string>;

export type OrgLevel = 'province' | 'city' | 'county' | 'township' | 'village' | 'group';
export type Role =
  | 'village_worker'
  | 'township_officer'
  | 'county_statistician'
  | 'county_admin'
  | 'security_admin'
  | 'audit_admin'
  /** Reads every benefit payment and its trail, changes nothing (资金审计, e.g. the audit bureau). */
  | 'benefit_auditor'
  /** Records free health services and follows up their findings (县妇幼保健院). */
  | 'health_worker'
  /** Handles 两非 cases (卫生健康综合监督执法). */
  | 'case_officer';
export type HukouType = 'rural' | 'urban';
export type PersonStatus = 'active' | 'dead' | 'moved_out';
export type ReportType = 'birth' | 'death' | 'marriage' | 'divorce' | 'move_in' | 'move_out' | 'correction';
export type ReportStatus = 'submitted' | 'returned' | 'township_approved' | 'confirmed' | 'cancelled';
export type ReportActionType = 'submit' | 'resubmit' | 'approve' | 'return' | 'confirm' | 'cancel';

export interface OrgUnitTable {
  id: string;
  countyCode: string;
  parentId: string | null;
  level: OrgLevel;
  name: string;
  path: string;
  validFrom: ColumnType<DateString, DateString | undefined, DateString>;
  validTo: DateString | null;
  createdAt: GeneratedTimestamp;
}

export interface OrgUnitLineageTable {
  id: Generated<number>;
  fromUnitId: string;
  toUnitId: string;
  changeType: 'merge' | 'split' | 'rename' | 'move';
  effectiveDate: DateString;
  note: string | null;
}

export interface AppUserTable {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  role: Role;
  passwordHash: string;
  mustChangePassword: Generated<boolean>;
  isDemo: Generated<boolean>;
  disabled: Generated<boolean>;
  failedLogins: Generated<number>;
  lockedUntil: Timestamp | null;
  createdAt: GeneratedTimestamp;
  updatedAt: GeneratedTimestamp;
}

export interface UserSessionTable {
  id: string;
  userId: string;
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
  endedAt: Timestamp | null;
  address: string | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  userId: string | null;
  username: string | null;
  unitId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: 'success' | 'failure' | 'denied';
  address: string | null;
  detail: Json | null;
  prevHash: string;
  hash: string;
}

export interface HouseholdTable {
  id: string;
  countyCode: string;
  householdNumber: string;
  unitId: string;
  address: string | null;
  hukouType: HukouType;
  createdAt: GeneratedTimestamp;
}

export interface PersonTable {
  id: string;
  countyCode: string;
  idNumberSealed: string | null;
  idNumberHash: string | null;
  idNumberMasked: string | null;
  name: string;
  namePinyin: string;
  nameInitials: string;
  sex: 1 | 2;
  birthDate: DateString;
  ethnicity: string;
  hukouType: HukouType;
  hukouUnitId: string;
  residenceUnitId: string;
  householdId: string | null;
  relationship: string | null;
  motherId: string | null;
  fatherId: string | null;
  spouseId: string | null;
  maritalStatus: string;
  birthOrder: number | null;
  status: PersonStatus;
  deathDate: DateString | null;
  leftDate: DateString | null;
  version: Generated<number>;
  createdAt: GeneratedTimestamp;
  updatedAt: GeneratedTimestamp;
}

export interface PersonHistoryTable {
  id: Generated<string>;
  personId: string;
  countyCode: string;
  validFrom: DateString;
  recordedAt: GeneratedTimestamp;
  eventId: string | null;
  change: string;
  snapshot: Json;
}

export interface ReportTable {
  id: string;
  countyCode: string;
  type: ReportType;
  status: ReportStatus;
  unitId: string;
  subjectPersonId: string | null;
  eventDate: DateString;
  reportedAt: Timestamp;
  reportedOn: DateString;
  payload: Json;
  summary: string;
  reporterId: string;
  resultPersonId: string | null;
  version: Generated<number>;
  updatedAt: Timestamp;
}

export interface ReportActionTable {
  id: Generated<string>;
  reportId: string;
  countyCode: string;
  at: Timestamp;
  userId: string;
  action: ReportActionType;
  fromStatus: ReportStatus | null;
  toStatus: ReportStatus;
  reason: string | null;
}

export interface VitalEventTable {
  id: string;
  countyCode: string;
  type: ReportType;
  eventDate: DateString;
  unitId: string;
  personId: string;
  otherPersonId: string | null;
  reportId: string | null;
  reportedOn: DateString | null;
  confirmedAt: Timestamp;
  childSex: number | null;
  birthOrder: number | null;
  birthWeightG: number | null;
  gestationalWeeks: number | null;
  hasDefect: boolean | null;
  motherAge: number | null;
  details: ColumnType<unknown, string | undefined, string>;
}

export interface Database {
  orgUnit: OrgUnitTable;
  orgUnitLineage: OrgUnitLineageTable;
  appUser: AppUserTable;
  userSession: UserSessionTable;
  auditLog: AuditLogTable;
  household: HouseholdTable;
  person: PersonTable;
  personHistory: PersonHistoryTable;
  report: ReportTable;
  reportAction: ReportActionTable;
  vitalEvent: VitalEventTable;
  importBatch: ImportBatchTable;
  personSpan: PersonSpanTable;
  populationChange: PopulationChangeTable;
  womenYears: WomenYearsTable;
  publishedIndicator: PublishedIndicatorTable;
  unitBoundary: UnitBoundaryTable;
  qualityAlert: QualityAlertTable;
  qualityScan: QualityScanTable;
}

export type PersonRow = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type ReportRow = Selectable<ReportTable>;
export type OrgUnitRow = Selectable<OrgUnitTable>;
export type AppUserRow = Selectable<AppUserTable>;

export interface ImportBatchTable {
  id: string;
  countyCode: string;
  kind: 'persons' | 'events';
  status: 'succeeded' | 'failed';
  fileName: string;
  fileSha256: string;
  fileBytes: number;
  format: 'xlsx' | 'csv' | null;
  encoding: string | null;
  sheetName: string | null;
  options: Json;
  unitId: string;
  userId: string | null;
  username: string;
  userDisplayName: string;
  startedAt: Timestamp;
  finishedAt: Timestamp;
  rowCount: number;
  counts: Json;
  problemCount: number;
  problems: Json;
  warnings: Json;
  errorReportSealed: string | null;
}

/** Indicators (migration 0004): person_history as typed intervals, kept by trigger. */
export interface PersonSpanTable {
  personId: string;
  historyId: number;
  countyCode: string;
  validFrom: DateString;
  validTo: DateString | null;
  active: boolean;
  hukouUnitId: string | null;
  residenceUnitId: string | null;
  sex: number | null;
  birthDate: DateString | null;
  eventId: string | null;
  /** Generated (migration 0006). */
  birthYear: ColumnType<number | null, never, never>;
  birthday: ColumnType<number | null, never, never>;
}

/** Net population change per unit, sex and month (month 0: the year), kept by trigger. */
export interface PopulationChangeTable {
  countyCode: string;
  basis: 'registered' | 'resident';
  unitId: string;
  sex: number;
  year: number;
  month: number;
  change: number;
}

/** Days women lived per unit, year and age (migration 0009): before = at age_after − 1, after = at age_after. */
export interface WomenYearsTable {
  countyCode: string;
  basis: 'registered' | 'resident';
  year: number;
  unitId: string;
  ageAfter: number;
  before: number;
  after: number;
}

/** Figures frozen when published, with the definition version they used. */
export interface PublishedIndicatorTable {
  id: string;
  countyCode: string;
  code: string;
  version: number;
  unitId: string;
  period: string;
  population: 'registered' | 'resident';
  boundaries: 'present' | 'past';
  value: number | null;
  lower: number | null;
  upper: number | null;
  numerator: number | null;
  denominator: number | null;
  figure: Json;
  publishedAt: Timestamp;
  publishedBy: string;
}

export interface UnitBoundaryTable {
  unitId: string;
  countyCode: string;
  geometry: Json;
  schematic: Generated<boolean>;
  sourceName: string | null;
  uploadedAt: Timestamp;
  uploadedBy: string | null;
}

/** Data quality (migration 0007): alerts found by scans, and the scans. */
export type AlertKind = 'rule' | 'anomaly' | 'completeness';
export type AlertSeverity = 'high' | 'medium' | 'low';
export type AlertStatus = 'open' | 'acknowledged' | 'dismissed' | 'resolved';

export interface QualityAlertTable {
  id: string;
  countyCode: string;
  alertKey: string;
  kind: AlertKind;
  code: string;
  severity: AlertSeverity;
  unitId: string;
  period: string;
  title: string;
  message: string;
  detail: Json;
  status: Generated<AlertStatus>;
  firstDetectedAt: Timestamp;
  detectedAt: Timestamp;
  resolvedAt: Timestamp | null;
  note: string | null;
  actedBy: string | null;
  actedAt: Timestamp | null;
  version: Generated<number>;
}

export interface QualityScanTable {
  id: string;
  countyCode: string;
  startedAt: Timestamp;
  finishedAt: Timestamp | null;
  periods: string;
  trigger: 'manual' | 'schedule' | 'cli';
  userId: string | null;
  counts: Json;
}
