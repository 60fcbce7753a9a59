import { describe, expect, it } from 'vitest';
import { divideDecimal } from '../src/decimal.ts';
import { customerSearchFilter, orderNumberFilter, orderStatus, toOrderRecord } from '../src/mapping.ts';
import { anyOf, encodeQuery, nextLinkQuery, odataString, parseODataDate, parseODataTime } from '../src/odata.ts';
import type { SalesOrder } from '../src/types.ts';

describe('odataString', () => {
  it('quotes and doubles every single quote', () => {
    expect(odataString('plain')).toBe("'plain'");
    expect(odataString("O'Neill")).toBe("'O''Neill'");
    expect(odataString("' or 1 eq 1")).toBe("''' or 1 eq 1'");
    expect(odataString("''")).toBe("''''''");
  });

  it('is used for every value put into a filter', () => {
    expect(anyOf('Product', ["a'b", 'c'])).toBe("Product eq 'a''b' or Product eq 'c'");
    expect(orderNumberFilter("W1'")).toBe("SalesOrder eq 'W1''' or PurchaseOrderByCustomer eq 'W1'''");
    expect(customerSearchFilter({ name: "d'arcy  smith" })).toBe("substringof('D''ARCY SMITH',toupper(BusinessPartnerFullName))");
  });
});

describe('customerSearchFilter', () => {
  it('normalises each key to the form the ERP search fields hold', () => {
    expect(customerSearchFilter({ email: ' Wei.Zhang@Example.COM ', phone: '138 0013 8000', cardNumber: '8800-0000-0000-0001' })).toBe(
      "YY1_SearchEmail eq 'WEI.ZHANG@EXAMPLE.COM' or YY1_InternationalPhone eq '+8613800138000' or YY1_MemberCardNumber eq '8800000000000001'",
    );
    expect(customerSearchFilter({})).toBeUndefined();
    expect(customerSearchFilter({ email: '  ', name: '' })).toBeUndefined();
  });
});

describe('orderStatus', () => {
  const codes = (process: string, delivery: string, block = '', rejection = '') => ({
    OverallSDProcessStatus: process,
    OverallTotalDeliveryStatus: delivery,
    DeliveryBlockReason: block,
    OverallSDDocumentRejectionSts: rejection,
  });

  it.each([
    [codes('C', 'A', '', 'C'), 'CANCELLED'],
    [codes('A', 'A', '01', 'C'), 'CANCELLED'],
    [codes('A', 'A', '01'), 'ON_HOLD'],
    [codes('A', 'A', '02'), 'ON_HOLD'],
    [codes('C', 'C'), 'COMPLETED'],
    [codes('B', 'C'), 'SHIPPED'],
    [codes('B', 'B'), 'PARTIALLY_SHIPPED'],
    [codes('C', ''), 'COMPLETED'],
    [codes('B', 'A'), 'CONFIRMED'],
    [codes('A', 'A'), 'PENDING'],
    [codes('', ''), 'PENDING'],
  ] as const)('%o → %s', (input, status) => {
    expect(orderStatus(input)).toBe(status);
  });
});

describe('toOrderRecord', () => {
  const header: SalesOrder = {
    SalesOrder: '1000000009',
    DistributionChannel: '20',
    SoldToParty: '',
    PurchaseOrderByCustomer: '',
    CreationDate: `/Date(${Date.UTC(2026, 9, 1)})/`,
    LastChangeDateTime: null,
    TotalNetAmount: '10.00',
    TransactionCurrency: 'CNY',
    OverallSDProcessStatus: 'A',
    OverallTotalDeliveryStatus: 'A',
    DeliveryBlockReason: '',
    OverallSDDocumentRejectionSts: '',
    ShippingCondition: '01',
    RequestedDeliveryDate: null,
  };

  it('falls back to the SAP number, the local creation date and the web channel', () => {
    const record = toOrderRecord(header, { utcOffsetMinutes: 480 });
    expect(record).toMatchObject({ number: '1000000009', channel: 'WEB', placedAt: '2026-09-30T16:00:00.000Z' });
    expect(record).not.toHaveProperty('customerExternalId');
    expect(record).not.toHaveProperty('lines');
  });

  it('keeps a quantity of zero from dividing by zero', () => {
    const record = toOrderRecord(
      {
        ...header,
        to_Item: {
          results: [{ SalesOrderItem: '10', Material: 'M', RequestedQuantity: '0', NetAmount: '0.00', TransactionCurrency: 'CNY' }],
        },
      },
      { utcOffsetMinutes: 480 },
    );
    expect(record.lines?.[0]).toMatchObject({ quantity: 0, unitPrice: { amount: '0.00', currency: 'CNY' } });
  });
});

describe('decimal and OData helpers', () => {
  it('divides money exactly, rounding half away from zero', () => {
    expect(divideDecimal('178.00', '2')).toBe('89.00');
    expect(divideDecimal('10.00', '3')).toBe('3.33');
    expect(divideDecimal('20.00', '3.000')).toBe('6.67');
    expect(divideDecimal('0.05', '2')).toBe('0.03');
    expect(divideDecimal('-0.05', '2')).toBe('-0.03');
    expect(divideDecimal('123456789012345.67', '1')).toBe('123456789012345.67');
    expect(() => divideDecimal('1', '0')).toThrow(RangeError);
  });

  it('reads both OData date forms as UTC instants', () => {
    expect(parseODataDate('/Date(1492041600000)/')).toBe(1492041600000);
    expect(parseODataDate('/Date(1492098664000+0000)/')).toBe(1492098664000);
    expect(parseODataTime('PT13H45M10S')).toBe(((13 * 60 + 45) * 60 + 10) * 1000);
    expect(() => parseODataDate('2017-04-13')).toThrow(RangeError);
  });

  it('encodes spaces as %20 and keeps $ in option names', () => {
    expect(encodeQuery({ $filter: "A eq 'x y'", $top: '5', skip: undefined })).toBe("$filter=A%20eq%20'x%20y'&$top=5");
  });

  it('takes only the query of a __next link', () => {
    expect(nextLinkQuery('https://other.host/sap/opu/odata/sap/X/Y?$top=3&$skiptoken=6')).toBe('$top=3&$skiptoken=6');
    expect(nextLinkQuery('https://host/path')).toBeUndefined();
  });
});
