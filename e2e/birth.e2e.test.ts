/**
 * The village direct-reporting path (村直报) end to end, in Chromium against the built server:
 * a village worker reports a birth, the township approves it, the county confirms it, and the
 * child is then in the registry in the mother's household with its birth order.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page as ListPage, PersonDetail, PersonListItem } from '../web/src/api/types.js';
import {
  type RunningServer,
  collectPageErrors,
  daysAgo,
  launchBrowser,
  login,
  logout,
  newUserContext,
  screenshot,
  startServer,
  yearsBetween,
} from './helpers.js';

const XINPU_VILLAGE = '430623101208'; // 新铺村, the demo village worker's unit

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

/** A woman of 新铺村 aged 20–40 at the birth, living in a household, as the registry has her. */
async function pickMother(context: BrowserContext, birthDate: string): Promise<PersonDetail> {
  for (let page = 1; page <= 20; page++) {
    const response = await context.request.get(
      `/api/persons?unitId=${XINPU_VILLAGE}&status=active&page=${page}&pageSize=100`,
    );
    expect(response.ok(), await response.text()).toBe(true);
    const list = (await response.json()) as ListPage<PersonListItem>;
    const women = list.items.filter((p) => {
      const age = yearsBetween(p.birthDate, birthDate);
      return p.sex === 2 && age >= 20 && age <= 40 && p.householdId !== null && p.idNumberMasked;
    });
    for (const woman of women) {
      const detail = (await (await context.request.get(`/api/persons/${woman.id}`)).json()) as PersonDetail;
      if (detail.household) return detail;
    }
    if (page * 100 >= list.total) break;
  }
  throw new Error('the demo registry has no woman of childbearing age in 新铺村');
}

async function fillDate(page: Page, selector: string, iso: string) {
  const input = page.locator(selector);
  await input.click();
  await input.fill(iso);
  await input.press('Enter');
}

