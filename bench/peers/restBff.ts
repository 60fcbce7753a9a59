import Fastify from 'fastify';
import { normalizeEmail, normalizePhone, type CallContext, type CustomerRecord, type OrderRecord } from '../../adapters/core/src/index.ts';
import type { StockRecord } from '../../adapters/wms/src/index.ts';
import { DEMO_CREDENTIALS } from '../../gateway/src/simulators.ts';
import { createSystems, readSystemsConfig } from '../../subgraphs/runtime/src/index.ts';
import { failStart, serveStats } from './statsServer.ts';
import { simulatorUrls, systemsEnv } from './systemsEnv.ts';

/**
 * Peer: the backend-for-frontend a team writes by hand — one REST route per screen, the same
 * adapters, each upstream call awaited before the next, no cache and no DataLoader. It answers
 * the customer-360 screen (W1), an order (W2) and a partner's availability list (W3) with the
 * same data the GraphQL queries select.
 */
const isRelay = (email: string) => /@marketplace\./i.test(email);

async function customer360(ctx: CallContext, rawPhone: string, systems: ReturnType<typeof createSystems>) {
  const phone = normalizePhone(rawPhone);
  if (!phone) return [];
  const erpCustomers = await systems.erp.findCustomers(ctx, { phone });
  const posCustomers = await systems.pos.findCustomers(ctx, { phone });
  const emails = [
    ...new Set(
      [...erpCustomers, ...posCustomers]
        .flatMap((c) => c.emails)
        .map((e) => normalizeEmail(e))
        .filter((e): e is string => !!e && !isRelay(e)),
    ),
  ];
  const buyers: CustomerRecord[] = [];
  for (const email of emails) buyers.push(...(await systems.marketplace.findCustomers(ctx, { email })));
  const records = [...erpCustomers, ...posCustomers, ...buyers];
  if (records.length === 0) return [];

  const ids = (system: string) => records.filter((r) => r.system === system).map((r) => r.externalId);
  const orders: OrderRecord[] = [
    ...(ids('ERP').length ? (await systems.erp.ordersForCustomers(ctx, ids('ERP'))).flat() : []),
    ...(ids('POS').length ? (await systems.pos.ordersForCustomers(ctx, ids('POS'))).flat() : []),
    ...(ids('MARKETPLACE').length ? (await systems.marketplace.ordersForBuyers(ctx, ids('MARKETPLACE'))).flat() : []),
  ];
  orders.sort((a, b) => b.placedAt.localeCompare(a.placedAt));
  const page = orders.slice(0, 10);
  const withoutLines = page.filter((o) => !o.lines && o.system === 'MARKETPLACE').map((o) => o.externalId);
  const fetchedLines = withoutLines.length ? await systems.marketplace.orderLines(ctx, withoutLines) : [];
  const linesOf = new Map(withoutLines.map((id, i) => [id, fetchedLines[i] ?? []]));
  const lines = (o: OrderRecord) => o.lines ?? linesOf.get(o.externalId) ?? [];
  const skus = [...new Set(page.flatMap((o) => lines(o).map((l) => l.sku)))];
  const products = skus.length ? await systems.erp.getProducts(ctx, skus) : [];
  const names = new Map(skus.map((sku, i) => [sku, products[i]?.name ?? null]));
  const first = records[0]!;
  return [
    {
      name: `${first.firstName} ${first.lastName}`.trim(),
      emails: [...new Set(records.flatMap((r) => r.emails))],
      phones: [...new Set(records.flatMap((r) => r.phones))],
      identities: records.map((r) => ({ system: r.system, externalId: r.externalId })),
      orders: {
        totalCount: orders.length,
        nodes: page.map((o) => ({
          number: o.number,
          channel: o.channel,
          sourceSystem: o.system,
          status: o.status,
          sourceStatus: o.sourceStatus,
          placedAt: o.placedAt,
          totals: { grandTotal: o.grandTotal },
          lines: lines(o).map((l) => ({ sku: l.sku, quantity: l.quantity, product: { name: names.get(l.sku) ?? null } })),
        })),
      },
    },
  ];
}

/** The network ATP the graph's `networkAvailability` answers: each location clamped at 0, summed; the first date it reaches `quantity`. */
function networkAvailability(positions: StockRecord[], quantity: number) {
  const today = positions[0]?.businessDate ?? new Date().toISOString().slice(0, 10);
  const atpOn = (date: string) =>
    positions.reduce(
      (n, p) =>
        n +
        Math.max(
          0,
          p.onHand - p.reserved - p.allocated - p.safetyStock + p.inbound.filter((i) => i.eta <= date).reduce((m, i) => m + i.quantity, 0),
        ),
      0,
    );
  const dates = [today, ...[...new Set(positions.flatMap((p) => p.inbound.map((i) => i.eta)))].filter((d) => d > today).sort()];
  return { date: today, atp: atpOn(today), earliestDate: dates.find((d) => atpOn(d) >= quantity) ?? null };
}

/** W3 as a hand-written route does it: per SKU, its product, then its stock, one call after another. */
async function availability(ctx: CallContext, skus: string[], quantity: number, systems: ReturnType<typeof createSystems>) {
  const out = [];
  for (const sku of skus) {
    const [product] = await systems.erp.getProducts(ctx, [sku]);
    if (!product) {
      out.push(null);
      continue;
    }
    const [positions = []] = await systems.wms.getStock(ctx, [{ sku }]);
    out.push({ sku, networkAvailability: networkAvailability(positions, quantity) });
  }
  return out;
}

try {
  const config = readSystemsConfig({ ...process.env, ...systemsEnv(simulatorUrls(process.env)) }, DEMO_CREDENTIALS);
  const systems = createSystems(config);
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const ctx = (): CallContext => ({ requestId: crypto.randomUUID(), deadline: Date.now() + config.requestDeadlineMs });
  app.get<{ Querystring: { phone?: string } }>('/customer360', async (request) => customer360(ctx(), request.query.phone ?? '', systems));
  app.get<{ Querystring: { skus?: string; quantity?: string } }>('/availability', async (request) =>
    availability(ctx(), (request.query.skus ?? '').split(',').filter(Boolean), Number(request.query.quantity ?? 1) || 1, systems),
  );
  app.get<{ Params: { id: string } }>('/orders/:id', async (request, reply) => {
    const [system, externalId] = request.params.id.split(':');
    const c = ctx();
    const order =
      system === 'ERP'
        ? (await systems.erp.getOrders(c, [externalId!]))[0]
        : system === 'POS'
          ? (await systems.pos.getOrders(c, [externalId!]))[0]
          : system === 'MARKETPLACE'
            ? (await systems.marketplace.getOrders(c, [externalId!]))[0]
            : null;
    if (!order) return reply.code(404).send({ error: 'not found' });
    const lines =
      order.lines ?? (order.system === 'MARKETPLACE' ? ((await systems.marketplace.orderLines(c, [order.externalId]))[0] ?? []) : []);
    return {
      id: request.params.id,
      number: order.number,
      channel: order.channel,
      status: order.status,
      placedAt: order.placedAt,
      lines,
      totals: { grandTotal: order.grandTotal },
    };
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  serveStats({ url: address }, () => app.close());
} catch (err) {
  failStart(err);
}
