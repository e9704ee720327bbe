/**
 * Issue 4, the annual report and data quality in the browser: the county statistician makes the
 * 2016 annual report on screen and downloads it as PDF and Excel; she runs a data-quality scan and
 * reads the alerts, the rule violations and the funnel plot. A township officer sees her
 * township's data quality but may not start a county scan.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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

async function download(page: Page, testId: string) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId(testId).click(),
  ]);
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

describe('the annual report and data quality', () => {
  it('the county statistician makes the 2016 annual report and downloads it as PDF and Excel', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'county');
    await page.getByTestId('menu-annualReport').click();
    await page.getByTestId('annual-report-page').waitFor();
    await page.goto('/annual-report?year=2016');
    await expect
      .poll(() => page.getByTestId('annual-report-title').textContent(), { timeout: 30_000 })
      .toContain('华容县 2016 年');
    expect(await page.getByTestId('annual-report-status').textContent()).toContain('未发布');
    await page.getByTestId('annual-report-summary').waitFor();
    // 14 townships side by side below the summary.
    await page.getByTestId('annual-report-below').waitFor();
    expect(await page.getByTestId('annual-report-below').locator('tbody tr').count()).toBeGreaterThanOrEqual(14);
    await screenshot(page, '50-annual-report');

    const pdf = await download(page, 'annual-report-pdf');
    expect(pdf.name).toMatch(/2016.*\.pdf$/);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const xlsx = await download(page, 'annual-report-xlsx');
    expect(xlsx.name).toMatch(/2016.*\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the county statistician scans the data, then reads alerts, rule violations and the funnel plot', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'county');
    await page.getByTestId('menu-quality').click();
    await page.getByTestId('quality-page').waitFor();
    await page.getByTestId('scan').click();
    // The page says when the last scan ran once it has.
    await expect.poll(() => page.getByTestId('last-scan').textContent(), { timeout: 60_000 }).toMatch(/\d{1,2}:\d{2}/);
    await page.getByTestId('alert-table').waitFor();
    await screenshot(page, '51-quality-alerts');

    await page.getByRole('tab', { name: '违规记录' }).click();
    await page.getByTestId('violation-table').waitFor();
    await page.getByRole('tab', { name: '漏斗图' }).click();
    await page.getByTestId('funnel-chart').locator('canvas').first().waitFor({ timeout: 30_000 });
    await screenshot(page, '52-quality-funnel');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a township officer sees her data quality but may not scan the county', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    await login(page, 'township');
    await page.goto('/quality');
    await page.getByTestId('alert-table').waitFor();
    expect(await page.getByTestId('scan').count()).toBe(0);
    await context.close();
  });
});
