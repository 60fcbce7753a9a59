import type { Location } from './types.ts';
import { UPPER_ALNUM, type Rng } from './random.ts';
import { iso } from './format.ts';

interface Site {
  code: string;
  kind: Location['kind'];
  name: string;
  line1: string;
  district: string;
  city: string;
  postcode: string;
  latitude: number;
  longitude: number;
}

/**
 * Real places (coordinates of the actual neighbourhoods) so that distance-based sourcing
 * and `storesNear` give answers a person who knows Shanghai would expect.
 */
const SITES: readonly Site[] = [
  {
    code: 'ST001',
    kind: 'STORE',
    name: "Jing'an Nanjing West Road",
    line1: '1266 Nanjing West Road',
    district: "Jing'an",
    city: 'Shanghai',
    postcode: '200040',
    latitude: 31.2295,
    longitude: 121.4523,
  },
  {
    code: 'ST002',
    kind: 'STORE',
    name: 'Xuhui Xujiahui',
    line1: '1 Hongqiao Road',
    district: 'Xuhui',
    city: 'Shanghai',
    postcode: '200030',
    latitude: 31.195,
    longitude: 121.437,
  },
  {
    code: 'ST003',
    kind: 'STORE',
    name: 'Pudong Lujiazui',
    line1: '168 Lujiazui West Road',
    district: 'Pudong',
    city: 'Shanghai',
    postcode: '200120',
    latitude: 31.2381,
    longitude: 121.5029,
  },
  {
    code: 'ST004',
    kind: 'STORE',
    name: "Huangpu People's Square",
    line1: '353 Nanjing East Road',
    district: 'Huangpu',
    city: 'Shanghai',
    postcode: '200001',
    latitude: 31.2362,
    longitude: 121.4796,
  },
  {
    code: 'ST005',
    kind: 'STORE',
    name: 'Changning Zhongshan Park',
    line1: '1018 Changning Road',
    district: 'Changning',
    city: 'Shanghai',
    postcode: '200050',
    latitude: 31.2204,
    longitude: 121.4178,
  },
  {
    code: 'ST006',
    kind: 'STORE',
    name: 'Putuo Changfeng',
    line1: '166 Daduhe Road',
    district: 'Putuo',
    city: 'Shanghai',
    postcode: '200333',
    latitude: 31.2266,
    longitude: 121.3925,
  },
  {
    code: 'ST007',
    kind: 'STORE',
    name: 'Hongkou North Sichuan Road',
    line1: '1318 North Sichuan Road',
    district: 'Hongkou',
    city: 'Shanghai',
    postcode: '200080',
    latitude: 31.2631,
    longitude: 121.4855,
  },
  {
    code: 'ST008',
    kind: 'STORE',
    name: 'Yangpu Wujiaochang',
    line1: '10 Songhu Road',
    district: 'Yangpu',
    city: 'Shanghai',
    postcode: '200433',
    latitude: 31.3006,
    longitude: 121.5143,
  },
  {
    code: 'ST009',
    kind: 'STORE',
    name: 'Minhang Xinzhuang',
    line1: '1 Xinsong Road',
    district: 'Minhang',
    city: 'Shanghai',
    postcode: '201100',
    latitude: 31.1112,
    longitude: 121.3853,
  },
  {
    code: 'ST010',
    kind: 'STORE',
    name: 'Pudong Zhangjiang',
    line1: '2899 Zhangjiang Road',
    district: 'Pudong',
    city: 'Shanghai',
    postcode: '201203',
    latitude: 31.2041,
    longitude: 121.5901,
  },
  {
    code: 'ST011',
    kind: 'STORE',
    name: 'Songjiang New Town',
    line1: '1188 Renmin North Road',
    district: 'Songjiang',
    city: 'Shanghai',
    postcode: '201620',
    latitude: 31.0352,
    longitude: 121.2268,
  },
  {
    code: 'ST012',
    kind: 'STORE',
    name: 'Baoshan Songbin Road',
    line1: '598 Songbin Road',
    district: 'Baoshan',
    city: 'Shanghai',
    postcode: '201900',
    latitude: 31.3702,
    longitude: 121.4851,
  },
  {
    code: 'DC01',
    kind: 'DC',
    name: 'Jiading Malu Distribution Centre',
    line1: '2000 Jiasong North Road',
    district: 'Jiading',
    city: 'Shanghai',
    postcode: '201801',
    latitude: 31.3331,
    longitude: 121.2655,
  },
  {
    code: 'DC02',
    kind: 'DC',
    name: 'Pudong Kangqiao Distribution Centre',
    line1: '500 Kangqiao East Road',
    district: 'Pudong',
    city: 'Shanghai',
    postcode: '201315',
    latitude: 31.1452,
    longitude: 121.5781,
  },
  {
    code: 'SUP01',
    kind: 'SUPPLIER',
    name: 'Kunshan Home & Living Supply Co.',
    line1: '88 Qianjin East Road',
    district: 'Kunshan',
    city: 'Kunshan',
    postcode: '215300',
    latitude: 31.3852,
    longitude: 120.9809,
  },
];

const STORE_PEAKS: readonly (readonly number[])[] = [
  [12, 13, 18, 19],
  [12, 13, 19, 20],
  [11, 12, 18, 19],
  [13, 14, 19, 20],
  [12, 18, 19, 20],
];

export function generateLocations(rng: Rng, refMs: number): Location[] {
  const posIds = new Set<string>();
  return SITES.map((site) => {
    const location: Location = {
      code: site.code,
      kind: site.kind,
      name: site.name,
      address: {
        line1: site.line1,
        city: site.city,
        district: site.district,
        postcode: site.postcode,
        country: 'CN',
      },
      latitude: site.latitude,
      longitude: site.longitude,
      labourCapacityPerHour: 0,
      peakHours: [],
      leadTimeDays: 0,
      openedAt: iso(rng.daysBefore(refMs, 400, 15 * 365)),
    };
    if (site.kind === 'STORE') {
      let id: string;
      do id = `L${rng.string(12, UPPER_ALNUM)}`;
      while (posIds.has(id));
      posIds.add(id);
      location.posLocationId = id;
      location.labourCapacityPerHour = rng.int(4, 12) * 5;
      location.peakHours = [...rng.pick(STORE_PEAKS)];
      location.leadTimeDays = 0;
    } else if (site.kind === 'DC') {
      location.labourCapacityPerHour = rng.int(8, 16) * 50;
      location.peakHours = [9, 10, 14, 15];
      location.leadTimeDays = 1;
    } else {
      location.labourCapacityPerHour = rng.int(2, 4) * 50;
      location.peakHours = [9, 10, 11];
      location.leadTimeDays = rng.int(3, 5);
    }
    return location;
  });
}

export function storeCodes(locations: readonly Location[]): string[] {
  return locations.filter((l) => l.kind === 'STORE').map((l) => l.code);
}

export const SUPPLIER_CODE = 'SUP01';
