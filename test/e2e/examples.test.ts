import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPersonWithMostOrders, getDataset, type PersonRecords } from '../../legacy/dataset/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** Runs an example as its README says (`npx tsx examples/…`), against this test's gateway and key. */
async function example(script: string, args: string[], apiKey: string, url: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, RETAIL360_URL: url, RETAIL360_API_KEY: apiKey },
    timeout: 60_000,
  });
  return stdout;
}

/** "+8618185298266" → "181 8529 8266": what the README tells the reader to type. */
const nationalSpaced = (e164: string) => e164.replace(/^\+86(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3');

describe('the chatbot and partner examples, run as their READMEs say (seed 42, scale 1: what npm start serves)', () => {
  let stack: TestStack;
  let person: PersonRecords;
  let jdOrder: string;
  let amazonOrder: string;

  beforeAll(async () => {
    const ds = getDataset({});
    person = findPersonWithMostOrders(ds);
    // An Amazon order the retailer shipped itself (UPS parcel), so its status includes tracking.
    const amazon = new Set(ds.marketplace.orders.filter((o) => o.channel === 'AMAZON').map((o) => o.amazonOrderId));
    amazonOrder = ds.carrier.shipments.find((s) => s.orderSystem === 'MARKETPLACE' && amazon.has(s.orderId))!.orderId;
    jdOrder = ds.marketplace.orders.find((o) => o.channel === 'JD')!.amazonOrderId;
    stack = await startTestStack();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('the READMEs use the values this test runs with', () => {
    expect(readFileSync(`${ROOT}examples/chatbot/README.md`, 'utf8')).toContain(`--phone "${nationalSpaced(person.person.phone)}"`);
    const partner = readFileSync(`${ROOT}examples/partner/README.md`, 'utf8');
    expect(partner).toContain(`--order ${amazonOrder}`);
    expect(partner).toContain(`--order ${jdOrder}`);
  });

  it('chatbot: answers where the order is, whether it is in stock nearby and whether it can be returned, with personal data masked', async () => {
    const out = await example(
      'examples/chatbot/chatbot.ts',
      ['--phone', nationalSpaced(person.person.phone), 'where is my order?', 'is it in stock near me?', 'can I return it?'],
      stack.demoCredentials.chatbot!.value,
      stack.url,
    );
    const newest = await gql<{
      findCustomers: {
        orders: {
          nodes: { id: string; number: string; status: string; lines: { sku: string }[]; shipments: { trackingNumber: string }[] | null }[];
        };
      }[];
    }>(
      stack.url,
      'query($phone: String!) { findCustomers(phone: $phone) { orders(first: 1) { nodes { id number status lines { sku } shipments { trackingNumber } } } } }',
      { phone: person.person.phone },
      stack.credentials.agent,
    );
    const order = newest.body.data!.findCustomers[0]!.orders.nodes[0]!;
    const policy = await gql<{ returnEligibility: { lines: { returnable: number }[] } }>(
      stack.url,
      'query($id: ID!) { returnEligibility(orderId: $id) { lines { returnable } } }',
      { id: order.id },
      stack.credentials.agent,
    );
    const mayReturn = policy.body.data!.returnEligibility.lines.some((l) => l.returnable > 0);

    // Masked: the name as "Q*** L***", phone and email never in clear.
    expect(out).toMatch(/^bot> Hello \S\*+ \S\*+ \(account \*+\d{4}, \S\*+@\S+\)\.$/m);
    expect(out).not.toContain(person.person.phone.slice(3));
    expect(out).not.toContain(person.person.email);
    expect(out).not.toContain(person.person.firstName);

    // One block of answers per question.
    const [, where, stock, ret] = out.split(/^you> .*$/m).map((block) => block.trim().split('\n'));
    expect(where![0]).toContain(`Order ${order.number} (`);
    expect(where![0]).toContain(` is ${order.status.replace(/_/g, ' ').toLowerCase()}.`);
    for (const parcel of order.shipments ?? []) expect(where!.join('\n')).toContain(`Parcel ${parcel.trackingNumber} is `);
    expect(stock![0]).toMatch(new RegExp(`\\(${order.lines[0]!.sku}\\) is (available at .+ km, \\d+ in stock|not in stock)`));
    expect(ret![0]).toMatch(new RegExp(`^bot> ${mayReturn ? 'Yes' : 'No'}, order ${order.number}: .+\\.$`));
  });

  it('partner: reads availability for its catalogue and its own orders, and is refused another marketplace’s order', async () => {
    const out = await example(
      'examples/partner/partner.ts',
      ['--order', amazonOrder, '--order', jdOrder],
      stack.demoCredentials.partner!.value,
      stack.url,
    );
    const catalogue = JSON.parse(readFileSync(`${ROOT}examples/partner/catalogue.json`, 'utf8')) as {
      listings: { sku: string; listingId: string }[];
    };
    for (const l of catalogue.listings) expect(out).toMatch(new RegExp(`${l.listingId} {2}${l.sku} {2}atp \\d+ {2}earliest `));
    expect(out).toMatch(new RegExp(`^ {2}${amazonOrder} {2}AMAZON {2}[A-Z_]+ \\(\\w+\\) {2}placed \\d{4}-\\d{2}-\\d{2}`, 'm'));
    expect(out).toMatch(new RegExp(`^ {2}${jdOrder} {2}refused: FORBIDDEN`, 'm'));
    const parcels = await gql<{ order: { shipments: { trackingNumber: string; status: string }[] } }>(
      stack.url,
      'query($id: ID!) { order(id: $id) { shipments { trackingNumber status } } }',
      { id: `ord_${Buffer.from(`MARKETPLACE:${amazonOrder}`).toString('base64url')}` },
      stack.credentials.agent,
    );
    expect(parcels.body.data!.order.shipments.length).toBeGreaterThan(0);
    for (const p of parcels.body.data!.order.shipments) expect(out).toContain(`parcel UPS ${p.trackingNumber}  ${p.status}`);
  });
});
