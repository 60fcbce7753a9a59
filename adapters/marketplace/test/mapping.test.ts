import { describe, expect, it } from 'vitest';
import { ORDER_STATUS, isRelayEmail, splitBuyerName } from '../src/index.ts';
import { DEFAULT_RELAY_EMAIL_DOMAINS, toCustomerRecord, toOrderLine, toOrderRecord, type MappingContext } from '../src/mapping.ts';
import { SpOrder, SpOrderItem } from '../src/types.ts';

const ctx: MappingContext = {
  channelByMarketplaceId: new Map([
    ['AAHKV2X7AFYLW', 'AMAZON'],
    ['A3JDCN7Q4PXR2M', 'JD'],
  ]),
  relayDomains: DEFAULT_RELAY_EMAIL_DOMAINS,
  defaultCurrency: 'CNY',
};

const order = (over: Record<string, unknown> = {}) =>
  SpOrder.parse({
    AmazonOrderId: '111-1234567-1234567',
    PurchaseDate: '2026-10-01T00:00:00Z',
    LastUpdateDate: '2026-10-02T00:00:00Z',
    OrderStatus: 'Shipped',
    ...over,
  });

describe('status', () => {
  it('maps every SP-API OrderStatus to a canonical status', () => {
    expect(ORDER_STATUS).toEqual({
      PendingAvailability: 'PENDING',
      Pending: 'PENDING',
      Unshipped: 'CONFIRMED',
      PartiallyShipped: 'PARTIALLY_SHIPPED',
      Shipped: 'SHIPPED',
      InvoiceUnconfirmed: 'SHIPPED',
      Canceled: 'CANCELLED',
      Unfulfillable: 'ON_HOLD',
    });
  });
});

describe('toOrderRecord', () => {
  it('keeps sourceStatus untouched and resolves the sales channel from the MarketplaceId', () => {
    const r = toOrderRecord(
      order({
        MarketplaceId: 'A3JDCN7Q4PXR2M',
        OrderStatus: 'Unfulfillable',
        OrderTotal: { CurrencyCode: 'CNY', Amount: '12.30' },
        PaymentMethod: 'COD',
        BuyerInfo: { BuyerEmail: ' Li.Na@Example.COM ' },
      }),
      ctx,
    );
    expect(r).toMatchObject({
      salesChannel: 'JD',
      status: 'ON_HOLD',
      sourceStatus: 'Unfulfillable',
      customerExternalId: 'li.na@example.com',
      grandTotal: { amount: '12.30', currency: 'CNY' },
    });
    expect(r.payments).toEqual([{ method: 'CASH', amount: { amount: '12.30', currency: 'CNY' } }]);
  });

  it('leaves out what the payload does not say: unknown marketplace, relay buyer, no total', () => {
    const r = toOrderRecord(order({ MarketplaceId: 'ATVPDKIKX0DER', BuyerInfo: { BuyerEmail: 'x1y2@marketplace.amazon.cn' } }), ctx);
    expect(r).not.toHaveProperty('salesChannel');
    expect(r).not.toHaveProperty('customerExternalId');
    expect(r).not.toHaveProperty('payments');
    expect(r.grandTotal).toEqual({ amount: '0.00', currency: 'CNY' });
  });
});

describe('toOrderLine', () => {
  it('divides the ItemPrice line total by the quantity in decimal arithmetic', () => {
    const item = SpOrderItem.parse({
      ASIN: 'B0X',
      OrderItemId: '1',
      QuantityOrdered: 3,
      ItemPrice: { CurrencyCode: 'CNY', Amount: '10.00' },
    });
    expect(toOrderLine(item, ctx)).toMatchObject({
      sku: 'B0X',
      quantity: 3,
      unitPrice: { amount: '3.33', currency: 'CNY' },
      lineTotal: { amount: '10.00', currency: 'CNY' },
    });
    const odd = SpOrderItem.parse({
      ASIN: 'B0X',
      SellerSKU: 'S',
      OrderItemId: '2',
      QuantityOrdered: 2,
      ItemPrice: { CurrencyCode: 'CNY', Amount: '0.05' },
    });
    expect(toOrderLine(odd, ctx).unitPrice.amount).toBe('0.03');
    const cancelled = SpOrderItem.parse({
      ASIN: 'B0X',
      OrderItemId: '3',
      QuantityOrdered: 0,
      ItemPrice: { CurrencyCode: 'CNY', Amount: '0.00' },
    });
    expect(toOrderLine(cancelled, ctx).unitPrice).toEqual({ amount: '0.00', currency: 'CNY' });
  });
});

describe('buyers', () => {
  it('recognises relay addresses, including subdomains, case-insensitively', () => {
    expect(isRelayEmail('abc@marketplace.amazon.cn', DEFAULT_RELAY_EMAIL_DOMAINS)).toBe(true);
    expect(isRelayEmail('ABC@Marketplace.Amazon.CN', DEFAULT_RELAY_EMAIL_DOMAINS)).toBe(true);
    expect(isRelayEmail('abc@relay.jd.com', DEFAULT_RELAY_EMAIL_DOMAINS)).toBe(true);
    expect(isRelayEmail('abc@eu.marketplace.amazon.com', DEFAULT_RELAY_EMAIL_DOMAINS)).toBe(true);
    expect(isRelayEmail('abc@amazon.cn', DEFAULT_RELAY_EMAIL_DOMAINS)).toBe(false);
    expect(isRelayEmail('abc@notmarketplace.amazon.cn', DEFAULT_RELAY_EMAIL_DOMAINS)).toBe(false);
  });

  it('splits buyer names as well as they can be split', () => {
    expect(splitBuyerName('Wei Zhang')).toEqual({ firstName: 'Wei', lastName: 'Zhang' });
    expect(splitBuyerName('  Mary  Ann   Lee ')).toEqual({ firstName: 'Mary Ann', lastName: 'Lee' });
    expect(splitBuyerName('张伟')).toEqual({ firstName: '伟', lastName: '张' });
    expect(splitBuyerName('Madonna')).toEqual({ firstName: 'Madonna', lastName: '' });
    expect(splitBuyerName(undefined)).toEqual({ firstName: '', lastName: '' });
  });

  it('builds no customer from orders of other buyers', () => {
    expect(toCustomerRecord('a@example.com', [order({ BuyerInfo: { BuyerEmail: 'b@example.com' } })], ctx)).toBeUndefined();
  });
});
