import type { Dataset, Location, Shipment, TrackingEvent, TrackingStatus } from '../../dataset/src/index.ts';

const DC01: Location = {
  code: 'DC01',
  kind: 'DC',
  name: 'Jiading Malu Distribution Centre',
  address: { line1: '2000 Jiasong North Road', city: 'Shanghai', district: 'Jiading', postcode: '201801', country: 'CN' },
  latitude: 31.3331,
  longitude: 121.2655,
  labourCapacityPerHour: 600,
  peakHours: [9, 10, 14, 15],
  leadTimeDays: 1,
  openedAt: '2015-01-01T00:00:00.000Z',
};
const ST003: Location = {
  ...DC01,
  code: 'ST003',
  kind: 'STORE',
  name: 'Pudong Lujiazui',
  address: { line1: '168 Lujiazui West Road', city: 'Shanghai', district: 'Pudong', postcode: '200120', country: 'CN' },
  latitude: 31.2381,
  longitude: 121.5029,
};
const SUP01: Location = {
  ...DC01,
  code: 'SUP01',
  kind: 'SUPPLIER',
  name: 'Kunshan Home & Living Supply Co.',
  address: { line1: '88 Qianjin East Road', city: 'Kunshan', district: 'Kunshan', postcode: '215300', country: 'CN' },
  latitude: 31.3852,
  longitude: 120.9809,
};

const ev = (at: string, status: TrackingStatus, description: string, city = 'Shanghai'): TrackingEvent => ({
  at,
  status,
  city,
  description,
});

/** The journey up to each status, oldest first (as the dataset keeps them). */
const JOURNEY: TrackingEvent[] = [
  ev('2026-10-28T01:15:00.000Z', 'PRE_TRANSIT', 'Shipper created a label, UPS has not received the package yet'),
  ev('2026-10-28T06:15:00.000Z', 'IN_TRANSIT', 'Picked up by UPS'),
  ev('2026-10-28T14:40:00.000Z', 'IN_TRANSIT', 'Arrived at UPS facility'),
  ev('2026-10-29T00:47:00.000Z', 'OUT_FOR_DELIVERY', 'Out for delivery today'),
];

function shipment(n: number, status: TrackingStatus, events: TrackingEvent[], extra: Partial<Shipment> = {}): Shipment {
  return {
    trackingNumber: `1ZTEST000${String(n).padStart(9, '0')}`,
    carrier: 'UPS',
    orderSystem: 'ERP',
    orderId: `10000000${String(n).padStart(2, '0')}`,
    fromLocation: 'DC01',
    status,
    events,
    ...extra,
  };
}

/** One parcel stopped at each tracking status, with the events that led there. */
export const SHIPMENTS: Record<TrackingStatus, Shipment> = {
  PRE_TRANSIT: shipment(1, 'PRE_TRANSIT', JOURNEY.slice(0, 1), { estimatedDelivery: '2026-11-02' }),
  IN_TRANSIT: shipment(2, 'IN_TRANSIT', JOURNEY.slice(0, 3), {
    estimatedDelivery: '2026-11-02',
    orderSystem: 'MARKETPLACE',
    orderId: '114-1234567-1234567',
  }),
  OUT_FOR_DELIVERY: shipment(3, 'OUT_FOR_DELIVERY', JOURNEY.slice(0, 4), { estimatedDelivery: '2026-10-29' }),
  DELIVERED: shipment(4, 'DELIVERED', [...JOURNEY, ev('2026-10-29T05:02:09.000Z', 'DELIVERED', 'Delivered')]),
  FAILURE: shipment(5, 'FAILURE', [...JOURNEY, ev('2026-10-29T05:00:00.000Z', 'FAILURE', 'Receiver not available')], {
    estimatedDelivery: '2026-10-30',
  }),
  AVAILABLE_FOR_PICKUP: shipment(6, 'AVAILABLE_FOR_PICKUP', [
    ...JOURNEY,
    ev('2026-10-29T05:00:00.000Z', 'FAILURE', 'Receiver not available; package will be held at a UPS Access Point'),
    ev('2026-10-29T07:30:00.000Z', 'AVAILABLE_FOR_PICKUP', 'Delivered to UPS Access Point, awaiting customer pickup'),
  ]),
  RETURN_TO_SENDER: shipment(7, 'RETURN_TO_SENDER', [
    ...JOURNEY,
    ev('2026-10-29T05:00:00.000Z', 'FAILURE', 'Receiver refused the delivery'),
    ev('2026-10-29T07:00:00.000Z', 'RETURN_TO_SENDER', 'Returning to sender: delivery refused'),
  ]),
  CANCELLED: shipment(
    8,
    'CANCELLED',
    [JOURNEY[0]!, ev('2026-10-28T09:00:00.000Z', 'CANCELLED', 'Shipment cancelled by shipper; label voided', 'Kunshan')],
    {
      fromLocation: 'SUP01',
    },
  ),
};

export function carrierFixture(): Dataset {
  return {
    seed: 1,
    scale: 0.01,
    referenceDate: '2026-11-01T00:00:00.000Z',
    locations: [DC01, ST003, SUP01],
    products: [],
    people: [],
    erp: { customers: [], orders: [] },
    pos: { customers: [], receipts: [] },
    marketplace: { orders: [] },
    wms: { stock: [] },
    carrier: { shipments: Object.values(SHIPMENTS) },
    returns: [],
  };
}
