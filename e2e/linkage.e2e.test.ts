/**
 * Record linkage (issue 5) in Chromium against the built server with the small demo county: the
 * county statistician receives the hospital's birth certificates (the demo feed, GBK), links the
 * batch to the registry from the linkage page, and sees its findings; the village worker of 复兴村,
 * where one certificate's mother lives without the birth in the registry, finds the task on her
 * to-do page, opens it and answers that the hospital's record is wrong, with her reason.
 */
import { readFileSync } from 'node:fs';
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
  REPO,
  screenshot,
  startServer,
} from './helpers.js';

const FEED = path.join(REPO, 'server/src/feeds/fixtures/demo-hospital-birth-2026-11.csv');
const REASON = '产妇丁雨欣已随丈夫迁往岳阳市，孩子在岳阳落户';

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

/** A session cookie for calls the test makes besides the browser's. */
async function sessionOf(username: string): Promise<string> {
  const res = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function getJson<T>(cookie: string, url: string): Promise<T> {
  const res = await fetch(`${server.baseUrl}${url}`, { headers: { cookie } });
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
}

type Findings = {
  total: number;
  items: Array<{ kind: string; unitName: string | null; taskStatus: string | null; resolutionNote: string | null }>;
};

describe('linking a hospital feed and resolving the village’s task', () => {
  let batchId: string;

  beforeAll(async () => {
    // The upload is the feeds page's business (tested there): the hospital's file goes in by the API.
    const cookie = await sessionOf('county');
    const form = new FormData();
    form.set('feedType', 'hospital_birth');
    form.set('encoding', 'auto');
    form.set('file', new Blob([readFileSync(FEED)]), 'demo-hospital-birth-2026-11.csv');
    const res = await fetch(`${server.baseUrl}/api/feeds`, { method: 'POST', headers: { cookie }, body: form });
    const body = (await res.json()) as { outcome: string; batch: { id: string; recordCount: number } };
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.batch.recordCount).toBe(5);
    batchId = body.batch.id;
  });

  it('the county statistician links the batch and sees a task per certificate missing from the registry', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    try {
      await login(page, 'county');
      await page.goto(`/linkage/tasks?task=all&batchId=${batchId}`);
      const panel = page.getByTestId('linkage-run-panel');
      await panel.waitFor();
      // The batch's state comes in after the panel itself: wait for it (under load it lags).
      await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toContain('尚未与登记库比对');
      await page.getByTestId('linkage-run').click();
      // The batch's findings per kind, from the run just made.
      const findings = page.getByTestId('linkage-run-findings');
      await findings.waitFor({ timeout: 60_000 });
      await expect(findings.textContent()).resolves.toMatch(/疑似漏报\s*4/);
      await expect(findings.textContent()).resolves.toMatch(/未匹配\s*1/);
      const table = page.getByTestId('finding-table');
      await table.getByText('丁雨欣').waitFor();
      expect(await table.locator('[data-testid="finding-missing"]').count()).toBe(4);
      expect(await table.locator('[data-testid="finding-unmatched"]').count()).toBe(1);
      await screenshot(page, 'linkage-county-batch-findings');

      // The figures: the four certificates about the county were all linked; none of the births is registered.
      await page.getByTestId('linkage-tab-figures').click();
      await page.getByTestId('figures-by-feed').getByText('医院出生医学证明').waitFor();
      await expect(page.getByTestId('figures-by-feed').textContent()).resolves.toContain('100.0%');
      await page.getByTestId('figures-completeness').waitFor();
      await screenshot(page, 'linkage-county-figures');

      // The same figures join the indicator catalogue, with the certificates behind them.
      await page.goto('/indicators?period=2026-11');
      const rate = page.getByTestId('value-birthUnderReportingRate');
      await rate.waitFor();
      await expect(rate.textContent()).resolves.toBe('100.00%');
      await page.getByTestId('records-birthUnderReportingRate-numerator').click();
      const drawer = page.getByTestId('records-drawer');
      await drawer.getByText('丁雨欣').first().waitFor();
      expect(await drawer.getByTestId('records-table').locator('tbody tr.ant-table-row').count()).toBe(4);
      await screenshot(page, 'linkage-indicator-records');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the village worker of 复兴村 sees the task on her to-do page and disputes it with a reason', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    try {
      await login(page, 'village2');
      const card = page.getByTestId('linkage-tasks-card');
      await card.waitFor();
      await expect(page.getByTestId('linkage-tasks-open').textContent()).resolves.toContain('1');
      await screenshot(page, 'linkage-village-todo');
      await page.getByTestId('linkage-tasks-go').click();
      await page.waitForURL('**/linkage/tasks');
      // No review tab for a village worker: her tasks and the figures.
      expect(await page.getByTestId('linkage-tab-review').count()).toBe(0);

      const row = page.getByTestId('finding-missing');
      await row.getByText('丁雨欣').waitFor();
      expect(await row.count()).toBe(1);
      await row.getByTestId('task-resolve').click();
      await page.getByTestId('resolve-form').waitFor();
      // "The feed is wrong" needs a reason.
      await page.getByTestId('resolve-disputed').click();
      await page.getByTestId('resolve-ok').click();
      await page.getByText('请说明部门数据为何有误').first().waitFor();
      await page.getByTestId('resolve-note').fill(REASON);
      await screenshot(page, 'linkage-village-resolve');
      await page.getByTestId('resolve-ok').click();
      await page.getByText('已处理核查任务').waitFor();
      await page.getByTestId('resolve-form').waitFor({ state: 'detached' });

      // Nothing open any more; among the resolved ones it shows with the reason.
      await page.getByText('没有符合条件的比对记录').waitFor();
      await page.goto('/linkage/tasks?task=resolved');
      const resolved = page.getByTestId('task-resolved');
      await resolved.waitFor();
      await expect(resolved.textContent()).resolves.toContain('部门数据有误');
      await expect(resolved.textContent()).resolves.toContain(REASON);
      await screenshot(page, 'linkage-village-resolved');

      // The server agrees, and the to-do page has no task card left.
      const cookie = await sessionOf('village2');
      const answer = await getJson<Findings>(cookie, '/api/linkage/findings?task=resolved');
      expect(answer.items).toMatchObject([
        { kind: 'missing', unitName: '复兴村', taskStatus: 'disputed', resolutionNote: REASON },
      ]);
      expect(await getJson(cookie, '/api/linkage/tasks/counts')).toEqual({ open: 0, overdue: 0 });
      await page.goto('/');
      await page.getByTestId('todo-page').waitFor();
      await page.getByTestId('todo-count-returned').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.getByTestId('linkage-tasks-card').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the village’s page in English too', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    await context.addInitScript(() => localStorage.setItem('renkou.language', 'en'));
    const page: Page = await context.newPage();
    const errors = collectPageErrors(page);
    try {
      await login(page, 'village2');
      await page.goto('/linkage/tasks?task=all');
      await page.getByTestId('task-resolved').getByText('Feed is wrong').waitFor();
      await page.getByTestId('linkage-tab-figures').click();
      await page.getByText('Completeness of birth registration (capture–recapture)').waitFor();
      await screenshot(page, 'linkage-village-en');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
