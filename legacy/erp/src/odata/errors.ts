import { randomBytes } from 'node:crypto';

/**
 * Message codes the simulator uses. SAP Gateway puts a T100 message id (`class/number`) or an
 * exception class in `error.code`; these are the ones SAP systems return for the same cases.
 */
export const SAP_CODES = {
  /** "Resource not found for segment '…'": unknown key, entity set or navigation. */
  resourceNotFound: '/IWBEP/CM_MGW_RT/020',
  /** `$filter` / `$orderby` expression errors ("Invalid token detected at position n"). */
  expressionSyntax: '/IWCOR/CX_DS_EXPR_SYNTAX_ERROR/000',
  /** Other malformed URIs and query options. */
  uriSyntax: '/IWCOR/CX_DS_URI_ERROR/000',
  /** "No service found for namespace …": unknown service name. */
  serviceNotFound: '/IWFND/MED/170',
  /** Method not allowed on a read-only resource. */
  methodNotAllowed: '/IWFND/CM_MGW/004',
  /** A create rejected by the business logic (unknown partner, balance too low, duplicate). */
  businessError: '/IWBEP/CX_MGW_BUSI_EXCEPTION',
  /** Request body that is not a valid entity. */
  badRequestBody: '/IWBEP/CM_MGW_RT/004',
  /** Generic message (SY/530 "&1&2&3&4") for injected and internal failures. */
  generic: 'SY/530',
} as const;

/** A failure that becomes an SAP error body with this status. */
export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ODataError';
  }
}

export function expressionError(message: string): ODataError {
  return new ODataError(400, SAP_CODES.expressionSyntax, message);
}

export function uriError(message: string): ODataError {
  return new ODataError(400, SAP_CODES.uriSyntax, message);
}

export function notFound(segment: string): ODataError {
  return new ODataError(404, SAP_CODES.resourceNotFound, `Resource not found for segment '${segment}'.`);
}

export interface ErrorContext {
  /** Service the request was for, shown in `innererror.application`. */
  service?: string;
  componentId?: string;
}

/** `20200520043936.3110760`: SAP's timestamp style in `innererror.timestamp`. */
function sapTimestamp(now: Date): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 19).replace(/[-T:]/g, '')}.${iso.slice(20, 23)}0000`;
}

/** The body SAP Gateway sends for an error, in the JSON format (`$format=json`). */
export function sapErrorBody(code: string, message: string, context: ErrorContext = {}): string {
  return JSON.stringify({
    error: {
      code,
      message: { lang: 'en', value: message },
      innererror: {
        application: {
          component_id: context.componentId ?? '',
          service_namespace: '/SAP/',
          service_id: context.service ?? '',
          service_version: '0001',
        },
        transactionid: randomBytes(16).toString('hex').toUpperCase(),
        timestamp: sapTimestamp(new Date()),
        Error_Resolution: {
          SAP_Transaction:
            'For backend administrators: use ADT feed reader "SAP Gateway Error Log" or run transaction /IWFND/ERROR_LOG on SAP Gateway hub system and search for entries with the timestamp above for more details',
          SAP_Note: 'See SAP Note 1797736 for error analysis (https://service.sap.com/sap/support/notes/1797736)',
        },
        errordetails: [{ code, message, propertyref: '', severity: 'error', target: '', transition: false }],
      },
    },
  });
}

/** The kit's renderer: injected faults and unexpected errors in SAP's error shape. */
export function renderSapError(status: number, message: string): { contentType: string; body: string } {
  const code = status === 404 ? SAP_CODES.resourceNotFound : SAP_CODES.generic;
  return { contentType: 'application/json; charset=utf-8', body: sapErrorBody(code, message) };
}
