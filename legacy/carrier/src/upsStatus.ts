import type { TrackingStatus } from '../../dataset/src/index.ts';

/**
 * How the dataset's tracking vocabulary is rendered in UPS terms.
 *
 * - `type`: UPS's status type (M manifest/label created, I in transit, O out for delivery,
 *   D delivered, X exception, RS returned to shipper, MV billing information voided). UPS files
 *   a parcel left at an Access Point under D, so only `statusCode` tells it from a delivery.
 * - `statusCode`: UPS's three-digit package status code (003 Shipment Ready for UPS, 005 On the
 *   Way, 007 Shipment Information Voided, 011 Delivered, 013 Exception, 021 Out for Delivery,
 *   034 Returned to Sender, 161 Delivered to UPS Access Point).
 * - `code`: the two-letter activity (scan) code. UPS publishes no complete list; these follow
 *   the codes seen in UPS responses (MP billing information received, DP departure scan, OT out
 *   for delivery, FS delivered, …) and are the simulator's choice where none is known.
 */
export interface UpsStatus {
  type: string;
  code: string;
  statusCode: string;
  description: string;
  simplifiedTextDescription: string;
}

export const UPS_STATUS: Readonly<Record<TrackingStatus, UpsStatus>> = {
  PRE_TRANSIT: {
    type: 'M',
    code: 'MP',
    statusCode: '003',
    description: 'Shipment Ready for UPS',
    simplifiedTextDescription: 'Label Created',
  },
  IN_TRANSIT: { type: 'I', code: 'DP', statusCode: '005', description: 'On the Way', simplifiedTextDescription: 'On the Way' },
  OUT_FOR_DELIVERY: {
    type: 'O',
    code: 'OT',
    statusCode: '021',
    description: 'Out For Delivery Today',
    simplifiedTextDescription: 'Out for Delivery',
  },
  DELIVERED: { type: 'D', code: 'FS', statusCode: '011', description: 'DELIVERED', simplifiedTextDescription: 'Delivered' },
  AVAILABLE_FOR_PICKUP: {
    type: 'D',
    code: 'ZP',
    statusCode: '161',
    description: 'Delivered to UPS Access Point',
    simplifiedTextDescription: 'Ready for Pickup',
  },
  RETURN_TO_SENDER: {
    type: 'RS',
    code: 'RS',
    statusCode: '034',
    description: 'Returned to Sender',
    simplifiedTextDescription: 'Returned to Sender',
  },
  FAILURE: { type: 'X', code: 'UX', statusCode: '013', description: 'Exception', simplifiedTextDescription: 'Delivery Attempted' },
  CANCELLED: { type: 'MV', code: 'MV', statusCode: '007', description: 'Shipment Information Voided', simplifiedTextDescription: 'Voided' },
};
