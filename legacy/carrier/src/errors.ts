/**
 * UPS's error body for every API: `{ response: { errors: [{ code, message }] } }` (the `Response`
 * schema of Tracking.yaml, `tokenErrorResponse` of OAuthClientCredentials.yaml).
 *
 * Codes: 250002 (invalid token), 10401 (bad client credentials), 111210 (no service between the
 * locations) and TW0001 (tracking information not found) are the ones UPS sends. The specs in
 * the repo do not list the others; they are the simulator's, in UPS's style.
 */
export const UPS_ERRORS = {
  INVALID_TOKEN: { code: '250002', message: 'Invalid Authentication Information.' },
  MISSING_AUTH_HEADER: { code: '10400', message: 'Invalid/Missing Authorization Header' },
  INVALID_CLIENT: { code: '10401', message: 'ClientId is Invalid' },
  INVALID_GRANT_TYPE: { code: '10402', message: 'Invalid/Missing grant_type' },
  MISSING_TRANS_ID: { code: 'TV1001', message: 'Missing or invalid transId' },
  INVALID_INQUIRY_NUMBER: { code: 'TV1002', message: 'Invalid inquiry number' },
  MISSING_TRANSACTION_SRC: { code: 'TV1003', message: 'Missing or invalid transactionSrc' },
  INVALID_LOCALE: { code: 'TV1004', message: 'Invalid locale' },
  NOT_FOUND: { code: 'TW0001', message: 'Tracking Information Not Found' },
  RATE_INVALID_REQUEST: { code: '111100', message: 'The request is not valid' },
  RATE_NO_SERVICE: { code: '111210', message: 'The requested service is unavailable between the selected locations.' },
  RATE_INVALID_WEIGHT: { code: '111035', message: 'The package weight is missing or invalid.' },
  RATE_UNKNOWN_VERSION: { code: '111101', message: 'Unsupported version or request option' },
} as const;

export interface UpsError {
  code: string;
  message: string;
}

export function errorBody(...errors: UpsError[]): { response: { errors: UpsError[] } } {
  return { response: { errors: errors.map((e) => ({ code: e.code, message: e.message })) } };
}

const HTTP_CODES: Record<number, string> = {
  400: '10000',
  401: '250002',
  403: '250003',
  404: '10404',
  405: '10405',
  415: '10415',
  429: '10429',
  500: '10500',
  502: '10502',
  503: '10503',
  504: '10504',
};

/** The kit's injected and routing errors, in UPS's shape. */
export function renderUpsError(status: number, message: string): { contentType: string; body: string } {
  const code = HTTP_CODES[status] ?? String(status);
  return { contentType: 'application/json', body: JSON.stringify(errorBody({ code, message })) };
}
