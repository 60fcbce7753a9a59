import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole, launchChromium, origin, SCREENSHOTS } from '../helpers/browser.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';

/** The smallest dataset whose four weeks still flag a sales day and fill all three ABC classes. */
const SCALE = 0.2;
/** The four weeks before the dataset's reference date (2026-11-01). */
const WINDOW = { from: '2026-10-04', to: '2026-10-31' };

interface Totals {
  salesSummary: { rows: { orders: number; revenue: { amount: string } }[] };
  stores: { anomalies: unknown[] };
  channels: { anomalies: unknown[] };
  skus: { anomalies: unknown[] };
}

describe('the console’s analytics page in a real browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    buildConsole();
    // The analytical store is in memory and loads from the simulators on the page's first request.
    stack = await startTestStack({ scale: SCALE, env: { ANALYTICS_DB: ':memory:' } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('signs in as the demo analyst straight onto Analytics, with no customer search', async () => {
    await page.goto(`${origin(stack.url)}/console`);
    await page.getByRole('button', { name: 'Sign in as demo analyst' }).click();
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    expect(await page.locator('.who').textContent()).toContain('demo-analyst');
    expect(await page.getByRole('searchbox').count()).toBe(0);
    // Each system's freshness, once the first load has run.
    const fresh = page.locator('.an-fresh').first();
    await fresh.locator('[data-system="ERP"]').waitFor({ timeout: 90_000 });
    for (const system of ['ERP', 'POS', 'MARKETPLACE', 'WMS']) {
      expect(await fresh.locator(`[data-system="${system}"]`).getAttribute('data-stale'), system).toBe('false');
    }
  }, 120_000);

  it('shows the window chosen with the date fields: the summary by channel, anomalies with their reasons, ABC classes', async () => {
    await page.locator('input[name="from"]').fill(WINDOW.from);
    await page.locator('input[name="to"]').fill(WINDOW.to);
    await page.locator('input[name="to"]').press('Enter');
    await page.getByRole('heading', { name: `Sales ${WINDOW.from} to ${WINDOW.to}` }).waitFor();

    const expected = await gql<Totals>(
      stack.url,
      `query($from: String!, $to: String!) {
        salesSummary(from: $from, to: $to) { rows { orders revenue { amount } } }
        stores: salesAnomalies(from: $from, to: $to, scope: STORE) { anomalies { key } }
        channels: salesAnomalies(from: $from, to: $to, scope: CHANNEL) { anomalies { key } }
        skus: salesAnomalies(from: $from, to: $to, scope: SKU) { anomalies { key } }
      }`,
      WINDOW,
      stack.credentials.analyst,
    );
    expect(expected.body.errors).toBeUndefined();
    const total = expected.body.data!.salesSummary.rows[0]!;

    // The summary: a row per channel that sold, whose orders add up to the graph's own total.
    const summary = page.locator('[data-panel="an-summary"]');
    await summary.locator('tbody tr').first().waitFor();
    const channels = await summary.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
    expect(channels).toEqual(expect.arrayContaining(['STORE', 'WEB', 'MARKETPLACE']));
    expect(Number(await summary.locator('tfoot td').nth(2).textContent())).toBe(total.orders);
    expect(await summary.locator('tbody td[data-change]').first().textContent()).toMatch(/^[▲▼] [+−]\d+%$/);

    // Anomalies: every one the graph flags in any scope, each with its range and reason.
    const anomalies = page.locator('[data-panel="an-anomalies"] table.an-anomalies tbody tr');
    await anomalies.first().waitFor();
    const flagged = (['stores', 'channels', 'skus'] as const).reduce((n, s) => n + expected.body.data![s].anomalies.length, 0);
    expect(flagged).toBeGreaterThan(0);
    expect(await anomalies.count()).toBe(flagged);
    const first = anomalies.first();
    expect(await first.locator('.an-reason').textContent()).toMatch(
      /had \d+ (orders|units) on \w+day \d{4}-\d{2}-\d{2}\. Its last 8 \w+days had a median/,
    );
    expect(await first.locator('td').nth(3).textContent()).toMatch(/^[\d.,]+ \([\d.,]+–[\d.,]+\)$/);

    // Stores ranked by revenue, best first.
    const stores = page.locator('[data-panel="an-stores"] tbody tr');
    await stores.first().waitFor();
    expect(await stores.count()).toBeGreaterThan(1);
    expect(await stores.first().locator('td').first().textContent()).toBe('1');

    // ABC: all three classes at the first store, A first.
    const abc = page.locator('[data-panel="an-abc"]');
    await abc.locator('tbody tr').first().waitFor();
    const classes = await abc.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-class')));
    expect(new Set(classes)).toEqual(new Set(['A', 'B', 'C']));
    expect(classes[0]).toBe('A');
    expect(classes).toEqual([...classes].sort());
    expect(await abc.locator('select[name="location"]').inputValue()).toMatch(/^ST\d+$/);

    await page.locator('[data-panel="an-members"] table.an-tiers tbody tr').first().waitFor();
    await page.locator('.panel .loading').first().waitFor({ state: 'detached' });
    expect(await page.locator('.notice').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'console-analytics.png'), fullPage: true });
  }, 120_000);

  it('an agent is offered no Analytics, and the graph would refuse it anyway', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in as demo agent' }).click();
    await page.getByRole('searchbox').waitFor();
    expect(await page.getByRole('button', { name: 'Analytics' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Analytics' }).count()).toBe(0);
    const refused = await gql(stack.url, '{ analyticsFreshness { system } }', {}, stack.credentials.agent);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('an admin (signed in with a staff token) switches between Customers and Analytics', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel(/Staff token/).fill(stack.credentials.admin.authorization!);
    await page.getByRole('button', { name: 'Sign in with token' }).click();
    await page.getByRole('searchbox').waitFor();
    const analytics = page.getByRole('button', { name: 'Analytics' });
    expect(await analytics.getAttribute('aria-pressed')).toBe('false');
    await analytics.click();
    await page.getByRole('heading', { name: 'Analytics', level: 1 }).waitFor();
    await page.locator('[data-panel="an-summary"] tbody tr').first().waitFor();
    expect(await page.getByRole('searchbox').count()).toBe(0);
    await page.getByRole('button', { name: 'Customers' }).click();
    const search = page.getByRole('searchbox');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});
