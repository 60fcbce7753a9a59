import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_JWT_SECRET, type GatewayAuth } from '../../gateway/src/auth/index.ts';
import { demoSignInEnabled, mountConsole } from '../../gateway/src/console.ts';
import { findPersonWithMostOrders, getDataset, type PersonRecords } from '../../legacy/dataset/src/index.ts';
import { buildConsole, launchChromium, origin, ROOT, SCREENSHOTS } from '../helpers/browser.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';

const SCALE = 0.2;

/** "+8613800138000" → "138 0013 8000": how an agent types what the caller says. */
const nationalSpaced = (e164: string) => e164.replace(/^\+86(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3');

async function postFaults(stack: TestStack, system: 'erp' | 'pos', body: Record<string, unknown> | undefined): Promise<void> {
  const { port } = stack.simulators[system]!.app.server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/__faults`, {
    method: body ? 'POST' : 'DELETE',
    headers: body ? { 'content-type': 'application/json' } : {},
    ...(body && { body: JSON.stringify(body) }),
  });
  expect(res.ok).toBe(true);
}

describe('the call-centre console in a real browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let person: PersonRecords;

  beforeAll(async () => {
    buildConsole();
    person = findPersonWithMostOrders(getDataset({ scale: SCALE }));
    stack = await startTestStack({ scale: SCALE });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const base = () => origin(stack.url);

  it('signs in as the demo agent and lands in the search box', async () => {
    await page.goto(`${base()}/console`);
    await page.getByRole('button', { name: 'Sign in as demo agent' }).click();
    const search = page.getByRole('searchbox');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => page.locator('.who').textContent()).toContain('demo-agent');
  });

  it('finds the customer by phone with Enter, and shows their orders from at least three channels', async () => {
    await page.keyboard.type(nationalSpaced(person.person.phone));
    await page.keyboard.press('Enter');
    await page.locator('[data-panel="profile"] h2', { hasText: person.person.lastName }).waitFor();
    await page.locator('[data-panel="orders"] tbody tr').first().waitFor();
    const channels = await page
      .locator('[data-panel="orders"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-channel')));
    expect(new Set(channels).size).toBeGreaterThanOrEqual(3);
    // Live tracking from the carrier on the orders that shipped.
    const tracked = page.locator('[data-panel="orders"] td[data-tracking]');
    expect(await tracked.count()).toBeGreaterThan(0);
    expect(await tracked.first().getAttribute('data-tracking')).toMatch(
      /^(PRE_TRANSIT|IN_TRANSIT|OUT_FOR_DELIVERY|DELIVERED|AVAILABLE_FOR_PICKUP|RETURN_TO_SENDER|FAILURE|CANCELLED|UNKNOWN)\b/,
    );
    const identities = await page.locator('.identities li').allTextContents();
    expect(new Set(identities.map((t) => t.split(' ')[0])).size).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.notice').count()).toBe(0);
  });

  it('checks stock near the customer and reserves it in a store', async () => {
    const stock = page.locator('[data-panel="stock"]');
    const sku = await stock.locator('input[name="sku"]').inputValue();
    expect(sku).not.toBe('');
    await stock.getByRole('button', { name: 'Check stock' }).click();
    await stock.locator('tbody tr').first().waitFor();
    const row = stock.locator('tbody tr', { has: page.locator('button:enabled', { hasText: 'Reserve' }) }).first();
    await row.waitFor();
    const storeCode = (await row.getAttribute('data-store'))!;
    const reservedNow = async () => {
      const res = await gql<{ storesNear: { location: { code: string }; availability: { reserved: number } }[] }>(
        stack.url,
        'query($sku: ID!) { storesNear(latitude: 31.23, longitude: 121.47, radiusKm: 200, sku: $sku) { location { code } availability { reserved } } }',
        { sku },
        stack.credentials.agent,
      );
      return res.body.data!.storesNear.find((s) => s.location.code === storeCode)!.availability.reserved;
    };
    const before = await reservedNow();
    await row.getByRole('button', { name: /Reserve/ }).click();
    const outcome = stock.locator('[data-reservation]');
    await outcome.waitFor();
    expect(await outcome.textContent()).toMatch(/reservation \S+/);
    expect(await reservedNow()).toBe(before + 1);
  });

  it('quotes and places an order for the customer, which then leads their timeline', async () => {
    const stock = page.locator('[data-panel="stock"]');
    await stock.getByRole('button', { name: /^Quote/ }).click();
    const quote = stock.locator('.quote');
    await quote.waitFor();
    expect(await quote.textContent()).toMatch(/by \d{4}-\d{2}-\d{2}/);
    await quote.getByRole('button', { name: 'Place order' }).click();
    const placed = stock.locator('[data-order]');
    await placed.waitFor();
    const number = (await placed.getAttribute('data-order'))!;
    const newest = page.locator('[data-panel="orders"] tbody tr').first();
    await expect.poll(() => newest.getAttribute('data-order')).toBe(number);
    expect(await newest.getAttribute('data-channel')).toBe('CALL_CENTRE');
    await page.screenshot({ path: join(SCREENSHOTS, 'console-customer.png'), fullPage: true });
  });

  it('opens a parcel’s tracking and asks the carrier to hold it', async () => {
    const row = page.locator('[data-panel="orders"] tr', { has: page.locator('td[data-tracking^="IN_TRANSIT"]') }).first();
    await row.getByRole('button', { name: 'Track' }).click();
    const details = page.locator('[data-panel="orders"] tr.details .shipment').first();
    await details.waitFor();
    expect(await details.locator('.events li').count()).toBeGreaterThan(0);
    await details.getByRole('button', { name: 'Hold at a UPS location' }).click();
    await details.locator('[data-intercept="accepted"]').waitFor();
    await row.getByRole('button', { name: 'Track' }).click();
  });

  it('starts a return of an order the policy still allows, which then shows among the returns', async () => {
    // The window counts from today, so which orders qualify depends on the date: ask the graph.
    const listed = await gql<{ findCustomers: { orders: { nodes: { id: string; number: string }[] } }[] }>(
      stack.url,
      'query($phone: String!) { findCustomers(phone: $phone) { orders(first: 12) { nodes { id number } } } }',
      { phone: person.person.phone },
      stack.credentials.agent,
    );
    let returnable: string | undefined;
    for (const o of listed.body.data!.findCustomers[0]!.orders.nodes) {
      const res = await gql<{ returnEligibility: { lines: { returnable: number }[] } | null }>(
        stack.url,
        'query($id: ID!) { returnEligibility(orderId: $id) { lines { returnable } } }',
        { id: o.id },
        stack.credentials.agent,
      );
      if (res.body.data?.returnEligibility?.lines.some((l) => l.returnable > 0)) {
        returnable = o.number;
        break;
      }
    }
    expect(returnable).toBeDefined();
    const row = page.locator(`[data-panel="orders"] tr[data-order="${returnable}"]`);
    await row.getByRole('button', { name: 'Return…' }).click();
    const form = page.locator('[data-panel="orders"] tr.details form.return-form');
    await form.getByRole('button', { name: 'Start return' }).click();
    const created = form.locator('[data-return]');
    await created.waitFor();
    const number = (await created.getAttribute('data-return'))!;
    await page.locator(`[data-panel="returns"] tr[data-return="${number}"]`).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'console-actions.png'), fullPage: true });
    await row.getByRole('button', { name: 'Return…' }).click();
  });

  it('says which system is down, and why, while the rest of the screen keeps working', async () => {
    // The ERP holds membership, cards and service cases, which are never served from cache.
    await postFaults(stack, 'erp', { outage: 'refuse' });
    try {
      await page.locator('[data-panel="profile"]').getByRole('button', { name: 'Refresh' }).click();
      const notice = page.locator('[data-panel="profile"] .notice[data-system="ERP"]');
      await notice.waitFor({ timeout: 20_000 });
      const text = (await notice.textContent())!;
      expect(text).toContain('ERP');
      expect(text).toMatch(/is down or unreachable|keeps failing/);
      expect(text).toMatch(/not shown: .*membership/);
      // Every other system's part still shows: POS and marketplace orders, store stock (WMS).
      await page.locator('[data-panel="orders"] .loading').waitFor({ state: 'detached' });
      const channels = await page
        .locator('[data-panel="orders"] tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-channel')));
      expect(channels).toContain('STORE');
      expect(channels).toContain('MARKETPLACE');
      const stock = page.locator('[data-panel="stock"]');
      await stock.getByRole('button', { name: 'Check stock' }).click();
      await stock.locator('tbody tr').first().waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'console-outage.png'), fullPage: true });
    } finally {
      await postFaults(stack, 'erp', undefined);
    }
  });
});

describe('console sign-in is safe outside development', () => {
  const authWith = (secret: string | undefined, demoCredentials: boolean) =>
    ({ config: { demoCredentials, jwt: { secret } }, tokens: { sign: async () => 'signed' } }) as unknown as GatewayAuth;

  it('issues demo tokens only while the published development secret signs and demo credentials are on', () => {
    expect(demoSignInEnabled(authWith(DEV_JWT_SECRET, true))).toBe(true);
    expect(demoSignInEnabled(authWith(DEV_JWT_SECRET, false))).toBe(false);
    expect(demoSignInEnabled(authWith('a-secret-of-our-own-that-is-long-enough-for-prod', true))).toBe(false);
    expect(demoSignInEnabled(authWith(undefined, true))).toBe(false);
  });

  it('answers 404 to a demo sign-in, and says how to sign in, when it is off; 503 when the console is not built', async () => {
    const app = Fastify();
    mountConsole(app, { auth: authWith('a-secret-of-our-own-that-is-long-enough-for-prod', true), distDir: join(ROOT, 'no-such-dir') });
    try {
      const signIn = await app.inject({ method: 'POST', url: '/console/api/demo-sign-in', payload: { role: 'agent' } });
      expect(signIn.statusCode).toBe(404);
      const session = await app.inject({ method: 'GET', url: '/console/api/session' });
      expect(session.json()).toEqual({ demoSignIn: false, demoRoles: [], tokenSignIn: true });
      const page = await app.inject({ method: 'GET', url: '/console/' });
      expect(page.statusCode).toBe(503);
      expect(page.body).toContain('npm run build:console');
    } finally {
      await app.close();
    }
  });

  it('never signs a demo token for a role other than agent, store or analyst', async () => {
    const app = Fastify();
    mountConsole(app, { auth: authWith(DEV_JWT_SECRET, true), distDir: join(ROOT, 'no-such-dir') });
    try {
      const admin = await app.inject({ method: 'POST', url: '/console/api/demo-sign-in', payload: { role: 'admin' } });
      expect(admin.statusCode).toBe(400);
      const agent = await app.inject({ method: 'POST', url: '/console/api/demo-sign-in', payload: { role: 'agent' } });
      expect(agent.json()).toMatchObject({ token: 'signed', role: 'agent', subject: 'demo-agent' });
      const analyst = await app.inject({ method: 'POST', url: '/console/api/demo-sign-in', payload: { role: 'analyst' } });
      expect(analyst.json()).toMatchObject({ token: 'signed', role: 'analyst', subject: 'demo-analyst' });
    } finally {
      await app.close();
    }
  });
});