describe('村直报: a birth from the village to the registry', () => {
  it('a village worker reports a birth; the township approves it; the county confirms it; the child is registered', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);

    // The village worker logs in.
    await page.goto('/');
    await page.getByTestId('login-submit').waitFor();
    await screenshot(page, '01-login');
    await login(page, 'village');
    await expect(page.getByTestId('demo-tag').textContent()).resolves.toContain('演示账户');
    await expect(page.getByTestId('user-unit').textContent()).resolves.toContain('新铺村');
    await page.getByTestId('todo-count-returned').waitFor();
    await screenshot(page, '02-village-todo');

    const birthDate = daysAgo(5);
    const mother = await pickMother(context, birthDate);
    const motherPerson = mother.person;
    const surname = motherPerson.name.slice(0, 1);
    const given = ['晓', '雨', '欣', '思', '梓', '语', '佳', '诗'];
    const childName = `${surname}${given[Date.now() % 8]}${given[Math.floor(Date.now() / 8) % 8]}`;
    const expectedOrder = mother.children.length + 1;

    // She opens the birth form from the menu.
    await page.getByTestId('menu-newReport').click();
    await page.getByTestId('choose-type-birth').click();
    await page.getByTestId('report-form-birth').waitFor();

    // The mother is searched by name and picked by her (masked) ID number.
    const motherSearch = page.locator('#payload_motherId');
    await motherSearch.click();
    await motherSearch.pressSequentially(motherPerson.name, { delay: 30 });
    const option = page
      .locator('.ant-select-item-option')
      .filter({ hasText: motherPerson.idNumberMasked ?? motherPerson.name });
    await option.first().waitFor({ timeout: 15_000 });
    await screenshot(page, '03-mother-search');
    await option.first().click();

    // The child's particulars.
    await fillDate(page, '#eventDate', birthDate);
    await page.locator('#payload_child_name').fill(childName);
    await page.getByTestId('child-sex-2').click();
    await page.locator('#payload_weightGrams').fill('3250');
    await page.locator('#payload_gestationalWeeks').fill('39');
    await page.locator('#payload_hospitalName').fill('华容县人民医院');
    await screenshot(page, '04-birth-form-filled');

    await page.getByTestId('report-submit').click();
    await page.waitForURL(/\/reports\/[^/]+$/, { timeout: 20_000 });
    const reportId = new URL(page.url()).pathname.split('/').pop()!;
    await expect(page.getByTestId('report-status').first().getAttribute('data-status')).resolves.toBe('submitted');
    await screenshot(page, '05-report-submitted');
    await logout(page);

    // The township officer finds it in his review queue and approves it.
    await login(page, 'township');
    await page.getByTestId('menu-review').click();
    const reviewRow = page.locator(`[data-report-id="${reportId}"]`);
    await reviewRow.waitFor({ timeout: 15_000 });
    await screenshot(page, '06-township-queue');
    await reviewRow.getByTestId('row-approve').click();
    await page.getByTestId('confirm-ok').click();
    await reviewRow.waitFor({ state: 'detached', timeout: 15_000 });
    await logout(page);

    // The county statistician confirms it.
    await login(page, 'county');
    await page.getByTestId('menu-confirm').click();
    const confirmRow = page.locator(`[data-report-id="${reportId}"]`);
    await confirmRow.waitFor({ timeout: 15_000 });
    await screenshot(page, '07-county-queue');
    await confirmRow.getByTestId('row-confirm').click();
    await page.getByTestId('confirm-ok').click();
    await confirmRow.waitFor({ state: 'detached', timeout: 15_000 });

    await page.goto(`/reports/${reportId}`);
    await expect(page.getByTestId('report-status').first().getAttribute('data-status')).resolves.toBe('confirmed');
    const actions = await page
      .getByTestId('report-timeline-item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(['submit', 'approve', 'confirm']);
    await expect
      .poll(() => page.getByTestId('report-result-person').textContent(), { timeout: 10_000 })
      .toBe(childName);
    await screenshot(page, '08-report-confirmed');

    // The child is now in the registry: the person search finds it by name.
    await page.getByTestId('menu-persons').click();
    const searchBox = page.getByTestId('person-search-input').locator('input');
    await searchBox.fill(childName);
    await searchBox.press('Enter');
    const childRow = page.getByTestId('person-row').filter({ hasText: childName }).filter({ hasText: birthDate });
    await childRow.first().waitFor({ timeout: 15_000 });
    await screenshot(page, '09-person-search');
    await childRow.first().click();

    // Its person page shows the mother, the mother's household and the birth order.
    await page.getByTestId('person-page').waitFor();
    await expect(page.getByTestId('person-name').textContent()).resolves.toBe(childName);
    await expect(page.getByTestId('person-mother').textContent()).resolves.toBe(motherPerson.name);
    await expect(page.getByTestId('household-number').textContent()).resolves.toBe(mother.household!.householdNumber);
    await expect(page.getByTestId('person-birth-order').textContent()).resolves.toContain(String(expectedOrder));
    await expect(page.getByTestId('household-members').textContent()).resolves.toContain(motherPerson.name);
    await screenshot(page, '10-child-person-page');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('switching the language to English changes the menu, and the choice is remembered', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    await login(page, 'village');
    await expect(page.getByTestId('menu-todo').textContent()).resolves.toBe('待办事项');
    await expect(page.getByTestId('menu-persons').textContent()).resolves.toBe('人口查询');

    await page.getByTestId('lang-en').click();
    await expect(page.getByTestId('menu-todo').textContent()).resolves.toBe('To do');
    await expect(page.getByTestId('menu-persons').textContent()).resolves.toBe('Person search');
    await expect(page.getByTestId('demo-tag').textContent()).resolves.toBe('Demo account');
    await screenshot(page, '11-english');

    await page.reload();
    await page.getByTestId('menu-todo').waitFor();
    await expect(page.getByTestId('menu-todo').textContent()).resolves.toBe('To do');

    await page.getByTestId('lang-zh').click();
    await expect(page.getByTestId('menu-todo').textContent()).resolves.toBe('待办事项');
    await context.close();
  });
});
