/**
 * API_BUSINESS_PARTNER: A_BusinessPartner (customers), A_BusinessPartnerAddress and the
 * retailer's custom YY1_LoyaltyCard. Standard property names follow SAP's A_BusinessPartner;
 * contact and loyalty data are flat `YY1_` custom fields, as an S/4 extension adds them
 * (see legacy/erp/README.md for the field list).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CardKind, Dataset, ErpCustomer } from '../../../dataset/src/index.ts';
import { defineEntitySet, indexBy, type EdmType, type ODataService, type Row } from '../odata/model.ts';
import { dateOnly, instant, localDate, localTime, timestampEtag } from './dates.ts';

const S: EdmType = 'Edm.String';
const DEC: EdmType = 'Edm.Decimal';
const DT: EdmType = 'Edm.DateTime';
const DTO: EdmType = 'Edm.DateTimeOffset';
const TIME: EdmType = 'Edm.Time';
const BOOL: EdmType = 'Edm.Boolean';

export const BUSINESS_PARTNER_SERVICE = 'API_BUSINESS_PARTNER';

const PARTNER_PROPERTIES: Record<string, EdmType> = {
  BusinessPartner: S,
  Customer: S,
  BusinessPartnerCategory: S,
  BusinessPartnerFullName: S,
  BusinessPartnerGrouping: S,
  BusinessPartnerName: S,
  CorrespondenceLanguage: S,
  CreatedByUser: S,
  CreationDate: DT,
  CreationTime: TIME,
  FirstName: S,
  LastName: S,
  PersonFullName: S,
  IsNaturalPerson: S,
  Language: S,
  LastChangeDate: DT,
  LastChangeTime: TIME,
  LastChangedByUser: S,
  BusinessPartnerIsBlocked: BOOL,
  IsMarkedForArchiving: BOOL,
  YY1_EmailAddress: S,
  YY1_SearchEmail: S,
  YY1_PhoneNumber: S,
  YY1_InternationalPhone: S,
  YY1_MemberCardNumber: S,
  YY1_MemberTier: S,
  YY1_PointsBalance: DEC,
  YY1_ExpiringPoints: DEC,
  YY1_PointsExpiryDate: DT,
};

const ADDRESS_PROPERTIES: Record<string, EdmType> = {
  BusinessPartner: S,
  AddressID: S,
  ValidityStartDate: DTO,
  ValidityEndDate: DTO,
  StreetName: S,
  HouseNumber: S,
  PostalCode: S,
  CityName: S,
  District: S,
  Region: S,
  Country: S,
  Language: S,
  AddressTimeZone: S,
};

const CARD_PROPERTIES: Record<string, EdmType> = {
  BusinessPartner: S,
  CardNumber: S,
  CardType: S,
  CardBalance: DEC,
  CardCurrency: S,
  IssueDate: DT,
  CardIsBlocked: BOOL,
};

/** Card type codes of the YY1_LoyaltyCard custom business object. */
export const CARD_TYPE_CODES: Readonly<Record<CardKind, string>> = { MEMBER: '01', GIFT: '02', INTERNAL_PURCHASE: '03' };

/** The end of SAP's validity ranges, 9999-12-31T23:59:59Z. */
const END_OF_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);

/** E.164 for the search field, read in China when no country code was typed. */
function internationalPhone(typed: string): string {
  const parsed = parsePhoneNumberFromString(typed.trim().replace(/^00/, '+'), 'CN');
  return parsed?.isValid() ? parsed.number : '';
}

