import type { Role } from '../db/schema.js';

/**
 * What each role may do. System, security and audit administration are separate roles
 * (三员分立): the security administrator manages accounts but sees no registry data, the audit
 * administrator reads the audit log and nothing else.
 */
export type Permission =
  | 'person.read'
  | 'person.revealId'
  | 'report.create'
  | 'report.review'
  | 'report.confirm'
  | 'user.manage'
  | 'audit.read'
  | 'org.manage'
  /** Bring files of persons, households and events in (county and townships; villages report events instead). */
  | 'import.run'
  /** Run a data-quality scan (county). */
  | 'quality.scan'
  /** Dismiss a data-quality alert as not an error (township and county review). */
  | 'quality.dismiss'
  /** Upload departments' feeds, manage their credentials, run record linkage (county). */
  | 'feed.manage'
  /** Decide uncertain record-linkage pairs (county and townships). */
  | 'linkage.review'
  /** Define benefit programs and their amounts, run the yearly cycles (county). */
  | 'benefit.manage'
  /** Enter applications and disability assessments, verify candidates, publish the notice and record objections (village, township). */
  | 'benefit.verify'
  /** Review the villages' verification, resolve objections (township). */
  | 'benefit.review'
  /** Approve or exclude reviewed candidates (county). */
  | 'benefit.approve'
  /** Make, approve and export payment batches, import the bank's results, close recovery cases (county). */
  | 'benefit.pay'
  /** Register payees' one-card accounts and see a number in full (audited). */
  | 'benefit.account'
  /** Read every payment, batch and candidate with its trail, county-wide, changing nothing. */
  | 'benefit.audit'
  /** Record free health services and their findings (health workers: 妇幼保健). Implies reading findings. */
  | 'health.record'
  /** Open health findings and follow-up notes in full (each opening audited). */
  | 'health.findings'
  /** See follow-ups due and overdue in one's units and record follow-up contacts (findings stay masked without health.findings). */
  | 'health.followup'
  /** See health service records (findings masked) and screening coverage. */
  | 'health.read'
  /** Keep the care register (生育关怀): flag families, record visits. */
  | 'care.manage'
  /** Grant assistance to families in the care register. */
  | 'care.grant'
  /** Register petitions (信访), assign them, decide acceptance and extensions, close them. */
  | 'petition.register'
  /** Handle petitions assigned to one's units: record replies. */
  | 'petition.handle'
  /** Register and handle 两非 cases (confidential: nobody else sees them). */
  | 'case.handle'
  /** Keep the contraceptive dispensing machines: stock, restocking, dispensing counts. */
  | 'dispenser.manage';

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  village_worker: [
    'person.read',
    'person.revealId',
    'report.create',
    'benefit.verify',
    'benefit.account',
    'health.followup',
    'health.read',
    'care.manage',
    'petition.handle',
    'dispenser.manage',
  ],
  township_officer: [
    'person.read',
    'person.revealId',
    'report.review',
    'import.run',
    'quality.dismiss',
    'linkage.review',
    'benefit.verify',
    'benefit.review',
    'benefit.account',
    'health.findings',
    'health.followup',
    'health.read',
    'care.manage',
    'care.grant',
    'petition.register',
    'petition.handle',
    'dispenser.manage',
  ],
  county_statistician: [
    'person.read',
    'person.revealId',
    'report.confirm',
    'import.run',
    'quality.scan',
    'quality.dismiss',
    'feed.manage',
    'linkage.review',
    'benefit.manage',
    'benefit.approve',
    'benefit.pay',
    'benefit.account',
    'health.read',
    'care.manage',
    'care.grant',
    'petition.register',
    'petition.handle',
    'dispenser.manage',
  ],
  county_admin: [
    'person.read',
    'report.confirm',
    'org.manage',
    'import.run',
    'quality.scan',
    'feed.manage',
    'benefit.manage',
    'benefit.approve',
    'benefit.pay',
    'health.read',
    'petition.register',
  ],
  security_admin: ['user.manage'],
  audit_admin: ['audit.read'],
  benefit_auditor: ['benefit.audit'],
  // The county's maternal and child health service (县妇幼保健院): records services, follows up findings.
  health_worker: ['person.read', 'health.record', 'health.findings', 'health.followup', 'health.read'],
  // The health commission's law enforcement (卫生健康综合监督): 两非 cases, seen by nobody else.
  case_officer: ['person.read', 'case.handle'],
};

export const ROLE_NAMES: Record<Role, string> = {
  village_worker: '村计生专干',
  township_officer: '乡镇审核员',
  county_statistician: '县统计员',
  county_admin: '县系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
  benefit_auditor: '资金审计员',
  health_worker: '妇幼保健人员',
  case_officer: '综合监督执法员',
};

/** The level a role's unit must have: a village worker belongs to a village, and so on. */
export const ROLE_LEVEL: Record<Role, 'county' | 'township' | 'village'> = {
  village_worker: 'village',
  township_officer: 'township',
  county_statistician: 'county',
  county_admin: 'county',
  security_admin: 'county',
  audit_admin: 'county',
  benefit_auditor: 'county',
  health_worker: 'county',
  case_officer: 'county',
};

export const hasPermission = (role: Role, p: Permission): boolean => ROLE_PERMISSIONS[role].includes(p);
