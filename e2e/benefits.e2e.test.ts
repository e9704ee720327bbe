/**
 * A benefit program's whole yearly cycle (issue 6) in Chromium against the built server with the
 * small demo county: the county generates the year's roster of the rural reward from the
 * registry; a village worker verifies her village's candidates and publishes the public notice
 * (公示); the township reviews; the notice period runs out (the test moves the notice's dates back
 * while the server is stopped, as time would); the county approves; the payees' one-card accounts
 * are registered (one in the web app, the rest by the API); the county makes a payment batch,
 * another county officer approves it, it is exported in the bank's file format, the bank's result
 * file comes back and the batch is reconciled; the funds auditor reads the payments.
 */
import { PGlite } from '@electric-sql/pglite';
import iconv from 'iconv-lite';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningServer,
  collectPageErrors,
  DEMO_PASSWORD,
  launchBrowser,
  login,
  newUserContext,
  screenshot,
  startServer,
} from './helpers.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function sessionOf(username: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function call<T>(cookie: string, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.baseUrl}${url}`, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  expect(res.status, `${method} ${url}: ${text}`).toBeLessThan(300);
  return JSON.parse(text) as T;
}

/** Chooses an option of an antd select; the opening animation can swallow a click under load. */
async function choose(page: Page, testId: string, text: string | RegExp): Promise<void> {
  await expect
    .poll(
      async () => {
        if ((await page.locator('.ant-select-dropdown:visible').count()) === 0) await page.getByTestId(testId).click();
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option')
          .filter({ hasText: text })
          .first()
          .click({ timeout: 5_000 })
          .catch(() => undefined);
        return page.getByTestId(testId).textContent();
      },
      { timeout: 30_000 },
    )
    .toMatch(text);
}

