import { expect } from 'vitest';
import { CarrierAdapter } from '../../adapters/carrier/src/index.ts';
import { CARRIER_DEFAULT_CREDENTIALS, createCarrierSimulator } from '../../legacy/carrier/src/index.ts';
import { getDataset } from '../../legacy/dataset/src/index.ts';
import { BAD_SECRET, runAdapterContract } from './contractSuite.ts';

const dataset = getDataset({ scale: 0.05 });
const shipment = dataset.carrier.shipments.find((s) => s.events.length > 1)!;

runAdapterContract({
  system: 'CARRIER',
  simulator: () => createCarrierSimulator({ dataset }),
  badCredentialSetting: 'CARRIER_CLIENT_SECRET',
  adapter: (b) =>
    new CarrierAdapter({
      baseUrl: b.baseUrl,
      clientId: CARRIER_DEFAULT_CREDENTIALS.clientId,
      clientSecret: b.badCredentials ? BAD_SECRET : CARRIER_DEFAULT_CREDENTIALS.clientSecret,
      timeoutMs: b.timeoutMs,
      resilience: b.resilience,
      onAttempt: b.onAttempt,
    }),
  happy: {
    call: (carrier, ctx) => carrier.track(ctx, [shipment.trackingNumber]),
    check: ([record]) => {
      expect(record).toMatchObject({ carrier: 'UPS', trackingNumber: shipment.trackingNumber, status: shipment.status });
      expect(record!.events).toHaveLength(shipment.events.length);
    },
  },
  notFound: {
    call: (carrier, ctx) => carrier.track(ctx, ['1Z9999999999999999']),
    check: (records) => expect(records).toEqual([null]),
  },
  paging: { none: 'UPS tracking answers one inquiry number per call and rating one parcel: nothing is paged' },
});
