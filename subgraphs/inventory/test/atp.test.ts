import { describe, expect, it } from 'vitest';
import type { StockRecord } from '../../../adapters/wms/src/index.ts';
import { byChannel, distanceKm, earliestDate, locationAtp, networkAtp } from '../src/atp.ts';

const TODAY = '2026-11-01';
const pos = (locationCode: string, extra: Partial<StockRecord>): StockRecord => ({
  sku: 'SKU-1',
  locationCode,
  onHand: 0,
  reserved: 0,
  allocated: 0,
  safetyStock: 0,
  inbound: [],
  channelReservations: [],
  businessDate: TODAY,
  ...extra,
});

// 20 on hand − 3 reserved − 2 allocated − 4 safety = 11 now; +5 on 11-03; +10 on 11-10.
const store = pos('ST001', {
  onHand: 20,
  reserved: 3,
  allocated: 2,
  safetyStock: 4,
  inbound: [
    { quantity: 10, eta: '2026-11-10', reference: 'TR-2' },
    { quantity: 5, eta: '2026-11-03', reference: 'TR-1' },
  ],
});
// 2 − 1 − 0 − 3 = −2: shown as 0, the raw value kept; +4 on 11-04.
const short = pos('ST002', { onHand: 2, reserved: 1, safetyStock: 3, inbound: [{ quantity: 4, eta: '2026-11-04', reference: 'TR-3' }] });
// 100 − 0 − 10 − 20 = 70; +50 on 11-05.
const dc = pos('DC01', { onHand: 100, allocated: 10, safetyStock: 20, inbound: [{ quantity: 50, eta: '2026-11-05', reference: 'PO-1' }] });

describe('ATP at one location', () => {
  it('subtracts reserved, allocated and safety stock from on hand', () => {
    const a = locationAtp(store, TODAY, 1, TODAY);
    expect(a).toMatchObject({ inboundByDate: 0, atpRaw: 11, atp: 11, earliestDate: TODAY });
  });

  it('counts inbound with an ETA on or before the date, not after', () => {
    expect(locationAtp(store, '2026-11-02', 1, TODAY).atp).toBe(11);
    expect(locationAtp(store, '2026-11-03', 1, TODAY)).toMatchObject({ inboundByDate: 5, atp: 16 });
    expect(locationAtp(store, '2026-11-09', 1, TODAY).atp).toBe(16);
    expect(locationAtp(store, '2026-11-10', 1, TODAY)).toMatchObject({ inboundByDate: 15, atp: 26 });
  });

  it('never answers a negative ATP but keeps the raw value', () => {
    expect(locationAtp(short, TODAY, 1, TODAY)).toMatchObject({ atpRaw: -2, atp: 0 });
    expect(locationAtp(short, '2026-11-04', 1, TODAY)).toMatchObject({ atpRaw: 2, atp: 2 });
  });

  it('finds the earliest date a quantity can be promised, or null', () => {
    expect(earliestDate(store, 11, TODAY)).toBe(TODAY);
    expect(earliestDate(store, 12, TODAY)).toBe('2026-11-03');
    expect(earliestDate(store, 16, TODAY)).toBe('2026-11-03');
    expect(earliestDate(store, 17, TODAY)).toBe('2026-11-10');
    expect(earliestDate(store, 27, TODAY)).toBeNull();
    // Safety stock eats the first 2 inbound units: 4 arrive, ATP becomes 2.
    expect(earliestDate(short, 1, TODAY)).toBe('2026-11-04');
    expect(earliestDate(short, 3, TODAY)).toBeNull();
  });

  it('counts overdue inbound from today', () => {
    const late = pos('ST009', { onHand: 1, inbound: [{ quantity: 3, eta: '2026-10-28', reference: 'TR-9' }] });
    expect(earliestDate(late, 4, TODAY)).toBe(TODAY);
  });
});

describe('network ATP', () => {
  it('sums the inputs and each location’s clamped ATP', () => {
    expect(networkAtp([store, short, dc], TODAY, 1, TODAY)).toEqual({
      date: TODAY,
      quantity: 1,
      onHand: 122,
      reserved: 4,
      allocated: 12,
      safetyStock: 27,
      inboundByDate: 0,
      // 11 + 0 + 70: ST002's −2 does not take two units off the others
      atp: 81,
      earliestDate: TODAY,
      locationsAbleToPromise: 2,
    });
    expect(networkAtp([store, short, dc], '2026-11-05', 1, TODAY)).toMatchObject({ inboundByDate: 59, atp: 16 + 2 + 120 });
  });

  it('finds the first date the network reaches a quantity', () => {
    // 11-01: 81, 11-03: 86, 11-04: 88, 11-05: 138, 11-10: 148
    expect(networkAtp([store, short, dc], TODAY, 82, TODAY).earliestDate).toBe('2026-11-03');
    expect(networkAtp([store, short, dc], TODAY, 100, TODAY).earliestDate).toBe('2026-11-05');
    expect(networkAtp([store, short, dc], TODAY, 148, TODAY).earliestDate).toBe('2026-11-10');
    expect(networkAtp([store, short, dc], TODAY, 149, TODAY).earliestDate).toBeNull();
    expect(networkAtp([store, short, dc], TODAY, 71, TODAY).locationsAbleToPromise).toBe(0);
  });
});

describe('channels', () => {
  // 3 of the 6 reserved are held for AMAZON: shared ATP 20 − 6 − 2 − 4 = 8.
  const held = pos('ST001', {
    onHand: 20,
    reserved: 6,
    allocated: 2,
    safetyStock: 4,
    channelReservations: [{ channel: 'AMAZON', quantity: 3 }],
  });
  const policy = { buffers: { AMAZON: 2, JD: 2 } };

  it('gives a channel its own holds on top of shared ATP less its buffer', () => {
    expect(byChannel([held], TODAY, 1, TODAY, policy)).toEqual([
      { channel: 'AMAZON', ownReserved: 3, buffer: 2, atp: 8 - 2 + 3, earliestDate: TODAY },
      { channel: 'JD', ownReserved: 0, buffer: 2, atp: 8 - 2, earliestDate: TODAY },
    ]);
  });

  it('never lets a buffer make ATP negative, and lists channels that only hold units', () => {
    const tight = pos('ST002', { onHand: 1, reserved: 1, channelReservations: [{ channel: 'WEB', quantity: 1 }] });
    expect(byChannel([tight], TODAY, 1, TODAY, policy)).toEqual([
      { channel: 'AMAZON', ownReserved: 0, buffer: 2, atp: 0, earliestDate: null },
      { channel: 'JD', ownReserved: 0, buffer: 2, atp: 0, earliestDate: null },
      { channel: 'WEB', ownReserved: 1, buffer: 0, atp: 1, earliestDate: TODAY },
    ]);
  });

  it('applies buffers per location across the network', () => {
    // AMAZON: ST001 max(0, 8−2)+3 = 9; DC01 max(0, 70−2) = 68
    expect(byChannel([held, dc], TODAY, 1, TODAY, policy, 'AMAZON')).toEqual([
      { channel: 'AMAZON', ownReserved: 3, buffer: 4, atp: 77, earliestDate: TODAY },
    ]);
  });
});

describe('distance', () => {
  it('measures People’s Square to Lujiazui (about 2.8 km)', () => {
    expect(distanceKm(31.2304, 121.4737, 31.2381, 121.5029)).toBeCloseTo(2.89, 1);
  });
});
