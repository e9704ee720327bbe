/**
 * A positive screening followed up to closure (issue 7) in Chromium against the built server with
 * the small demo county: the county's maternal and child health worker records an abnormal
 * cervical cancer screening of a woman of 新铺村 with its findings, which opens a follow-up; the
 * village worker of 新铺村 sees it due in her list with the findings masked and records a phone
 * call; the township officer records the clinic recheck that closes it as treated; the follow-up
 * shows closed, and the findings were opened only by the roles that may read them.
 */
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
  yearsBetween,
} from './helpers.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // The first start seeds the demo county; a loaded machine needs more than the default wait.
  server = await startServer(170_000);
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

type Person = { id: string; name: string; idNumberMasked: string | null; birthDate: string; sex: number };
type Followup = {
  id: string;
  status: 'open' | 'closed';
  outcome: string | null;
  dueState: string;
  version: number;
  service: { findings: string | null; findingsMasked: boolean };
  contacts: Array<{ method: string; closes: boolean }>;
};

const VILLAGE = '430623101208';
const FINDINGS = 'HPV16 阳性，TCT 示 ASC-US，建议阴道镜检查';

describe('a positive screening followed up to closure', () => {
  let woman: Person;
  let followupId: string;

  it('the health worker records an abnormal cervical cancer screening, which opens a follow-up', async () => {
    // A woman of 新铺村 of the screening ages (35 to 64) whose name the person search finds.
    const health = await sessionOf('health');
    const women = await call<{ items: Person[] }>(
      health,
      'GET',
      `/api/persons?unitId=${VILLAGE}&sex=2&status=active&pageSize=100`,
    );
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const ofAge = women.items.filter(
      (p) => p.idNumberMasked && yearsBetween(p.birthDate, today) >= 35 && yearsBetween(p.birthDate, today) <= 60,
    );
    // The picker offers the first 20 people the county-wide search finds: take a name it finds few times.
    for (const p of ofAge) {
      const same = await call<{ total: number }>(
        health,
        'GET',
        `/api/persons?q=${encodeURIComponent(p.name)}&sex=2&status=active&pageSize=1`,
      );
      if (same.total <= 10) {
        woman = p;
        break;
      }
    }
    expect(woman, 'the small demo has women of the screening ages in 新铺村').toBeDefined();

    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'health');
    await page.goto('/health/services');
    await page.getByTestId('service-record').click();
    await page.getByTestId('service-form').waitFor();
    await choose(page, 'service-kind', '宫颈癌筛查');
    // She is found by name and picked by her masked ID number.
    const personSearch = page.locator('#personId');
    await personSearch.click();
    await personSearch.pressSequentially(woman.name, { delay: 30 });
    const option = page.locator('.ant-select-item-option').filter({ hasText: woman.idNumberMasked! });
    await option.first().waitFor({ timeout: 15_000 });
    await option.first().click();
    await page.getByTestId('service-place').fill('华容县妇幼保健院');
    await page.getByTestId('service-provider').fill('县妇幼保健院 吴静');
    await page.getByTestId('service-result-abnormal').click();
    // An abnormal result without its findings is refused before anything is sent.
    await page.getByTestId('service-submit').click();
    await page.getByText('结果异常时须填写检查所见').waitFor();
    await page.getByTestId('service-findings-input').fill(FINDINGS);
    // Due within 7 days, so that the village sees it among those due soon.
    const days = page.getByTestId('service-followup-days');
    // antd puts the test id on the input itself or on its wrapper, depending on the version.
    const daysInput = (await days.evaluate((el) => el.tagName)) === 'INPUT' ? days : days.locator('input');
    await daysInput.fill('7');
    await screenshot(page, '70-health-service-form');
    await page.getByTestId('service-submit').click();

    // The new record opens in its drawer with the findings in clear (the health worker may read them).
    await page.getByTestId('service-detail').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('service-findings').textContent()).toBe(FINDINGS);
    await screenshot(page, '71-health-service-recorded');
    await page.getByTestId('service-followup-link').click();
    await page.getByTestId('followup-detail').waitFor({ timeout: 30_000 });
    followupId = new URL(page.url()).searchParams.get('followup')!;
    expect(followupId).toBeTruthy();
    await expect(page.getByTestId('followup-detail').getAttribute('data-status')).resolves.toBe('open');
    expect(errors).toEqual([]);
    await context.close();

    const services = await call<{ items: Array<{ followupId: string | null; result: string }> }>(
      health,
      'GET',
      `/api/health/services?personId=${woman.id}`,
    );
    expect(services.items.find((s) => s.followupId === followupId)?.result).toBe('abnormal');
  });

  it('the village worker sees it due soon with the findings masked and records a phone call', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'village');
    // The follow-ups are the health page's first tab.
    await page.goto('/health');
    await page.waitForURL(/\/health\/followups/);
    await page.getByTestId('followup-due-soon').click();
    const row = page.locator(`[data-followup-id="${followupId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect(row.getByTestId('followup-due').getAttribute('data-state')).resolves.toBe('soon');
    await expect(row.textContent()).resolves.toContain(woman.name);
    await expect.poll(() => page.getByTestId('summary-total-soon').textContent()).toMatch(/^[1-9]\d*$/);
    await screenshot(page, '72-health-village-due');

    await page.getByTestId(`followup-open-${followupId}`).click();
    await page.getByTestId('followup-detail').waitFor({ timeout: 30_000 });
    await page.getByTestId('followup-findings-masked').waitFor();
    expect(await page.getByTestId('followup-detail').textContent()).not.toContain('HPV16');
    await page.getByTestId('contact-method-phone').click();
    await page.getByTestId('contact-note').fill('已电话通知本人，约定到县妇幼保健院复查');
    await page.getByTestId('contact-submit').click();
    await expect.poll(() => page.getByTestId('followup-contact').count(), { timeout: 30_000 }).toBe(1);
    await expect(page.getByTestId('followup-contact').getAttribute('data-method')).resolves.toBe('phone');
    await screenshot(page, '73-health-village-contact');
    expect(errors).toEqual([]);
    await context.close();

    // The server kept the findings back from her, too.
    const village = await sessionOf('village');
    const seen = await call<Followup>(village, 'GET', `/api/health/followups/${followupId}`);
    expect(seen.service.findings).toBeNull();
    expect(seen.service.findingsMasked).toBe(true);
  });

  it('the township records the clinic recheck that closes it as treated', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'township');
    await page.goto(`/health/followups?followup=${followupId}`);
    await page.getByTestId('followup-detail').waitFor({ timeout: 30_000 });
    // The township's health office may read the findings.
    await expect.poll(() => page.getByTestId('followup-findings').textContent()).toBe(FINDINGS);
    await page.getByTestId('contact-method-clinic').click();
    await page.getByTestId('contact-note').fill('已在县妇幼保健院行阴道镜检查及治疗');
    await page.getByTestId('contact-close').click();
    await choose(page, 'contact-outcome', '已治疗');
    await page.getByTestId('contact-submit').click();
    await expect
      .poll(() => page.getByTestId('followup-detail').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('closed');
    await expect(page.getByTestId('followup-outcome').getAttribute('data-outcome')).resolves.toBe('treated');
    await expect(page.getByTestId('followup-contact').count()).resolves.toBe(2);
    await screenshot(page, '74-health-township-closed');

    // It has left the open list and shows among the closed ones.
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('followup-status-closed').click();
    const row = page.locator(`[data-followup-id="${followupId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect(row.getByTestId('followup-due').getAttribute('data-state')).resolves.toBe('closed');
    await screenshot(page, '75-health-closed-list');
    expect(errors).toEqual([]);
    await context.close();

    const health = await sessionOf('health');
    const closed = await call<Followup>(health, 'GET', `/api/health/followups/${followupId}`);
    expect(closed.status).toBe('closed');
    expect(closed.outcome).toBe('treated');
    expect(closed.contacts.map((c) => [c.method, c.closes])).toEqual([
      ['phone', false],
      ['clinic', true],
    ]);
  });
});
