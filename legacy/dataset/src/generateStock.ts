import type { InboundSupply, Location, Product, StockPosition } from './types.ts';
import type { Rng } from './random.ts';
import { DAY_MS, flat, localDate, pad } from './format.ts';
import { SUPPLIER_CODE } from './generateLocations.ts';

interface Profile {
  zeroShare: number;
  onHand: readonly [number, number];
  safety: readonly [number, number];
  inboundShare: number;
  inbound: readonly [number, number];
}

/** Stores hold a shelf's worth, DCs a pallet's worth, the supplier whatever it makes. */
const PROFILES: Record<Location['kind'], Profile> = {
  STORE: { zeroShare: 0.15, onHand: [1, 30], safety: [0, 5], inboundShare: 0.08, inbound: [2, 12] },
  DC: { zeroShare: 0.04, onHand: [50, 500], safety: [10, 40], inboundShare: 0.15, inbound: [50, 300] },
  SUPPLIER: { zeroShare: 0.02, onHand: [100, 1000], safety: [0, 0], inboundShare: 0.1, inbound: [100, 500] },
};

export function generateStock(rng: Rng, locations: readonly Location[], products: readonly Product[], refMs: number): StockPosition[] {
  let poSeq = 0;
  let transferSeq = 0;
  const stock: StockPosition[] = [];
  for (const location of locations) {
    const profile = PROFILES[location.kind];
    const isSupplier = location.code === SUPPLIER_CODE;
    for (const product of products) {
      // Drop-ship products exist only at the supplier, and the supplier only holds those.
      if (product.dropShip !== isSupplier) continue;
      const onHand = rng.chance(profile.zeroShare) ? 0 : rng.int(profile.onHand[0], profile.onHand[1]);
      const reserved = onHand > 0 && rng.chance(0.25) ? rng.int(0, Math.min(onHand, Math.ceil(onHand * 0.3))) : 0;
      const allocated = onHand - reserved > 0 && rng.chance(0.15) ? rng.int(0, Math.ceil((onHand - reserved) * 0.2)) : 0;
      const inbound: InboundSupply[] = [];
      // Empty shelves are the ones most likely to have a replenishment on its way.
      const inboundShare = onHand === 0 ? Math.max(0.5, profile.inboundShare) : profile.inboundShare;
      if (rng.chance(inboundShare)) {
        const deliveries = rng.chance(0.2) ? 2 : 1;
        let etaMs = refMs;
        for (let i = 0; i < deliveries; i++) {
          etaMs += rng.int(1, 10) * DAY_MS;
          const reference =
            location.kind === 'STORE'
              ? `TR-${location.address.district === 'Pudong' ? 'DC02' : 'DC01'}-${location.code}-${pad(++transferSeq, 6)}`
              : `PO-45${pad(++poSeq, 8)}`;
          inbound.push({ quantity: rng.int(profile.inbound[0], profile.inbound[1]), eta: localDate(etaMs), reference: flat(reference) });
        }
      }
      stock.push({
        locationCode: location.code,
        sku: product.sku,
        onHand,
        reserved,
        allocated: Math.min(allocated, onHand - reserved),
        safetyStock: rng.int(profile.safety[0], profile.safety[1]),
        inbound,
      });
    }
  }
  return stock;
}
