import { parseArgs } from 'node:util';
import { intentOf, orderNumberIn, returnAnswer, skuIn, words, type Eligibility, type OrderFacts } from './answers.ts';
import { readChatbotConfig } from './config.ts';
import { PersistedClient, type GraphQLError } from './persisted.ts';

interface Line {
  sku: string;
  name: string | null;
  quantity: number;
  deliveryMethod: string;
  promisedDate?: string | null;
}
interface Parcel {
  trackingNumber: string;
  status: string;
  estimatedDelivery: string | null;
}
interface FoundCustomer {
  id: string;
  name: string | null;
  emails: string[] | null;
  phones: string[] | null;
  orders: { totalCount: number; nodes: (OrderFacts & { id: string })[] };
}

const USAGE = `usage: npx tsx examples/chatbot/chatbot.ts --phone <caller's phone> [--near <lat,lon>] "<question>"…`;
/** People's Square, Shanghai: where "near me" starts when the caller shares no location. */
const CITY_CENTRE = '31.2304,121.4737';

/** Answers a caller (identified by the phone they call from) in a few lines each, through persisted operations only. */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { phone: { type: 'string' }, near: { type: 'string', default: CITY_CENTRE } },
    allowPositionals: true,
  });
  if (!values.phone || positionals.length === 0) throw new Error(USAGE);
  const config = readChatbotConfig();
  const graph = new PersistedClient(config.graphqlUrl, config.apiKey, config.manifestFile);
  const say = (text: string) => console.log(`bot> ${text}`);

  const found = await graph.run<{ findCustomers: FoundCustomer[] }>('FindMyOrders', { phone: values.phone });
  warnAbout(found.errors, say);
  const customer = found.data?.findCustomers[0];
  if (!customer) {
    say('I could not find an account for the number you are calling from. An agent can help you.');
    return;
  }
  // The key sees personal data masked: the bot greets with what it was given, never more.
  say(`Hello ${customer.name ?? 'there'} (account ${customer.phones?.[0] ?? ''}, ${customer.emails?.[0] ?? 'no email'}).`);

  for (const question of positionals) {
    console.log(`you> ${question}`);
    const orders = customer.orders.nodes;
    const mentioned = orderNumberIn(question);
    const order = mentioned ? orders.find((o) => o.number.toLowerCase() === mentioned.toLowerCase()) : orders[0];
    if (mentioned && !order) {
      say(`I can see only your ${orders.length} most recent orders, and ${mentioned} is not one of them: an agent can look it up.`);
      continue;
    }
    switch (intentOf(question)) {
      case 'where': {
        if (!order) {
          say('I cannot see any orders on your account.');
          break;
        }
        const res = await graph.run<{ order: (OrderFacts & { lines: Line[] | null; shipments: Parcel[] | null }) | null }>(
          'WhereIsMyOrder',
          {
            id: order.id,
          },
        );
        warnAbout(res.errors, say);
        const o = res.data?.order;
        if (!o) break;
        const promised = o.lines
          ?.map((l) => l.promisedDate)
          .filter(Boolean)
          .sort()
          .at(-1);
        say(
          `Order ${o.number} (${words(o.channel)}, placed ${o.placedAt.slice(0, 10)}) is ${words(o.status)}.` +
            (promised ? ` Promised by ${promised}.` : '') +
            (o.lines ? ` It has ${o.lines.map((l) => `${l.quantity} × ${l.name ?? l.sku}`).join(', ')}.` : ''),
        );
        for (const p of o.shipments ?? [])
          say(`Parcel ${p.trackingNumber} is ${words(p.status)}${p.estimatedDelivery ? `, expected ${p.estimatedDelivery}` : ''}.`);
        break;
      }
      case 'stock': {
        const sku = skuIn(question) ?? (await firstSku(graph, order?.id));
        if (!sku) {
          say('Which product? Tell me its SKU (e.g. SKU-000123).');
          break;
        }
        const [latitude, longitude] = values.near!.split(',').map(Number);
        const [product, stock] = await Promise.all([
          graph.run<{ product: { name: string | null } | null }>('ProductInfo', { sku }),
          graph.run<{ storesNear: { location: { name: string }; distanceKm: number; atp: number | null; earliestDate: string | null }[] }>(
            'StockNearMe',
            { latitude, longitude, sku, quantity: 1 },
          ),
        ]);
        warnAbout([...product.errors, ...stock.errors], say);
        const name = product.data?.product?.name ?? sku;
        const stores = (stock.data?.storesNear ?? []).filter((s) => (s.atp ?? 0) > 0).slice(0, 3);
        if (stores.length === 0) say(`${name} (${sku}) is not in stock in a store within 25 km right now.`);
        else
          say(
            `${name} (${sku}) is available at ${stores.map((s) => `${s.location.name} (${s.distanceKm.toFixed(1)} km, ${s.atp} in stock)`).join('; ')}.`,
          );
        break;
      }
      case 'return': {
        if (!order) {
          say('I cannot see any orders on your account to return.');
          break;
        }
        const res = await graph.run<{ order: (OrderFacts & { lines: Line[] | null }) | null; returnEligibility: Eligibility | null }>(
          'CanIReturnIt',
          { id: order.id },
        );
        warnAbout(res.errors, say);
        const o = res.data?.order;
        if (!o) break;
        if (!res.data?.returnEligibility) {
          say(`I cannot check the return policy for order ${o.number} right now: an agent can.`);
          break;
        }
        const names = new Map((o.lines ?? []).map((l) => [l.sku, l.name ?? l.sku]));
        say(returnAnswer(o, res.data.returnEligibility, names));
        break;
      }
      default:
        say('I can tell you where your order is, whether a product is in stock near you, and whether you can return something.');
    }
  }
}

async function firstSku(graph: PersistedClient, orderId: string | undefined): Promise<string | undefined> {
  if (!orderId) return undefined;
  const res = await graph.run<{ order: { lines: Line[] | null } | null }>('WhereIsMyOrder', { id: orderId });
  return res.data?.order?.lines?.[0]?.sku;
}

/** A legacy system that is down costs only part of an answer: say so instead of guessing. */
function warnAbout(errors: GraphQLError[], say: (text: string) => void): void {
  const systems = [...new Set(errors.map((e) => e.extensions?.system).filter(Boolean))];
  if (systems.length > 0) say(`(Some of your information is not available right now: ${systems.join(', ')} cannot be reached.)`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
