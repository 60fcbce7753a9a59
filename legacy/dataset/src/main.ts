/**
 * Prints what a seed and scale produce, with a few values worth pasting into queries:
 *   npx tsx legacy/dataset/src/main.ts [--seed 42] [--scale 1] [--reference-date 2026-11-01T00:00:00.000Z]
 */
import { parseArgs } from 'node:util';
import { generateDataset } from './generate.ts';
import { findPersonWithMostOrders, summarizeDataset } from './lookup.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    scale: { type: 'string' },
    'reference-date': { type: 'string' },
  },
});

const started = performance.now();
const ds = generateDataset({
  ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
  ...(values.scale !== undefined ? { scale: Number(values.scale) } : {}),
  ...(values['reference-date'] !== undefined ? { referenceDate: values['reference-date'] } : {}),
});
const generatedInMs = Math.round(performance.now() - started);

const top = findPersonWithMostOrders(ds);
const inTransit = ds.carrier.shipments.find((s) => s.status === 'IN_TRANSIT');
const cardOnly = ds.pos.customers.find((c) => !c.emailAddress && !c.phoneNumber && c.referenceId);
const overridden = ds.products.find((p) => Object.keys(p.storePrices).length > 0);

console.log(
  JSON.stringify(
    {
      ...summarizeDataset(ds),
      generatedInMs,
      examples: {
        personWithMostOrders: {
          name: `${top.person.firstName} ${top.person.lastName}`,
          phone: top.person.phone,
          email: top.person.email,
          memberCard: top.person.memberCardNumber,
          orders: { erp: top.erpOrders.length, pos: top.posReceipts.length, marketplace: top.marketplaceOrders.length },
          posPhoneAsTyped: top.posCustomer?.phoneNumber,
          erpEmailAsTyped: top.erpCustomer?.email,
          latestErpOrder: top.erpOrders.at(-1)?.salesOrder,
        },
        shipmentInTransit: inTransit?.trackingNumber,
        posCustomerKnownOnlyByCard: cardOnly && { id: cardOnly.id, referenceId: cardOnly.referenceId },
        productWithStorePrices: overridden && { sku: overridden.sku, price: overridden.price, storePrices: overridden.storePrices },
      },
    },
    null,
    2,
  ),
);
