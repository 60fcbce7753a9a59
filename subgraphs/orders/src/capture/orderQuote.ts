import { decodeId, encodeId } from '../../../../adapters/core/src/index.ts';
import type { StockRecord } from '../../../../adapters/wms/src/index.ts';
import { badUserInput } from '../../../runtime/src/index.ts';
import type { OrdersContext } from '../context.ts';
import type { DeliveryMethod, ServiceLevel } from '../generated/resolvers.ts';
import { quoteOrder, type QuoteLineRequest } from './quote.ts';

export interface OrderQuoteArgs {
  input: {
    lines: readonly {
      sku: string;
      quantity: number;
      deliveryMethod: DeliveryMethod;
      serviceLevel?: ServiceLevel | null;
      pickupLocationId?: string | null;
    }[];
    shipToCity?: string | null;
  };
}

const SKU = /^.{1,40}$/u;
const locId = (code: string | null) => (code === null ? null : encodeId('loc', 'WMS', code));

export async function orderQuote({ input }: OrderQuoteArgs, ctx: OrdersContext) {
  if (input.lines.length < 1 || input.lines.length > 50) throw badUserInput('lines must hold 1 to 50 lines');
  if (input.shipToCity != null && input.shipToCity.length > 80) throw badUserInput('shipToCity must be at most 80 characters');
  const lines = input.lines.map((l, i): QuoteLineRequest => {
    if (!SKU.test(l.sku)) throw badUserInput(`lines[${i}].sku must be 1–40 characters`);
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > 10_000) {
      throw badUserInput(`lines[${i}].quantity must be a whole number from 1 to 10000`);
    }
    let pickup: string | undefined;
    if (l.deliveryMethod === 'PICKUP') {
      const decoded = l.pickupLocationId ? decodeId('loc', l.pickupLocationId) : null;
      if (decoded?.system !== 'WMS') throw badUserInput(`lines[${i}].pickupLocationId must be a store's location id for PICKUP`);
      pickup = decoded.externalId;
    }
    return {
      sku: l.sku,
      quantity: l.quantity,
      deliveryMethod: l.deliveryMethod,
      serviceLevel: l.serviceLevel ?? 'STANDARD',
      ...(pickup !== undefined && { pickupLocationCode: pickup }),
    };
  });
  const { wms } = ctx.systems;
  const skus = [...new Set(lines.map((l) => l.sku))];
  const [sites, positions] = await Promise.all([
    ctx.capture.sites(ctx.call),
    wms.getStock(
      ctx.call,
      skus.map((sku) => ({ sku })),
    ),
  ]);
  const stock = new Map<string, StockRecord[]>(skus.map((sku, i) => [sku, positions[i] ?? []]));
  const today = positions.flat()[0]?.businessDate ?? new Date().toISOString().slice(0, 10);
  const quote = quoteOrder(lines, stock, sites, today, input.shipToCity ?? undefined);
  return {
    today: quote.today,
    lines: quote.lines.map(({ fromLocationCode, ...l }) => ({ ...l, fromLocationId: locId(fromLocationCode) })),
    consolidation: {
      possible: quote.consolidation.possible,
      fromLocationId: locId(quote.consolidation.fromLocationCode),
      promisedDate: quote.consolidation.promisedDate,
      shipmentsWithout: quote.consolidation.shipmentsWithout,
    },
  };
}