function partnerRow(c: ErpCustomer): Row {
  const fullName = `${c.firstName} ${c.lastName}`;
  const member = c.cards.find((card) => card.kind === 'MEMBER');
  return {
    BusinessPartner: c.businessPartner,
    Customer: c.businessPartner,
    BusinessPartnerCategory: '1',
    BusinessPartnerFullName: fullName,
    BusinessPartnerGrouping: 'BP02',
    BusinessPartnerName: fullName,
    CorrespondenceLanguage: 'EN',
    CreatedByUser: 'WEBSHOP_RFC',
    CreationDate: localDate(c.createdAt),
    CreationTime: localTime(c.createdAt),
    FirstName: c.firstName,
    LastName: c.lastName,
    PersonFullName: fullName,
    IsNaturalPerson: 'X',
    Language: 'EN',
    LastChangeDate: localDate(c.changedAt),
    LastChangeTime: localTime(c.changedAt),
    LastChangedByUser: 'WEBSHOP_RFC',
    BusinessPartnerIsBlocked: false,
    IsMarkedForArchiving: false,
    YY1_EmailAddress: c.email,
    YY1_SearchEmail: c.email.trim().toUpperCase(),
    YY1_PhoneNumber: c.phone,
    YY1_InternationalPhone: internationalPhone(c.phone),
    YY1_MemberCardNumber: member?.number ?? '',
    YY1_MemberTier: c.tier,
    YY1_PointsBalance: String(c.points),
    YY1_ExpiringPoints: String(c.expiringPoints),
    YY1_PointsExpiryDate: c.pointsExpireOn ? dateOnly(c.pointsExpireOn) : null,
  };
}

function addressRow(c: ErpCustomer, index: number): Row {
  return {
    BusinessPartner: c.businessPartner,
    AddressID: String(100_001 + index),
    ValidityStartDate: instant(c.createdAt),
    ValidityEndDate: END_OF_TIME,
    StreetName: c.address.line1,
    HouseNumber: '',
    PostalCode: c.address.postcode,
    CityName: c.address.city,
    District: c.address.district,
    Region: '',
    Country: c.address.country,
    Language: 'EN',
    AddressTimeZone: 'UTC+8',
  };
}

function cardRows(c: ErpCustomer): Row[] {
  return c.cards.map((card) => ({
    BusinessPartner: c.businessPartner,
    CardNumber: card.number,
    CardType: CARD_TYPE_CODES[card.kind],
    CardBalance: card.balance ?? null,
    CardCurrency: card.balance === undefined ? '' : 'CNY',
    IssueDate: localDate(card.issuedAt),
    CardIsBlocked: false,
  }));
}

export function buildBusinessPartnerService(dataset: Dataset): ODataService {
  const customers = [...dataset.erp.customers].sort((a, b) => a.businessPartner.localeCompare(b.businessPartner));
  const partners = customers.map(partnerRow);
  const addresses = customers.map(addressRow);
  const cards = customers.flatMap(cardRows);
  const addressesByPartner = indexBy(addresses, 'BusinessPartner');
  const cardsByPartner = indexBy(cards, 'BusinessPartner');
  const changedAt = new Map(customers.map((c) => [c.businessPartner, instant(c.changedAt)]));

  const partner = defineEntitySet({
    name: 'A_BusinessPartner',
    entityType: 'A_BusinessPartnerType',
    keys: ['BusinessPartner'],
    properties: PARTNER_PROPERTIES,
    rows: partners,
    // Identity fields the graph looks customers up by; loyalty postings change other fields in place.
    indexed: ['BusinessPartner', 'Customer', 'YY1_SearchEmail', 'YY1_InternationalPhone', 'YY1_MemberCardNumber'],
    navigation: {
      to_BusinessPartnerAddress: {
        target: 'A_BusinessPartnerAddress',
        many: true,
        resolve: (r) => addressesByPartner.get(String(r.BusinessPartner)) ?? [],
      },
      to_YY1_LoyaltyCard: {
        target: 'YY1_LoyaltyCard',
        many: true,
        resolve: (r) => cardsByPartner.get(String(r.BusinessPartner)) ?? [],
      },
    },
    etag: (r) => timestampEtag(changedAt.get(String(r.BusinessPartner)) ?? 0),
  });
  const address = defineEntitySet({
    name: 'A_BusinessPartnerAddress',
    entityType: 'A_BusinessPartnerAddressType',
    keys: ['BusinessPartner', 'AddressID'],
    properties: ADDRESS_PROPERTIES,
    rows: addresses,
    navigation: {},
  });
  const card = defineEntitySet({
    name: 'YY1_LoyaltyCard',
    entityType: 'YY1_LoyaltyCardType',
    keys: ['BusinessPartner', 'CardNumber'],
    properties: CARD_PROPERTIES,
    rows: cards,
    navigation: {},
  });
  return {
    name: BUSINESS_PARTNER_SERVICE,
    componentId: 'LO-MD-BP',
    sets: new Map([partner, address, card].map((s) => [s.name, s])),
  };
}
