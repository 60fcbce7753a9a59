import { expect } from 'vitest';
import { WmsAdapter } from '../../adapters/wms/src/index.ts';
import { getDataset } from '../../legacy/dataset/src/index.ts';
import { WMS_DEFAULT_CREDENTIALS, createWmsSimulator } from '../../legacy/wms/src/index.ts';
import { BAD_SECRET, groupBy, runAdapterContract } from './contractSuite.ts';

const dataset = getDataset({ scale: 0.05 });
const position = dataset.wms.stock[0]!;
const positionsBySku = groupBy(dataset.wms.stock, (p) => p.sku);
const knownSkus = [...positionsBySku.keys()].sort();
// Unknown SKUs first, so the last request of the batch carries the known ones.
const unknownSkus = Array.from({ length: 60 }, (_, i) => `SKU-9${String(i).padStart(5, '0')}`);
const batchKeys = [...unknownSkus, ...knownSkus].map((sku) => ({ sku }));
/** GetStockPositions takes at most this many SKUs per request. */
const SKUS_PER_REQUEST = 100;

runAdapterContract({
  system: 'WMS',
  simulator: () => createWmsSimulator({ dataset }),
  badCredentialSetting: 'WMS_PASSWORD',
  adapter: (b) =>
    new WmsAdapter({
      baseUrl: b.baseUrl,
      username: WMS_DEFAULT_CREDENTIALS.username,
      password: b.badCredentials ? BAD_SECRET : WMS_DEFAULT_CREDENTIALS.password,
      timeoutMs: b.timeoutMs,
      resilience: b.resilience,
      onAttempt: b.onAttempt,
    }),
  happy: {
    call: (wms, ctx) => wms.getStock(ctx, [{ sku: position.sku, locationCode: position.locationCode }]),
    check: ([records = []]) => {
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({
        sku: position.sku,
        locationCode: position.locationCode,
        onHand: position.onHand,
        safetyStock: position.safetyStock,
      });
    },
  },
  notFound: {
    call: (wms, ctx) => wms.getStock(ctx, [{ sku: 'SKU-999999' }]),
    check: (records) => expect(records).toEqual([[]]),
  },
  paging: {
    // SOAP has no paging here: the adapter splits a large stock question into requests itself.
    style: `no server paging; ${SKUS_PER_REQUEST} SKUs per GetStockPositions request`,
    route: 'POST /ws/WarehouseService',
    minPages: Math.ceil(batchKeys.length / SKUS_PER_REQUEST),
    call: (wms, ctx) => wms.getStock(ctx, batchKeys),
    check: (answers) => {
      expect(batchKeys.length).toBeGreaterThan(SKUS_PER_REQUEST);
      answers.slice(0, unknownSkus.length).forEach((a) => expect(a).toEqual([]));
      knownSkus.forEach((sku, i) => {
        const got = answers[unknownSkus.length + i]!.map((r) => r.locationCode).sort();
        expect(got).toEqual(
          positionsBySku
            .get(sku)!
            .map((p) => p.locationCode)
            .sort(),
        );
      });
    },
  },
});
