import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { applyIntercept, refusalOf } from './interceptRules.ts';
import type { TokenIssuer } from './oauth.ts';
import type { PendingIntercept, ShipmentBook } from './shipmentBook.ts';

/**
 * UPS Delivery Intercept API v2 (DeliveryIntercept.yaml), under the `/api/deliveryintercept/{version}`
 * server: `POST /willcall/{tracking_number}` (hold at a UPS facility), `POST /redirect/address/…`
 * (deliver to another address), `POST /return/…` (return to sender), `GET /eligibility/intercept/…`.
 *
 * Headers as the spec's parameters: `transId` (3–14 of [A-Za-z0-9-.]), `platformType: XOLT`,
 * `inquiryType: U`, a bearer token. A change UPS refuses for the parcel's state is a 200 with
 * `success: false` and `errors[{ errorCode, errorMessage }]` (DeliveryInterceptResponseV2, as the
 * spec's ERROR example); input problems are 400 and a bad token 401 in
 * DeliveryInterceptErrorResponseV2 (`response.errors[{ code, message }]`). The spec lists code 710
 * (validation); 0404 (unknown tracking number) and the 71xx refusals are the simulator's own.
 */
export const INTERCEPT_PREFIX = '/api/deliveryintercept/:version';

const TRACKING_NUMBER = /^1Z[A-Z0-9]{16}$/;
const TRANS_ID = /^[a-zA-Z0-9-.]{3,14}$/;
const PHONE = /^\+[0-9]{1,13}$/;

const contact = z.looseObject({
  name: z.string().min(1).max(30),
  telephone: z.string().regex(PHONE),
  emailAddress: z.string().max(50).optional(),
  phoneExt: z.string().optional(),
  displayPhoneNumber: z.boolean().optional(),
});
/**
 * The spec's addressInfo has US patterns (5-digit ZIP); the simulator serves domestic China, so
 * postal codes are taken at the spec's lengths (5–16) and any alphanumeric form.
 */
const addressInfo = z.looseObject({
  addressLine1: z.string().min(1).max(50),
  addressLine2: z.string().min(1).max(35).optional(),
  city: z.string().min(1).max(30),
  state: z.string().regex(/^[A-Z]{2}$/),
  postalCode: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 -]{4,15}$/),
  countryCode: z.string().regex(/^[A-Z]{2}$/),
});
const interceptRequest = z.strictObject({
  requestType: z.enum(['WC', 'SC', 'FD', 'AA', 'RS']),
  requesterContactInfo: contact,
  specialInstructions: z.string().min(1).max(254).nullable(),
  reasonForReturn: z.enum(['AM', 'AN', 'AQ', 'AR', 'AS', 'FA', 'KR', 'KS', 'KV']).optional(),
  deliveryDate: z.string().optional(),
  newDeliveryAddress: z
    .looseObject({
      addressInfo,
      addressNickName: z.string().min(2).max(20).optional(),
      nameOrCompanyName: z.string().optional(),
      contactName: z.string().optional(),
      phoneNumber: z.string().optional(),
    })
    .optional(),
});
type InterceptRequest = z.infer<typeof interceptRequest>;

const transactionId = () => randomBytes(6).toString('hex');

function errorResponse(status: number, code: string, message: string) {
  return { response: { transactionId: transactionId(), statusCode: String(status), errors: [{ code, message }] } };
}

/** The spec's request headers; the first problem, or undefined. */
function headerProblem(request: FastifyRequest): string | undefined {
  const h = request.headers;
  if (typeof h.transid !== 'string' || !TRANS_ID.test(h.transid)) return 'Missing or invalid transId';
  if (h.platformtype !== 'XOLT') return 'Missing or invalid platformType';
  if (h.inquirytype !== 'U') return 'Missing or invalid inquiryType';
  return undefined;
}

const ENDPOINTS: readonly { path: string; change: PendingIntercept; detail: (r: InterceptRequest) => string | undefined }[] = [
  { path: '/willcall/:trackingNumber', change: 'WC', detail: () => 'will call' },
  {
    path: '/redirect/address/:trackingNumber',
    change: 'AA',
    detail: (r) => {
      const a = r.newDeliveryAddress?.addressInfo;
      return a && `${a.city} ${a.postalCode}`;
    },
  },
  { path: '/return/:trackingNumber', change: 'RS', detail: (r) => r.reasonForReturn && `reason ${r.reasonForReturn}` },
];

