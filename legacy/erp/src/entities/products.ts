/**
 * API_PRODUCT_SRV: A_Product and A_ProductDescription (the name lives in the description,
 * as in SAP). The list price is a `_PRD` custom field: S/4 keeps prices in condition records,
 * which a retailer's web shop does not read for a product page.
 */
import type { Dataset, Product } from '../../../dataset/src/index.ts';
import { defineEntitySet, indexBy, type EdmType, type ODataService, type Row } from '../odata/model.ts';
import { localDate, timestampEtag } from './dates.ts';

const S: EdmType = 'Edm.String';
const DEC: EdmType = 'Edm.Decimal';
const DT: EdmType = 'Edm.DateTime';
const DTO: EdmType = 'Edm.DateTimeOffset';
const BOOL: EdmType = 'Edm.Boolean';

export const PRODUCT_SERVICE = 'API_PRODUCT_SRV';

const PRODUCT_PROPERTIES: Record<string, EdmType> = {
  Product: S,
  ProductType: S,
  CrossPlantStatus: S,
  CreationDate: DT,
  CreatedByUser: S,
  LastChangeDate: DT,
  LastChangedByUser: S,
  LastChangeDateTime: DTO,
  IsMarkedForDeletion: BOOL,
  ProductGroup: S,
  BaseUnit: S,
  ItemCategoryGroup: S,
  Division: S,
  Brand: S,
  ProductStandardID: S,
  InternationalArticleNumberCat: S,
  YY1_ListPrice_PRD: DEC,
  YY1_ListPriceCurrency_PRD: S,
  YY1_DropShip_PRD: BOOL,
};

const DESCRIPTION_PROPERTIES: Record<string, EdmType> = { Product: S, Language: S, ProductDescription: S };

const DAY_MS = 86_400_000;

function productRow(p: Product, index: number, refMs: number): Row {
  // The material master predates the dataset's orders; spread creation over two years back.
  const created = new Date(refMs - (730 - (index % 365)) * DAY_MS).toISOString();
  const changedMs = refMs - (1 + (index % 60)) * DAY_MS;
  return {
    Product: p.sku,
    ProductType: 'HAWA',
    CrossPlantStatus: '',
    CreationDate: localDate(created),
    CreatedByUser: 'MDG_REPLIC',
    LastChangeDate: localDate(new Date(changedMs).toISOString()),
    LastChangedByUser: 'MDG_REPLIC',
    LastChangeDateTime: changedMs,
    IsMarkedForDeletion: false,
    ProductGroup: p.category,
    BaseUnit: 'EA',
    ItemCategoryGroup: 'NORM',
    Division: '00',
    Brand: p.brand,
    ProductStandardID: p.barcode,
    InternationalArticleNumberCat: 'HE',
    YY1_ListPrice_PRD: p.price,
    YY1_ListPriceCurrency_PRD: p.currency,
    YY1_DropShip_PRD: p.dropShip,
  };
}

export function buildProductService(dataset: Dataset): ODataService {
  const refMs = Date.parse(dataset.referenceDate);
  const sorted = [...dataset.products].sort((a, b) => a.sku.localeCompare(b.sku));
  const products = sorted.map((p, i) => productRow(p, i, refMs));
  const descriptions: Row[] = sorted.map((p) => ({ Product: p.sku, Language: 'EN', ProductDescription: p.name }));
  const descriptionsByProduct = indexBy(descriptions, 'Product');

  const product = defineEntitySet({
    name: 'A_Product',
    entityType: 'A_ProductType',
    keys: ['Product'],
    properties: PRODUCT_PROPERTIES,
    rows: products,
    indexed: ['Product'],
    navigation: {
      to_Description: {
        target: 'A_ProductDescription',
        many: true,
        resolve: (r) => descriptionsByProduct.get(String(r.Product)) ?? [],
      },
    },
    etag: (r) => timestampEtag(Number(r.LastChangeDateTime)),
  });
  const description = defineEntitySet({
    name: 'A_ProductDescription',
    entityType: 'A_ProductDescriptionType',
    keys: ['Product', 'Language'],
    properties: DESCRIPTION_PROPERTIES,
    rows: descriptions,
    navigation: {},
  });
  return {
    name: PRODUCT_SERVICE,
    componentId: 'LO-MD-MM',
    sets: new Map([product, description].map((s) => [s.name, s])),
  };
}
