import { z, type ZodType } from 'zod';
import { AdapterError, parseJson, type CallContext, type SystemClient, type SystemResponse } from '../../core/src/index.ts';
import { encodeQuery } from './odata.ts';
import { ServiceDocumentSchema } from './types.ts';

/** What an ERP write sends; the token header, the CSRF retry and the body check are added by `send`. */
export interface ErpWriteSpec<T> {
  /** A stable name for metrics and logs, e.g. "createSalesOrder". */
  operation: string;
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path under an OData service, starting with `/sap/opu/odata/sap/<SERVICE>/`, query included. */
  path: string;
  json?: unknown;
  /** Extra headers, e.g. `If-Match`. @default none */
  headers?: Record<string, string>;
  /** Makes the write safe to retry (the ERP must refuse a duplicate by it). @default not retried */
  idempotencyKey?: string;
  /** Statuses answered as data (business refusals), besides 2xx. @default [400] */
  passStatuses?: number[];
  /**
   * Validates the parsed body. JSON bodies are parsed as JSON; SAP's plain-text answers
   * (and the empty body of a 204) as `{ text }`.
   */
  schema: ZodType<T>;
}

export interface ErpCsrfClientOptions {
  /** SAP client (`sap-client`) the token is fetched for. @default the system's default client */
  sapClient?: string;
}

const SERVICE_ROOT = /^(\/sap\/opu\/odata\/sap\/[^/?]+)/;

const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** JSON bodies as JSON; SAP's plain-text refusals (CSRF) and empty 204 bodies as `{ text }`. */
function parseLenient(body: string, contentType: string | undefined): unknown {
  return contentType?.includes('json') && body.trim() !== '' ? JSON.parse(body) : { text: body };
}

/**
 * SAP Gateway's CSRF protection for modifying requests: fetch a token with a GET carrying
 * `x-csrf-token: Fetch`, send it with each write, and when the ERP answers 403 with
 * `x-csrf-token: Required` (the token expired, or the ERP restarted) fetch a new one and send
 * the write once more. Any other 403, or a second refusal, is UPSTREAM_AUTH_FAILED.
 *
 * One token per client: SAP ties it to the logon session, not to one service, so every ERP
 * write (sales orders, points, billing, returns…) shares the adapter's instance (`erp.writes`).
 */
export class ErpCsrfClient {
  private token: string | undefined;
  private readonly sapClient: string | undefined;

  constructor(
    private readonly client: SystemClient,
    options: ErpCsrfClientOptions = {},
  ) {
    this.sapClient = options.sapClient;
  }

  async send<T>(ctx: CallContext, spec: ErpWriteSpec<T>): Promise<SystemResponse<T>> {
    const passStatuses = [...(spec.passStatuses ?? [400]), 403];
    for (let round = 0; round < 2; round++) {
      const token = (this.token ??= await this.fetchToken(ctx, spec.path));
      const response = await this.client.request(ctx, {
        operation: spec.operation,
        method: spec.method,
        path: spec.path,
        headers: { ...spec.headers, 'x-csrf-token': token },
        ...(spec.json !== undefined && { json: spec.json }),
        ...(spec.idempotencyKey !== undefined && { idempotencyKey: spec.idempotencyKey }),
        passStatuses,
        parse: parseLenient,
        schema: z.unknown(),
      });
      if (response.status === 403) {
        if (header(response.headers['x-csrf-token'])?.toLowerCase() !== 'required') break;
        // Only drop the token this call used: a concurrent write may have fetched a newer one.
        if (this.token === token) this.token = undefined;
        continue;
      }
      const checked = spec.schema.safeParse(response.body);
      if (!checked.success) {
        const where = checked.error.issues[0]?.path.join('.') ?? '';
        throw new AdapterError({
          system: 'ERP',
          code: 'UPSTREAM_BAD_RESPONSE',
          status: response.status,
          message: `ERP sent an unexpected ${spec.operation} payload (at ${where || 'root'})`,
          cause: checked.error,
        });
      }
      return { status: response.status, headers: response.headers, body: checked.data };
    }
    throw new AdapterError({
      system: 'ERP',
      code: 'UPSTREAM_AUTH_FAILED',
      status: 403,
      message: `ERP refused ${spec.operation} (CSRF token or authorisation; check ERP_USERNAME / ERP_PASSWORD roles)`,
    });
  }

  private async fetchToken(ctx: CallContext, writePath: string): Promise<string> {
    const root = SERVICE_ROOT.exec(writePath)?.[1];
    if (!root) throw new RangeError(`not an OData service path: ${writePath}`);
    const response = await this.client.request(ctx, {
      operation: 'fetchCsrfToken',
      path: `${root}/?${encodeQuery({ $format: 'json', 'sap-client': this.sapClient })}`,
      headers: { 'x-csrf-token': 'Fetch' },
      parse: parseJson,
      schema: ServiceDocumentSchema,
    });
    const token = header(response.headers['x-csrf-token']);
    if (!token || token.toLowerCase() === 'required') {
      throw new AdapterError({ system: 'ERP', code: 'UPSTREAM_BAD_RESPONSE', message: 'ERP sent no CSRF token' });
    }
    return token;
  }
}
