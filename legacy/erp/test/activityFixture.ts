import type { Dataset } from '../../dataset/src/index.ts';
import { WEI, tinyDataset } from './fixtures.ts';

/** The tiny dataset plus Wei's points ledger (summing to his 12 000), baskets and cases. */
export function activityDataset(): Dataset {
  const ds = tinyDataset();
  const base = { businessPartner: WEI, personId: 'P-WEI' };
  ds.erp.pointsHistory = [
    { ...base, postingId: 'PT0000000001', postedAt: '2024-03-01T02:30:00.000Z', points: 11_694, reason: 'MIGRATION' },
    { ...base, postingId: 'PT0000000002', postedAt: '2026-10-01T02:00:00.000Z', points: 306, reason: 'PURCHASE', salesOrder: '1000000001' },
  ];
  ds.erp.basketItems = [
    {
      ...base,
      basket: 'CART',
      item: '10',
      material: 'SKU-000001',
      quantity: 2,
      addedAt: '2026-10-20T01:00:00.000Z',
      changedAt: '2026-10-21T01:00:00.000Z',
    },
    {
      ...base,
      basket: 'CART',
      item: '20',
      material: 'SKU-000002',
      quantity: 1,
      addedAt: '2026-10-22T01:00:00.000Z',
      changedAt: '2026-10-22T01:00:00.000Z',
    },
    {
      ...base,
      basket: 'WISHLIST',
      item: '10',
      material: 'SKU-000003',
      quantity: 1,
      addedAt: '2026-09-01T01:00:00.000Z',
      changedAt: '2026-09-01T01:00:00.000Z',
    },
  ];
  ds.erp.serviceCases = [
    {
      ...base,
      caseId: '8000000001',
      category: 'WARRANTY_CLAIM',
      status: 'IN_PROCESS',
      subject: 'Kettle stopped working',
      createdAt: '2026-10-15T03:00:00.000Z',
      changedAt: '2026-10-16T03:00:00.000Z',
      salesOrder: '1000000001',
    },
  ];
  return ds;
}