export function registerIntercept(app: FastifyInstance, book: ShipmentBook, tokens: TokenIssuer, clock: () => number): void {
  /** Token, headers, version and tracking number: the checks every intercept endpoint shares. */
  const gate = (request: FastifyRequest, reply: FastifyReply): string | undefined => {
    if (!tokens.isAuthorized(request)) {
      void reply.code(401).send(errorResponse(401, '250002', 'Invalid Authentication Information.'));
      return undefined;
    }
    const { version, trackingNumber } = request.params as { version: string; trackingNumber: string };
    const problem =
      headerProblem(request) ??
      (version !== 'v2' ? `Unsupported version ${version}` : undefined) ??
      (TRACKING_NUMBER.test(trackingNumber) ? undefined : 'Invalid tracking number');
    if (problem) {
      void reply.code(400).send(errorResponse(400, '710', `Failure due to input validation error: ${problem}`));
      return undefined;
    }
    reply.header('transId', request.headers.transid as string).header('BkndTransId', transactionId());
    if (!book.has(trackingNumber)) {
      void reply.code(400).send(errorResponse(400, '0404', 'Tracking number not found'));
      return undefined;
    }
    return trackingNumber;
  };

  for (const endpoint of ENDPOINTS) {
    app.post(`${INTERCEPT_PREFIX}${endpoint.path}`, async (request, reply) => {
      const trackingNumber = gate(request, reply);
      if (trackingNumber === undefined) return reply;
      const parsed = interceptRequest.safeParse(request.body);
      const body = parsed.success ? parsed.data : undefined;
      const detail = body && body.requestType === endpoint.change ? endpoint.detail(body) : undefined;
      if (!body || detail === undefined) {
        const why = !body ? (parsed.error?.issues[0]?.path.join('.') ?? 'body') : `requestType ${body.requestType} or its details`;
        return reply.code(400).send(errorResponse(400, '710', `Failure due to input validation error: ${why}`));
      }
      const shipment = book.get(trackingNumber)!;
      const refusal = refusalOf(shipment, endpoint.change, book.pending.get(shipment.trackingNumber));
      if (refusal) {
        return {
          transactionId: transactionId(),
          statusCode: '001',
          statusMsg: 'Not Eligible',
          subStatusCode: refusal.errorCode,
          success: false,
          errors: [{ errorCode: refusal.errorCode, errorMessage: refusal.errorMessage, errorSource: 'ELIGIBILITY' }],
        };
      }
      applyIntercept(shipment, endpoint.change, clock(), detail);
      book.pending.set(shipment.trackingNumber, endpoint.change);
      return { transactionId: transactionId(), statusCode: '000', statusMsg: 'Success', subStatusCode: '', success: true, errors: null };
    });
  }

  app.get(`${INTERCEPT_PREFIX}/eligibility/intercept/:trackingNumber`, async (request, reply) => {
    const trackingNumber = gate(request, reply);
    if (trackingNumber === undefined) return reply;
    const shipment = book.get(trackingNumber)!;
    const pending = book.pending.get(shipment.trackingNumber);
    const value = (change: PendingIntercept) => ({
      createEligibility: refusalOf(shipment, change, pending) ? 'NOT_ELIGIBLE' : 'ELIGIBLE',
      modifyEligibility: 'NOT_ELIGIBLE',
      cancelEligibility: 'NOT_ELIGIBLE',
    });
    return {
      response: {
        transactionId: transactionId(),
        statusCode: '000',
        statusMsg: 'SUCCESS',
        success: true,
        errors: null,
        warnings: null,
        // An array, as the spec's example sends it (its schema says object).
        commonEligibilityMap: [
          { interceptFeature: 'WC', eligibilityValue: value('WC') },
          { interceptFeature: 'RTS', eligibilityValue: value('RS') },
        ],
      },
    };
  });
}
