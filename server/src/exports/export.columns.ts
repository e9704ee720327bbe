import type { HukouType, PersonStatus, ReportStatus, ReportType } from '../db/schema.js';
import type { CellValue } from '../lib/cells.js';
import {
  ETHNICITY,
  HUKOU_TYPE_NAMES,
  MARITAL_STATUS,
  PERSON_STATUS_NAMES,
  RELATIONSHIP,
  REPORT_STATUS_NAMES,
  REPORT_TYPE_NAMES,
  SEX,
} from '../lib/codes.js';

/**
 * What each exported list looks like: Chinese headers in the order offices expect, codes turned
 * into the names people read (性别 男/女, 民族 by name, …), dates as YYYY-MM-DD.
 */
export type Column<R> = { header: string; width: number; value: (row: R) => CellValue };

/** Unknown codes are shown as they are rather than dropped: the file must not hide data. */
const named = (table: Record<string, string>, code: string | number | null) =>
  code === null ? null : (table[String(code)] ?? String(code));

/** A stored time as China Standard Time, to the minute. */
export const cstMinute = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export type PersonExportRow = {
  name: string;
  /** Masked (430623********0317) unless the caller may and asked to see it in full. */
  idNumber: string | null;
  sex: number;
  birthDate: string;
  ethnicity: string;
  relationship: string | null;
  maritalStatus: string;
  hukouType: HukouType;
  townshipName: string | null;
  villageName: string;
  villageCode: string;
  householdNumber: string | null;
  status: PersonStatus;
  deathDate: string | null;
  leftDate: string | null;
};

export const PERSON_COLUMNS: Array<Column<PersonExportRow>> = [
  { header: '姓名', width: 12, value: (r) => r.name },
  { header: '公民身份号码', width: 22, value: (r) => r.idNumber },
  { header: '性别', width: 6, value: (r) => named(SEX, r.sex) },
  { header: '出生日期', width: 12, value: (r) => r.birthDate },
  { header: '民族', width: 10, value: (r) => named(ETHNICITY, r.ethnicity) },
  { header: '与户主关系', width: 12, value: (r) => named(RELATIONSHIP, r.relationship) },
  { header: '婚姻状况', width: 10, value: (r) => named(MARITAL_STATUS, r.maritalStatus) },
  { header: '户口性质', width: 10, value: (r) => HUKOU_TYPE_NAMES[r.hukouType] },
  { header: '乡镇（街道）', width: 14, value: (r) => r.townshipName },
  { header: '户籍村（社区）', width: 16, value: (r) => r.villageName },
  { header: '户籍村（社区）代码', width: 16, value: (r) => r.villageCode },
  { header: '户号', width: 18, value: (r) => r.householdNumber },
  { header: '人员状态', width: 10, value: (r) => PERSON_STATUS_NAMES[r.status] },
  { header: '死亡日期', width: 12, value: (r) => r.deathDate },
  { header: '迁出日期', width: 12, value: (r) => r.leftDate },
];

export type HouseholdExportRow = {
  householdNumber: string;
  headName: string | null;
  address: string | null;
  hukouType: HukouType;
  townshipName: string | null;
  villageName: string;
  villageCode: string;
  activeMembers: number;
};

export const HOUSEHOLD_COLUMNS: Array<Column<HouseholdExportRow>> = [
  { header: '户号', width: 18, value: (r) => r.householdNumber },
  { header: '户主姓名', width: 12, value: (r) => r.headName },
  { header: '住址', width: 32, value: (r) => r.address },
  { header: '户口性质', width: 10, value: (r) => HUKOU_TYPE_NAMES[r.hukouType] },
  { header: '乡镇（街道）', width: 14, value: (r) => r.townshipName },
  { header: '户籍村（社区）', width: 16, value: (r) => r.villageName },
  { header: '户籍村（社区）代码', width: 16, value: (r) => r.villageCode },
  { header: '在册人数', width: 10, value: (r) => r.activeMembers },
];

export type ReportExportRow = {
  type: ReportType;
  status: ReportStatus;
  townshipName: string | null;
  villageName: string;
  villageCode: string;
  eventDate: string;
  reportedOn: string;
  summary: string;
  reporterName: string;
  updatedAt: string;
  /** Why it was last returned to the village (退回原因), if it was. */
  lastReason: string | null;
};

export const REPORT_COLUMNS: Array<Column<ReportExportRow>> = [
  { header: '报告类型', width: 10, value: (r) => REPORT_TYPE_NAMES[r.type] },
  { header: '状态', width: 12, value: (r) => REPORT_STATUS_NAMES[r.status] },
  { header: '乡镇（街道）', width: 14, value: (r) => r.townshipName },
  { header: '村（社区）', width: 16, value: (r) => r.villageName },
  { header: '村（社区）代码', width: 16, value: (r) => r.villageCode },
  { header: '事件日期', width: 12, value: (r) => r.eventDate },
  { header: '报告日期', width: 12, value: (r) => r.reportedOn },
  { header: '摘要', width: 48, value: (r) => r.summary },
  { header: '报告人', width: 20, value: (r) => r.reporterName },
  { header: '最后处理时间', width: 18, value: (r) => cstMinute(r.updatedAt) },
  { header: '退回原因', width: 30, value: (r) => r.lastReason },
];
