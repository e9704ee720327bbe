/**
 * Issue 4, what people see: the county statistician lands on the county dashboard (key figures,
 * trend, pyramid, townships side by side and on the schematic map), opens the indicator page and
 * drills into the births behind the crude birth rate down to a person. The county administrator
 * uploads a boundary file with a bad feature and is told which one. A village worker's dashboard
 * is her own village's.
 */
import type { Browser } from 'playwright-core';
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

describe('dashboards and indicators', () => {
  it('the county statistician sees the county dashboard, then the births behind the birth rate, down to a person', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'county');

    // She lands on the dashboard of her county, the last complete year.
    await page.getByTestId('dashboard-page').waitFor();
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    const lastYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() - 1;
    await expect
      .poll(() => page.getByTestId('page-title').locator('..').textContent(), { timeout: 20_000 })
      .toContain(`华容县 · ${lastYear}`);
    await page.getByTestId('card-value-crudeBirthRate').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('card-value-crudeBirthRate').textContent()).toMatch(/^\d+\.\d{2}‰$/);
    expect(await page.getByTestId('card-value-sexRatioAtBirth').textContent()).toMatch(/^(\d+\.\d{2}|—)$/);
    for (const chart of ['pyramid-chart', 'trend-chart', 'monthly-chart', 'compare-chart', 'choropleth']) {
      await page.getByTestId(chart).locator('canvas').first().waitFor({ timeout: 20_000 });
    }
    await expect(page.getByTestId('schematic-note').textContent()).resolves.toContain('示意');
    await page.getByTestId('alerts-card').waitFor();
    await screenshot(page, '40-county-dashboard');

    // The to-do list is still in the menu.
    await expect(page.getByTestId('menu-todo').count()).resolves.toBe(1);

    // The indicator page, from the dashboard's link, keeps the unit and year in the address.
    await page.getByRole('link', { name: '指标查询与明细' }).click();
    await page.getByTestId('figures-table').waitFor();
    expect(new URL(page.url()).searchParams.get('period')).toBe(String(lastYear));
    await page.getByTestId('children-table').waitFor();
    const townshipRows = await page.getByTestId('child-unit-link').count();
    expect(townshipRows).toBe(14);
    await screenshot(page, '41-county-indicators');

    // The births behind the crude birth rate: each a link to the child.
    const births = Number(
      (await page.getByTestId('records-crudeBirthRate-numerator').textContent())!.replace(/,/g, ''),
    );
    expect(births).toBeGreaterThan(0);
    await page.getByTestId('records-crudeBirthRate-numerator').click();
    await page.getByTestId('records-table').waitFor();
    const links = page.getByTestId('record-person-link');
    await links.first().waitFor({ timeout: 15_000 });
    expect(await links.count()).toBe(Math.min(births, 20));
    expect(new URL(page.url()).searchParams.get('records')).toBe('crudeBirthRate:numerator');
    await screenshot(page, '42-births-behind-cbr');
    const name = (await links.first().textContent())!;
    await links.first().click();
    await page.getByTestId('person-page').waitFor();
    await expect(page.getByTestId('person-name').textContent()).resolves.toBe(name);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('the county administrator is told which feature of a boundary file is wrong, and nothing changes', async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    await login(page, 'admin');
    await page.goto('/dashboard');
    await page.getByTestId('boundaries-card').waitFor();
    const file = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: '430623101' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [112.6, 29.4],
                [112.7, 29.4],
                [112.7, 29.5],
                [112.6, 29.4],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { code: '430623999' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [112.6, 29.4],
                [112.7, 29.4],
                [112.7, 29.5],
                [112.6, 29.4],
              ],
            ],
          },
        },
      ],
    };
    await page
      .getByTestId('boundaries-card')
      .locator('input[type=file]')
      .setInputFiles({
        name: '乡镇边界.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify(file)),
      });
    await expect
      .poll(() => page.getByTestId('boundaries-card').textContent(), { timeout: 15_000 })
      .toContain('第 2 个要素（features[1]）：属性 code 的值 430623999 不是本辖区现有的乡镇或村的区划代码');
    await screenshot(page, '43-boundaries-refused');
    // The schematic map is still whole: 14 townships.
    const answer = await context.request.get('/api/org/boundaries?level=township');
    expect(((await answer.json()) as { features: unknown[] }).features).toHaveLength(14);
    await context.close();
  });

  it("a village worker's dashboard is her own village's, without the comparison of units below", async () => {
    const context = await newUserContext(browser, server.baseUrl);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await login(page, 'village');
    await page.getByTestId('menu-dashboard').click();
    await page.getByTestId('pyramid-chart').locator('canvas').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('page-title').locator('..').textContent()).toContain('新铺村');
    await expect(page.getByTestId('compare-chart').count()).resolves.toBe(0);
    await screenshot(page, '44-village-dashboard');
    expect(errors).toEqual([]);
    await context.close();
  });
});
