/**
 * The feeds departments send, as data: for each type its name, the department that sends it,
 * the kinds of record its rows report, and its columns (the header the template uses, the other
 * headers offices write for the same thing, whether it is required). The column mapping works
 * as the bulk import's does (imports/import.fields.ts): any column order, title rows above the
 * header, synonyms. Words that stand as group titles over two-row headers (母亲, 新生儿, 男方)
 * are never synonyms on their own: the title row would then look like the header.
 */
import { headerKey, type FieldDef } from '../imports/import.fields.js';
import { CIVIL_AFFAIRS } from './types/civilAffairs.js';
import { EDUCATION } from './types/education.js';
import { HOSPITAL_BIRTH } from './types/hospital.js';
import { HOUSING } from './types/housing.js';
import { HR_SOCIAL_SECURITY } from './types/hrSocialSecurity.js';
import { POLICE_HUKOU } from './types/police.js';

export { CIVIL_AFFAIRS, EDUCATION, HOSPITAL_BIRTH, HOUSING, HR_SOCIAL_SECURITY, POLICE_HUKOU };
export { HOUSING_TENURES } from './types/housing.js';
export { HR_DEATH_REASONS, HR_STOP_TYPES } from './types/hrSocialSecurity.js';

export const FEED_TYPE_CODES = [
  'police_hukou',
  'hospital_birth',
  'civil_affairs',
  'education',
  'hr_social_security',
  'housing',
] as const;
export type FeedTypeCode = (typeof FEED_TYPE_CODES)[number];

export const RECORD_TYPES = [
  'birth',
  'death',
  'move_in',
  'move_out',
  'marriage',
  'divorce',
  'cremation',
  'enrolment',
  'residence',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const RECORD_TYPE_NAMES: Record<RecordType, { zh: string; en: string }> = {
  birth: { zh: '出生', en: 'Birth' },
  death: { zh: '死亡', en: 'Death' },
  move_in: { zh: '迁入', en: 'Move in' },
  move_out: { zh: '迁出', en: 'Move out' },
  marriage: { zh: '结婚', en: 'Marriage' },
  divorce: { zh: '离婚', en: 'Divorce' },
  cremation: { zh: '火化', en: 'Cremation' },
  enrolment: { zh: '入学', en: 'School enrolment' },
  residence: { zh: '居住登记', en: 'Residence registration' },
};

export type FeedColumn = FieldDef;

export type FeedType = {
  code: FeedTypeCode;
  nameZh: string;
  nameEn: string;
  /** The department that usually sends it (a credential or the uploader may name another). */
  department: { code: string; nameZh: string; nameEn: string };
  recordTypes: readonly RecordType[];
  /** Words the 业务类型 column may hold, per record type (feeds with several kinds of rows). */
  businessTypes?: Readonly<Record<string, RecordType>>;
  /**
   * Groups of columns of which a file must have at least one (a pension stop gives the death
   * date or only the date the payment stopped): a file with none is refused as a whole, not
   * row by row.
   */
  requiredOneOf?: ReadonlyArray<readonly string[]>;
  columns: readonly FeedColumn[];
};

// Each feed type's columns are in types/ (one file per type); what they share in types/common.ts.

export const FEED_TYPES: Record<FeedTypeCode, FeedType> = {
  police_hukou: POLICE_HUKOU,
  hospital_birth: HOSPITAL_BIRTH,
  civil_affairs: CIVIL_AFFAIRS,
  education: EDUCATION,
  hr_social_security: HR_SOCIAL_SECURITY,
  housing: HOUSING,
};

export const isFeedType = (s: string): s is FeedTypeCode => (FEED_TYPE_CODES as readonly string[]).includes(s);

const INDEX = new Map<FeedTypeCode, Map<string, string>>(
  FEED_TYPE_CODES.map((code) => {
    const index = new Map<string, string>();
    for (const f of FEED_TYPES[code].columns) {
      for (const label of [f.header, f.key, ...f.synonyms]) {
        const k = headerKey(label);
        if (!index.has(k)) index.set(k, f.key);
        const bare = k.replace(/[（）]/g, '');
        if (!index.has(bare)) index.set(bare, f.key);
      }
    }
    return [code, index];
  }),
);

/** The field a header names in this feed type, through its synonyms. */
export function feedFieldForLabel(type: FeedTypeCode, label: string): string | undefined {
  const k = headerKey(label);
  const index = INDEX.get(type)!;
  return index.get(k) ?? index.get(k.replace(/[（）]/g, ''));
}

/**
 * A 业务类型 (or 终止原因, 登记类型) cell as the keys are written: offices separate the parts of a
 * business name in many ways (待遇终止-死亡, 待遇终止（死亡）, 待遇终止：死亡).
 */
export const businessKey = (s: string): string => s.replace(/[\s\u3000\-－—–_:：()（）·、/／,，.。]+/g, '');

/** The record type a 业务类型 cell names, or undefined. */
export function recordTypeOf(type: FeedType, business: string): RecordType | undefined {
  const raw = business.replace(/[\s\u3000]+/g, '').toLowerCase();
  return (
    type.businessTypes?.[businessKey(business)] ??
    ((RECORD_TYPES as readonly string[]).find((r) => r === raw) as RecordType | undefined)
  );
}
