import type { FastifyInstance } from 'fastify';
import type { Dataset } from '../../dataset/src/index.ts';
import { createSimulator, type FaultSettings, type Simulator } from '../../kit/src/index.ts';
import { handleSquareError, invalidRequest, renderSquareError, unauthorized } from './errors.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { customerRoutes } from './routes/customers.ts';
import { buildGiftCards, giftCardRoutes, type GiftCardBook } from './routes/giftCards.ts';
import { locationRoutes } from './routes/locations.ts';
import { moneyWriteRoutes } from './routes/moneyWrites.ts';
import { orderRoutes } from './routes/orders.ts';
import { paymentRoutes } from './routes/payments.ts';
import { buildStore, type PosStore } from './store.ts';

export interface PosCredentials {
  /** OAuth or personal access token, sent as `Authorization: Bearer <token>`. */
  accessToken: string;
}

/** Demo credentials of the POS simulator (a Square-style personal access token). */
export const POS_DEFAULT_CREDENTIALS: Readonly<PosCredentials> = Object.freeze({
  accessToken: 'EAAAl-retail360-pos-demo-access-token',
});

/** The Square-Version this simulator implements (the spec's version). */
const POS_SQUARE_VERSION = '2025-08-20';

export interface PosSimulatorOptions {
  dataset: Dataset;
  /** @default no faults */
  faults?: Partial<FaultSettings>;
  /** @default POS_DEFAULT_CREDENTIALS */
  credentials?: PosCredentials;
}

/**
 * A Square Connect (v2) look-alike serving the dataset's stores, store customers and till
 * receipts: Locations, Customers, Orders and the Payments/Refunds listings. Routes added,
 * not listening.
 */
export function createPosSimulator(options: PosSimulatorOptions): Simulator {
  const sim = createSimulator({ system: 'pos', renderError: renderSquareError, ...(options.faults && { faults: options.faults }) });
  const store = buildStore(options.dataset);
  const token = (options.credentials ?? POS_DEFAULT_CREDENTIALS).accessToken;
  // A child scope, so the POS routes get Square's own error handler for body-parser failures.
  const giftCards = buildGiftCards(options.dataset);
  sim.app.register(async (scope) => registerRoutes(scope, store, token, giftCards, options.dataset));
  return sim;
}

function registerRoutes(scope: FastifyInstance, store: PosStore, token: string, giftCards: GiftCardBook, dataset: Dataset): void {
  scope.setErrorHandler(handleSquareError);
  scope.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) {
      throw unauthorized('Your request did not include an `Authorization` http header with an access token.');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('The `Authorization` http header of your request was malformed: it must be `Bearer <access token>`.');
    if (match[1] !== token) throw unauthorized('This request could not be authorized.');
    const version = request.headers['square-version'];
    if (version !== undefined && (typeof version !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(version))) {
      throw invalidRequest('INVALID_SQUARE_VERSION_FORMAT', 'The `Square-Version` header must be a date in YYYY-MM-DD format.');
    }
  });
  scope.addHook('onSend', async (request, reply, payload) => {
    const version = request.headers['square-version'];
    reply.header('square-version', typeof version === 'string' ? version : POS_SQUARE_VERSION);
    return payload;
  });
  locationRoutes(scope, store);
  customerRoutes(scope, store);
  orderRoutes(scope, store);
  paymentRoutes(scope, store);
  giftCardRoutes(scope, giftCards);
  moneyWriteRoutes(scope, store, giftCards);
  catalogRoutes(scope, dataset);
}
