import { readFileSync } from 'node:fs';
import type { Dataset } from '../../dataset/src/index.ts';
import { createSimulator, type FaultSettings, type Simulator } from '../../kit/src/index.ts';
import { SERVICE_PATH, WMS_ERRORS, WSDL_DEFAULT_ADDRESS, WSSE_PASSWORD_TEXT } from './contract.ts';
import { READ_HANDLERS } from './operations.ts';
import { SOAP_CONTENT_TYPE, WmsFault, faultForStatus, parseSoapRequest, renderFault, renderResponse, type UsernameToken } from './soap.ts';
import { WmsStore } from './store.ts';
import { TASK_HANDLERS } from './tasks.ts';
import { WRITE_HANDLERS } from './writes.ts';

const HANDLERS = { ...READ_HANDLERS, ...WRITE_HANDLERS, ...TASK_HANDLERS };

export {
  MAX_LOCATIONS_PER_REQUEST,
  MAX_SKUS_PER_REQUEST,
  OPERATIONS,
  SERVICE_PATH,
  SOAP11_ENVELOPE_NS,
  WMS_ERRORS,
  WMS_NAMESPACE,
  WSSE_NS,
  WSSE_PASSWORD_TEXT,
  soapActionOf,
} from './contract.ts';
export type { OperationName, WmsErrorCode } from './contract.ts';
export { MAX_RESERVATION_TTL_MINUTES, READ_OPERATIONS, WRITE_OPERATIONS } from './contract.ts';

export interface WmsCredentials {
  username: string;
  password: string;
}

/**
 * Demo integration user of the simulator, sent as a WS-Security UsernameToken with a
 * PasswordText password. Documented here and in the README of the simulators.
 */
export const WMS_DEFAULT_CREDENTIALS: Readonly<WmsCredentials> = Object.freeze({
  username: 'R360_INTEGRATION',
  password: 'wms-demo-2008',
});

export interface WmsSimulatorOptions {
  dataset: Dataset;
  /** @default no faults */
  faults?: Partial<FaultSettings>;
  /** @default WMS_DEFAULT_CREDENTIALS */
  credentials?: WmsCredentials;
  /**
   * The WMS's clock, in epoch ms: hold expiry and the business date. The seeded world's "now" is
   * the dataset's reference date, so by default time starts there and runs at wall-clock speed.
   * @default referenceDate + time since the simulator was created
   */
  clock?: () => number;
}

/** Where the contract lives on disk; also served at `GET /ws/WarehouseService?wsdl`. */
export const WSDL_FILE = new URL('../wsdl/WarehouseService.wsdl', import.meta.url);

// Only a plain host[:port] is written into the served WSDL; anything else keeps the default.
const SAFE_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The warehouse management system: one SOAP 1.1 endpoint (`POST /ws/WarehouseService`,
 * operation chosen by SOAPAction and body element) serving locations, stock positions,
 * reservations and fulfilment tasks from the dataset, and taking holds, cycle counts and receipts. Every fault is a soap:Fault with HTTP 500,
 * as SOAP 1.1 servers answer; injected 429/5xx keep their status but carry a fault body too.
 */
export function createWmsSimulator(options: WmsSimulatorOptions): Simulator {
  const credentials = options.credentials ?? WMS_DEFAULT_CREDENTIALS;
  const startedAt = Date.now();
  const referenceMs = Date.parse(options.dataset.referenceDate);
  const store = new WmsStore(options.dataset, options.clock ?? (() => referenceMs + (Date.now() - startedAt)));
  const wsdl = readFileSync(WSDL_FILE, 'utf8');
  const sim = createSimulator({
    system: 'wms',
    faults: options.faults ?? {},
    renderError: (status, message) => ({ contentType: SOAP_CONTENT_TYPE, body: renderFault(faultForStatus(status, message)) }),
  });

  sim.app.get(SERVICE_PATH, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    if (!Object.keys(query).some((k) => k.toLowerCase() === 'wsdl')) {
      const fault = new WmsFault(
        'Client',
        WMS_ERRORS.UNKNOWN_OPERATION,
        'Send SOAP requests with POST; the contract is at ?wsdl',
        undefined,
        405,
      );
      return reply.code(405).header('allow', 'GET, POST').type(SOAP_CONTENT_TYPE).send(renderFault(fault));
    }
    const host = request.headers.host;
    const body = host && SAFE_HOST.test(host) ? wsdl.replace(WSDL_DEFAULT_ADDRESS, `http://${host}${SERVICE_PATH}`) : wsdl;
    return reply.type(SOAP_CONTENT_TYPE).send(body);
  });

  sim.app.post(SERVICE_PATH, async (request, reply) => {
    try {
      const soapAction = request.headers.soapaction;
      const parsed = parseSoapRequest(
        request.body,
        request.headers['content-type'],
        Array.isArray(soapAction) ? soapAction[0] : soapAction,
      );
      authenticate(parsed.token, credentials);
      store.expireHolds();
      const content = HANDLERS[parsed.operation](store, parsed.payload);
      return reply.type(SOAP_CONTENT_TYPE).send(renderResponse(parsed.operation, content));
    } catch (err) {
      const fault = err instanceof WmsFault ? err : new WmsFault('Server', WMS_ERRORS.INTERNAL, 'Internal error');
      return reply.code(fault.httpStatus).type(SOAP_CONTENT_TYPE).send(renderFault(fault));
    }
  });

  return sim;
}

/** The same answer for a missing token, an unknown user and a wrong password: no user probing. */
function authenticate(token: UsernameToken | undefined, expected: WmsCredentials): void {
  const ok =
    token !== undefined &&
    token.passwordType === WSSE_PASSWORD_TEXT &&
    token.username === expected.username &&
    token.password === expected.password;
  if (!ok) throw new WmsFault('Client', WMS_ERRORS.AUTH_FAILED, 'Authentication failed: invalid WS-Security UsernameToken');
}
