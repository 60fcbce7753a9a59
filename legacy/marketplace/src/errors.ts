import type { ErrorRenderer } from '../../kit/src/index.ts';

/** SP-API `ErrorList` entry: `{"errors":[{"code","message","details"}]}`. */
export interface SpApiErrorEntry {
  code: string;
  message: string;
  details: string;
}

/** A request the simulator refuses, carried to the reply as an SP-API ErrorList. */
export class SpApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details = '',
  ) {
    super(message);
    this.name = 'SpApiError';
  }

  get body(): { errors: SpApiErrorEntry[] } {
    return errorList(this.code, this.message, this.details);
  }
}

export function errorList(code: string, message: string, details = ''): { errors: SpApiErrorEntry[] } {
  return { errors: [{ code, message, details }] };
}

export const invalidInput = (message: string, details = ''): SpApiError => new SpApiError(400, 'InvalidInput', message, details);

/** The wording SP-API uses; `details` tells a missing token from an expired or unknown one. */
export const ACCESS_DENIED = 'Access to requested resource is denied.';
export const QUOTA_EXCEEDED = 'You exceeded your quota for the requested resource.';

/** Codes SP-API puts in the ErrorList for each status the spec declares. */
const CODES: Record<number, { code: string; message?: string }> = {
  400: { code: 'InvalidInput' },
  403: { code: 'Unauthorized', message: ACCESS_DENIED },
  404: { code: 'NotFound' },
  413: { code: 'RequestTooLarge' },
  415: { code: 'UnsupportedMediaType' },
  429: { code: 'QuotaExceeded', message: QUOTA_EXCEEDED },
  500: { code: 'InternalFailure', message: 'We encountered an internal error. Please try again.' },
  503: { code: 'ServiceUnavailable', message: 'Service temporarily unavailable. Please try again.' },
};

/**
 * Used by the kit for injected faults, unknown routes and unexpected exceptions, so every failure
 * (not only the ones our handlers raise) arrives in SP-API's ErrorList shape.
 */
export const renderSpApiError: ErrorRenderer = (status, message) => {
  const known = CODES[status] ?? (status >= 500 ? CODES[500]! : CODES[400]!);
  return {
    contentType: 'application/json',
    body: JSON.stringify(errorList(known.code, known.message ?? message)),
  };
};
