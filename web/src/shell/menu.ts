import type { Me } from '../api/types.js';

export type MenuKey =
  | 'todo'
  | 'newReport'
  | 'myReports'
  | 'review'
  | 'confirm'
  | 'allReports'
  | 'persons'
  | 'households'
  | 'dashboard'
  | 'indicators'
  | 'quality'
  | 'annualReport'
  | 'imports'
  | 'feeds'
  | 'linkage'
  | 'benefits'
  | 'dispensers'
  | 'cases'
  | 'petitions'
  | 'care'
  | 'health'
  | 'org'
  | 'users'
  | 'audit';

export const MENU_PATHS: Record<MenuKey, string> = {
  todo: '/',
  newReport: '/reports/new',
  myReports: '/reports/mine',
  review: '/review',
  confirm: '/confirm',
  allReports: '/reports',
  persons: '/persons',
  households: '/households',
  dashboard: '/dashboard',
  indicators: '/indicators',
  quality: '/quality',
  annualReport: '/annual-report',
  imports: '/imports',
  feeds: '/feeds',
  linkage: '/linkage',
  benefits: '/benefits',
  dispensers: '/dispensers',
  cases: '/cases',
  petitions: '/petitions',
  care: '/care',
  health: '/health',
  org: '/org',
  users: '/users',
  audit: '/audit',
};

/** Who may import files (docs/import.md): the holders of `import.run` — county and townships. */
export const mayImport = (me: Me): boolean => me.permissions.includes('import.run');

/** The side menu follows the caller's permissions, so a new role needs no change here. */
export function menuFor(me: Me): MenuKey[] {
  const can = (p: string) => me.permissions.includes(p);
  const keys: MenuKey[] = [];
  const reports = can('report.create') || can('report.review') || can('report.confirm');
  if (reports) keys.push('todo');
  if (can('report.create')) keys.push('newReport', 'myReports');
  if (can('report.review')) keys.push('review');
  if (can('report.confirm')) keys.push('confirm');
  if ((can('report.review') || can('report.confirm')) && !can('report.create')) {
    keys.push('allReports');
  }
  if (can('person.read')) keys.push('persons', 'households', 'dashboard', 'indicators', 'quality', 'annualReport');
  if (mayImport(me)) keys.push('imports');
  if (can('feed.manage')) keys.push('feeds');
  // Reviewers decide pairs; villages answer their tasks; whoever runs linkage (feed.manage) reads its findings.
  if (can('linkage.review') || can('report.create') || can('feed.manage')) keys.push('linkage');
  // The county runs the programs and pays; villages verify, townships review; the funds auditor reads.
  if (
    ['benefit.manage', 'benefit.verify', 'benefit.review', 'benefit.approve', 'benefit.pay', 'benefit.audit'].some(can)
  )
    keys.push('benefits');
  // Issue 7's registers: screenings and follow-ups, family care, petitions, 两非 cases, dispensing machines.
  if (['health.record', 'health.findings', 'health.followup', 'health.read'].some(can)) keys.push('health');
  if (can('care.manage') || can('care.grant')) keys.push('care');
  if (can('petition.register') || can('petition.handle')) keys.push('petitions');
  if (can('case.handle')) keys.push('cases');
  if (can('dispenser.manage')) keys.push('dispensers');
  // The county administrator keeps the division tree: merges, splits, village groups.
  if (can('org.manage')) keys.push('org');
  if (can('user.manage')) keys.push('users');
  if (can('audit.read')) keys.push('audit');
  return keys;
}

/**
 * Where a user lands after login: the county statistician (who confirms reports and reads the
 * county's figures) on the dashboard — the to-do list stays at / in the menu; everyone else on the
 * to-do list when they have reports to handle.
 */
export function homePath(me: Me): string {
  const can = (p: string) => me.permissions.includes(p);
  if (me.unit.level === 'county' && can('report.confirm') && can('person.read')) return MENU_PATHS.dashboard;
  const keys = menuFor(me);
  // Health workers and case officers read the registry only to find people: they land on their own register.
  const register = (['health', 'cases'] as const).find((k) => keys.includes(k));
  if (register && !keys.includes('todo')) return MENU_PATHS[register];
  const first = keys[0];
  return first ? MENU_PATHS[first] : '/persons';
}

/** The menu entry to highlight for a location. */
export function selectedMenuKey(pathname: string, keys: MenuKey[]): MenuKey | undefined {
  let best: MenuKey | undefined;
  let bestLength = -1;
  for (const key of keys) {
    const path = MENU_PATHS[key];
    const hit = path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);
    if (hit && path.length > bestLength) {
      best = key;
      bestLength = path.length;
    }
  }
  return best;
}
