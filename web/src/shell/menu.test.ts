import { describe, expect, it } from 'vitest';
import type { Me } from '../api/types.js';
import { homePath, menuFor, selectedMenuKey } from './menu.js';

function user(role: Me['role'], permissions: string[]): Me {
  return {
    id: '1',
    username: role,
    displayName: role,
    role,
    unit: { id: '430623', name: '华容县', level: 'county' },
    isDemo: true,
    mustChangePassword: false,
    permissions,
  };
}

describe('the side menu follows what a user may do', () => {
  it('gives a village worker reporting and person search, not review', () => {
    const keys = menuFor(user('village_worker', ['report.create', 'person.read', 'benefit.verify']));
    expect(keys).toEqual([
      'todo',
      'newReport',
      'myReports',
      'persons',
      'households',
      'dashboard',
      'indicators',
      'quality',
      'annualReport',
      'linkage',
      'benefits',
    ]);
  });

  it('gives record linkage to reviewers, to village workers (their verification tasks) and to whoever runs it, not to others', () => {
    expect(menuFor(user('township_officer', ['report.review', 'person.read', 'linkage.review']))).toContain('linkage');
    expect(menuFor(user('village_worker', ['report.create', 'person.read']))).toContain('linkage');
    expect(menuFor(user('county_admin', ['report.confirm', 'person.read', 'import.run', 'feed.manage']))).toContain(
      'linkage',
    );
    expect(menuFor(user('audit_admin', ['audit.read']))).not.toContain('linkage');
  });

  it('gives a township officer the review queue and the report list', () => {
    const keys = menuFor(user('township_officer', ['report.review', 'person.read', 'import.run', 'benefit.review']));
    expect(keys).toEqual([
      'todo',
      'review',
      'allReports',
      'persons',
      'households',
      'dashboard',
      'indicators',
      'quality',
      'annualReport',
      'imports',
      'benefits',
    ]);
  });

  it('gives benefits to the county that runs them and to the villages and townships that verify, not to the administrators', () => {
    expect(menuFor(user('county_statistician', ['report.confirm', 'person.read', 'benefit.manage']))).toContain(
      'benefits',
    );
    expect(menuFor(user('security_admin', ['user.manage']))).not.toContain('benefits');
    expect(menuFor(user('audit_admin', ['audit.read']))).not.toContain('benefits');
    expect(menuFor(user('benefit_auditor', ['benefit.audit']))).toEqual(['benefits']);
  });

  it("gives issue 7's registers by permission, and lands health workers and case officers on theirs", () => {
    const health = user('health_worker', ['person.read', 'health.record', 'health.findings', 'health.followup']);
    expect(menuFor(health)).toContain('health');
    expect(menuFor(health)).not.toContain('cases');
    expect(homePath(health)).toBe('/health');
    const cases = user('case_officer', ['person.read', 'case.handle']);
    expect(menuFor(cases)).toContain('cases');
    expect(menuFor(cases)).not.toContain('health');
    expect(homePath(cases)).toBe('/cases');
    const village = user('village_worker', [
      'report.create',
      'person.read',
      'health.followup',
      'care.manage',
      'petition.handle',
      'dispenser.manage',
    ]);
    expect(menuFor(village)).toEqual(expect.arrayContaining(['health', 'care', 'petitions', 'dispensers']));
    expect(menuFor(village)).not.toContain('cases');
    expect(homePath(village)).toBe('/');
    expect(menuFor(user('county_admin', ['report.confirm', 'person.read']))).not.toContain('cases');
  });

  it('gives the import page to those who may import (import.run), not to a village worker', () => {
    expect(menuFor(user('county_statistician', ['report.confirm', 'person.read', 'import.run']))).toContain('imports');
    expect(menuFor(user('county_admin', ['report.confirm', 'person.read', 'import.run']))).toContain('imports');
    // The page follows the permission, not the role.
    expect(menuFor(user('county_statistician', ['report.confirm', 'person.read']))).not.toContain('imports');
    expect(menuFor(user('village_worker', ['report.create', 'person.read']))).not.toContain('imports');
    expect(menuFor(user('audit_admin', ['audit.read']))).not.toContain('imports');
  });

  it('gives the division page to whoever holds org.manage (the county administrator), not to others', () => {
    const admin = menuFor(user('county_admin', ['report.confirm', 'person.read', 'org.manage']));
    expect(admin).toContain('org');
    expect(admin.indexOf('org')).toBeGreaterThan(admin.indexOf('imports'));
    expect(menuFor(user('county_statistician', ['report.confirm', 'person.read']))).not.toContain('org');
    expect(menuFor(user('township_officer', ['report.review', 'person.read']))).not.toContain('org');
    expect(menuFor(user('security_admin', ['user.manage']))).not.toContain('org');
    expect(selectedMenuKey('/org', ['todo', 'org'])).toBe('org');
  });

  it('sends a security administrator straight to the users page', () => {
    const me = user('security_admin', ['user.manage']);
    expect(menuFor(me)).toEqual(['users']);
    expect(homePath(me)).toBe('/users');
  });

  it('lands the county statistician on the dashboard, with the to-do list still first in the menu', () => {
    const me = user('county_statistician', ['report.confirm', 'person.read']);
    expect(homePath(me)).toBe('/dashboard');
    expect(menuFor(me)[0]).toBe('todo');
    expect(homePath(user('village_worker', ['report.create', 'person.read']))).toBe('/');
    expect(
      homePath({
        ...user('township_officer', ['report.review', 'person.read']),
        unit: { id: '430623101', name: '三封寺镇', level: 'township' },
      }),
    ).toBe('/');
  });

  it('highlights the most specific entry for a page', () => {
    const keys = menuFor(user('village_worker', ['report.create', 'person.read']));
    expect(selectedMenuKey('/reports/new/birth', keys)).toBe('newReport');
    expect(selectedMenuKey('/reports/mine', keys)).toBe('myReports');
    expect(selectedMenuKey('/persons/42', keys)).toBe('persons');
    expect(selectedMenuKey('/households/7', keys)).toBe('households');
    expect(selectedMenuKey('/', keys)).toBe('todo');
  });
});