/** A valid 19-digit card number (Luhn check digit), as the bank issues one-card accounts. */
function cardNumber(n: number): string {
  const body = `621799${String(n).padStart(12, '0')}`;
  for (let d = 0; d <= 9; d++) {
    const digits = body + d;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let x = digits.charCodeAt(digits.length - 1 - i) - 48;
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error('unreachable');
}

type Candidate = { id: string; personId: string; name: string; unitId: string; outcome: string; status: string };
type CandidatePage = { items: Candidate[]; total: number };

const PROGRAM = 'rural_reward';
const YEAR = new Date().getFullYear();

describe('a yearly cycle of the rural reward, from the registry to the bank and back', () => {
  let cycleId: string;
  let village: { unitId: string; worker: string; township: string };
  let payees: Candidate[];

  it('the county generates the roster from the registry', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'county');
    await page.goto('/benefits/cycles');
    await page.getByTestId('cycle-generate-form').waitFor();
    await choose(page, 'cycle-program', '农村部分计划生育家庭奖励扶助');
    // antd puts the test id on the input itself or on its wrapper, depending on the version.
    const year = page.getByTestId('cycle-year');
    const yearInput = (await year.evaluate((el) => el.tagName)) === 'INPUT' ? year : year.locator('input');
    await yearInput.fill(String(YEAR));
    await page.getByTestId('cycle-generate').click();
    await page.getByTestId(`cycle-open-${PROGRAM}-${YEAR}`).waitFor({ timeout: 120_000 });
    await screenshot(page, '60-benefits-generated');
    expect(errors).toEqual([]);
    await context.close();

    const county = await sessionOf('county');
    const cycles = await call<Array<{ id: string; programCode: string; year: number }>>(
      county,
      'GET',
      '/api/benefits/cycles',
    );
    cycleId = cycles.find((c) => c.programCode === PROGRAM && c.year === YEAR)!.id;
    // The village with the most eligible candidates; its worker is v<code>, its township's officer t<code>.
    const all = await call<CandidatePage>(
      county,
      'GET',
      `/api/benefits/cycles/${cycleId}/candidates?outcome=yes&pageSize=200`,
    );
    expect(all.total, 'the small demo county has rural-reward candidates').toBeGreaterThan(0);
    const perVillage = new Map<string, number>();
    for (const c of all.items) perVillage.set(c.unitId, (perVillage.get(c.unitId) ?? 0) + 1);
    const unitId = [...perVillage.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const demoWorkers: Record<string, string> = { '430623101208': 'village', '430623101213': 'village2' };
    village = {
      unitId,
      worker: demoWorkers[unitId] ?? `v${unitId}`,
      township: unitId.startsWith('430623101') ? 'township' : `t${unitId.slice(0, 9)}`,
    };
  });

  it('the village verifies its candidates and publishes the notice with masked ID numbers', async () => {
    const cookie = await sessionOf(village.worker);
    const mine = await call<CandidatePage>(cookie, 'GET', `/api/benefits/cycles/${cycleId}/candidates?pageSize=200`);
    expect(mine.items.every((c) => c.unitId === village.unitId)).toBe(true);
    const eligible = mine.items.filter((c) => c.outcome === 'yes');
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, village.worker);
    await page.goto(`/benefits/workflow?cycle=${cycleId}`);
    await page.getByTestId('workflow-candidate-table').waitFor({ timeout: 30_000 });
    for (const c of eligible) await page.getByTestId(`workflow-select-${c.personId}`).click();
    await page.getByTestId('workflow-verify-eligible').click();
    await expect
      .poll(() => page.getByTestId(`workflow-select-${eligible[0]!.personId}`).count(), { timeout: 30_000 })
      .toBe(0);
    // Anyone the rules could not decide is not eligible until the village records the missing fact.
    const rest = mine.items.filter((c) => c.outcome !== 'yes');
    if (rest.length > 0) {
      for (const c of rest) await page.getByTestId(`workflow-select-${c.personId}`).click();
      await page.getByTestId('workflow-verify-not-eligible').click();
      await page.locator('.ant-modal:visible textarea').fill('经入户核实，不符合条件');
      await page.locator('.ant-modal:visible .ant-btn-primary').click();
      await expect
        .poll(() => page.getByTestId(`workflow-select-${rest[0]!.personId}`).count(), { timeout: 30_000 })
        .toBe(0);
    }
    await page.getByTestId(`workflow-notice-publish-${village.unitId}`).click();
    await page.getByTestId('notice-publish-submit').click();
    await page.getByTestId(`workflow-notice-open-${village.unitId}`).waitFor({ timeout: 30_000 });
    await page.getByTestId(`workflow-notice-open-${village.unitId}`).click();
    await page.getByTestId('notice-sheet').waitFor({ timeout: 30_000 });
    const sheet = (await page.getByTestId('notice-sheet').textContent()) ?? '';
    expect(sheet).toContain(eligible[0]!.name);
    // Masked: no 18-character ID number is printed.
    expect(sheet).not.toMatch(/\d{17}[\dX]/);
    await screenshot(page, '61-benefits-notice');
    expect(errors).toEqual([]);
    await context.close();
    payees = eligible;
  });

  it('the township reviews the village', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    await login(page, village.township);
    await page.goto(`/benefits/workflow?cycle=${cycleId}`);
    await page.getByTestId('workflow-candidate-table').waitFor({ timeout: 30_000 });
    for (const c of payees) await page.getByTestId(`workflow-select-${c.personId}`).click();
    await page.getByTestId('workflow-review').click();
    await expect
      .poll(() => page.getByTestId(`workflow-select-${payees[0]!.personId}`).count(), { timeout: 30_000 })
      .toBe(0);
    await context.close();
  });

  it('once the notice period has run out with no objection, the county approves', async () => {
    const county = await sessionOf('county');
    const reviewed = await call<CandidatePage & { items: Array<Candidate & { version: number }> }>(
      county,
      'GET',
      `/api/benefits/cycles/${cycleId}/candidates?unitId=${village.unitId}&status=reviewed&pageSize=200`,
    );
    expect(reviewed.total).toBe(payees.length);
    const early = await fetch(`${server.baseUrl}/api/benefits/candidates/approve`, {
      method: 'POST',
      headers: { cookie: county, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ id: reviewed.items[0]!.id, version: reviewed.items[0]!.version }] }),
    });
    const refusal = (await early.json()) as { message: string };
    expect(early.status, 'approval during the notice is refused').toBe(409);
    expect(refusal.message).toContain('公示');

    // Ten days pass: the server is stopped and the notice's dates are moved back by ten days.
    await server.restart(async (dataDir) => {
      const db = new PGlite(path.join(dataDir, 'pgdata'));
      await db.query(
        `UPDATE benefit_notice SET published_on = published_on - 10, ends_on = ends_on - 10 WHERE cycle_id = $1`,
        [cycleId],
      );
      await db.close();
    });

    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'county');
    await page.goto(`/benefits/workflow?cycle=${cycleId}`);
    await page.getByTestId('workflow-candidate-table').waitFor({ timeout: 30_000 });
    for (const c of payees) await page.getByTestId(`workflow-select-${c.personId}`).click();
    await page.getByTestId('workflow-approve').click();
    await expect
      .poll(() => page.getByTestId(`workflow-select-${payees[0]!.personId}`).count(), { timeout: 30_000 })
      .toBe(0);
    await screenshot(page, '62-benefits-approved');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the village registers the payees’ one-card accounts, masked in the list', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    await login(page, village.worker);
    await page.goto('/benefits/payments');
    await page.getByTestId('payments-tab-accounts').click();
    const first = payees[0]!;
    await page.getByTestId('account-search').fill(first.name);
    await page.getByTestId('account-search-submit').click();
    await page.getByTestId(`account-edit-${first.personId}`).click();
    await page.getByTestId('account-form-bank').fill('华容县农村商业银行');
    await page.getByTestId('account-form-number').fill(cardNumber(7000));
    await page.getByTestId('account-form-holder').fill(first.name);
    await page.getByTestId('account-form-save').click();
    await expect
      .poll(() => page.getByTestId(`account-number-${first.personId}`).textContent(), { timeout: 30_000 })
      .toMatch(/\*+.*\d{4}$/);
    await context.close();
    const cookie = await sessionOf(village.worker);
    for (const [i, c] of payees.slice(1).entries())
      await call(cookie, 'PUT', `/api/benefits/accounts/${c.personId}`, {
        bankName: '华容县农村商业银行',
        accountNumber: cardNumber(7001 + i),
        holderName: c.name,
      });
  });

  it('the county pays: a batch, approved by another officer, exported, reconciled from the bank’s result file', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'county');
    await page.goto('/benefits/payments');
    await choose(page, 'payments-cycle-select', String(YEAR));
    await choose(page, 'batch-make-period', String(YEAR));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    await page.getByTestId('batch-make-dueOn').fill(today);
    await page.getByTestId('batch-make-submit').click();
    // The new batch opens; everyone with an account is in it.
    await page.getByTestId('batch-detail').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('batch-status').textContent(), { timeout: 30_000 }).toContain('待批准');
    await screenshot(page, '63-benefits-batch');
    await context.close();

    const admin = await newUserContext(browser, server.baseUrl);
    const adminPage = await admin.newPage();
    await login(adminPage, 'admin');
    await adminPage.goto('/benefits/payments');
    await choose(adminPage, 'payments-cycle-select', String(YEAR));
    await adminPage.getByTestId(`batch-open-${YEAR}-0`).click();
    await adminPage.getByTestId('batch-approve').click();
    await expect
      .poll(() => adminPage.getByTestId('batch-status').textContent(), { timeout: 30_000 })
      .toContain('已批准');
    const [download] = await Promise.all([
      adminPage.waitForEvent('download'),
      adminPage.getByTestId('batch-export-txt').click(),
    ]);
    const exported = await import('node:fs').then((fs) => download.path().then((p) => fs.readFileSync(p!)));
    const lines = iconv.decode(exported, 'gb18030').split('\r\n').filter(Boolean);
    // The header's count and the detail lines agree; every payee has a line.
    expect(lines.length - 1).toBe(payees.length);
    for (const c of payees) expect(lines.some((l) => l.includes(c.name))).toBe(true);
    const result = [
      lines[0]!,
      ...lines.slice(1).map((l) => `${l}|成功||YH${l.split('|')[0]!.padStart(6, '0')}|${today}`),
    ].join('\r\n');
    await adminPage.getByTestId('batch-result-file').setInputFiles({
      name: '回盘.txt',
      mimeType: 'text/plain',
      buffer: iconv.encode(`${result}\r\n`, 'gbk'),
    });
    await expect
      .poll(() => adminPage.getByTestId('batch-summary-pending').textContent(), { timeout: 30_000 })
      .toMatch(/^0 笔/);
    expect(await adminPage.getByTestId('batch-summary-paid').textContent()).toMatch(new RegExp(`^${payees.length} 笔`));
    await expect
      .poll(() => adminPage.getByTestId('batch-status').textContent(), { timeout: 30_000 })
      .toContain('已对账');
    await screenshot(adminPage, '64-benefits-reconciled');
    expect(errors).toEqual([]);
    await admin.close();
  });

  it('the funds auditor reads every payment, read-only', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'fundaudit');
    await page.goto('/benefits');
    await page.getByTestId('benefits-tab-fundAudit').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('body').textContent(), { timeout: 30_000 }).toContain(payees[0]!.name);
    await screenshot(page, '65-benefits-fund-audit');
    expect(errors).toEqual([]);
    await context.close();
    const auditor = await sessionOf('fundaudit');
    const res = await fetch(`${server.baseUrl}/api/benefits/cycles`, {
      method: 'POST',
      headers: { cookie: auditor, 'content-type': 'application/json' },
      body: JSON.stringify({ programCode: PROGRAM, year: YEAR }),
    });
    expect(res.status).toBe(403);
  });
});
