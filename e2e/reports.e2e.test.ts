/**
 * Reading reports and the registry without side effects, in Chromium against the built server:
 * lists show why a report came back, a report names the persons it refers to, a person's history
 * says who confirmed each change, and none of it opens records the user did not open (each open
 * is an audited view). The forms check ID numbers with the server's own algorithm.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Page as ListPage, PersonDetail, PersonListItem, Report, Todo } from '../web/src/api/types.js';
import { makeIdNumber } from '../web/src/lib/idNumber.js';
import {
  DEMO_PASSWORD,
  type RunningServer,
  collectPageErrors,
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

async function getJson<T>(context: BrowserContext, url: string): Promise<T> {
  const response = await context.request.get(url);
  expect(response.ok(), `${url}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** What the audit log holds for one user and action, read by the audit administrator. */
async function auditRows(username: string, action: string): Promise<AuditEntry[]> {
  const context = await browser.newContext({ baseURL: server.baseUrl });
  const answer = await context.request.post('/api/auth/login', {
    data: { username: 'auditor', password: DEMO_PASSWORD },
  });
  expect(answer.ok()).toBe(true);
  const rows = await getJson<ListPage<AuditEntry>>(
    context,
    `/api/audit?username=${username}&action=${action}&pageSize=200`,
  );
  await context.close();
  return rows.items.filter((r) => r.username === username && r.action === action);
}

async function fillDate(page: Page, selector: string, iso: string) {
  const input = page.locator(selector);
  await input.click();
  await input.fill(iso);
  await input.press('Enter');
}

describe('reading reports and the registry', () => {
  it('a village worker sees why a report came back on her to-do list, and its persons by name, without opening anything else', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'village');
    await page.getByTestId('todo-page').waitFor();

    // The demo county leaves her one returned birth report; the list shows its reason.
    const todo = await getJson<Todo>(context, '/api/todo');
    const returned = todo.items.find((i) => i.status === 'returned' && i.lastReason);
    expect(returned, 'the demo village has a returned report with a reason').toBeDefined();
    const row = page.getByTestId('todo-items').locator(`[data-report-id="${returned!.id}"]`);
    await expect
      .poll(() => row.getByTestId('report-row-return-reason').textContent(), { timeout: 10_000 })
      .toContain(returned!.lastReason!);
    await screenshot(page, '20-village-todo-return-reason');
    // Listing did not open the reports (each open would be an audited report view).
    expect(await auditRows('village', 'report.view')).toEqual([]);

    // The report page shows the reason and the mother and father by name, as links.
    await row.click();
    await page.getByTestId('report-page').waitFor();
    await expect(page.getByTestId('report-return-reason').textContent()).resolves.toContain(returned!.lastReason!);
    const report = await getJson<Report>(context, `/api/reports/${returned!.id}`);
    const motherId = report.payload.motherId as string;
    await expect(page.getByTestId('payload-motherId').textContent()).resolves.toBe(report.people[motherId]);
    await expect(page.getByTestId('payload-motherId').getAttribute('href')).resolves.toBe(`/persons/${motherId}`);
    await screenshot(page, '21-returned-report');
    // Naming them did not open their person records.
    expect(await auditRows('village', 'person.view')).toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  });

  it("a person's history says which county user confirmed each change and links to the report", async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    await login(page, 'county');

    // A person who died: the death came through a confirmed report.
    const dead = await getJson<ListPage<PersonListItem>>(context, '/api/persons?status=dead&pageSize=50');
    let detail: PersonDetail | undefined;
    for (const person of dead.items) {
      const d = await getJson<PersonDetail>(context, `/api/persons/${person.id}`);
      if (d.history.some((h) => h.change === 'death' && h.reportId && h.recordedBy)) {
        detail = d;
        break;
      }
    }
    expect(detail, 'the demo county has a death confirmed through a report').toBeDefined();
    const death = detail!.history.find((h) => h.change === 'death')!;

    await page.goto(`/persons/${detail!.person.id}`);
    const item = page.locator('[data-testid="person-history-item"][data-change="death"]');
    await expect(item.getByTestId('person-history-by').textContent()).resolves.toContain(`确认人：${death.recordedBy}`);
    await screenshot(page, '22-person-history');
    await item.getByTestId('person-history-report').click();
    await page.waitForURL(`**/reports/${death.reportId}`);
    await expect(page.getByTestId('report-subject').textContent()).resolves.toBe(detail!.person.name);
    await context.close();
  });

  it("a report form checks ID numbers and dates before sending, with the server's algorithm", async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'village');

    // 迁入: a mistyped check digit is caught in the browser.
    await page.goto('/reports/new/move_in');
    await page.getByTestId('report-form-move_in').waitFor();
    const good = makeIdNumber('430623', '1990-05-17', 123);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const idInput = page.locator('#payload_person_idNumber');
    await idInput.fill(bad);
    await idInput.blur();
    const idItem = page.locator('.ant-form-item').filter({ has: idInput });
    await expect.poll(() => idItem.locator('.ant-form-item-explain-error').textContent()).toContain('校验位不正确');
    await screenshot(page, '23-move-in-bad-id');
    await idInput.fill(good.toLowerCase());
    await idInput.blur();
    await expect.poll(() => idItem.locator('.ant-form-item-explain-error').count()).toBe(0);

    // 死亡: the shared person-and-date block refuses a date before the person's birth.
    const villagers = await getJson<ListPage<PersonListItem>>(
      context,
      '/api/persons?unitId=430623101208&status=active&pageSize=20',
    );
    const person = villagers.items.find((p) => p.birthDate > '1950-01-01' && p.idNumberMasked)!;
    await page.goto(`/reports/new/death?personId=${person.id}`);
    await page.getByTestId('report-form-death').waitFor();
    await expect
      .poll(() =>
        page
          .locator('#payload_personId')
          .locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')
          .textContent(),
      )
      .toContain(person.name);
    await fillDate(page, '#eventDate', '1949-12-31');
    const dateItem = page.locator('.ant-form-item').filter({ has: page.locator('#eventDate') });
    await expect.poll(() => dateItem.locator('.ant-form-item-explain-error').textContent()).toContain(person.birthDate);
    await page.getByTestId('page-title').click();
    await page.locator('.ant-picker-dropdown').waitFor({ state: 'hidden' });
    await screenshot(page, '24-death-before-birth');

    expect(errors).toEqual([]);
    await context.close();
  });
});
