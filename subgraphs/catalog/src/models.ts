import type { ProductRecord } from '../../../adapters/core/src/index.ts';

export type ProductModel = ProductRecord;
