import type { IncomingHttpHeaders } from 'node:http';
import { Pool, type Dispatcher } from 'undici';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface HttpPoolOptions {
  /** Base URL; a path in it (e.g. http://host/api) prefixes every request path. */
  baseUrl: string;
  /** Connections kept open to the system at most; calls beyond wait for a free one. @default 16 */
  connections?: number;
  /** Headers on every request; a request's own headers win, names compared case-insensitively. @default {} */
  headers?: Record<string, string>;
}

export interface HttpRequest {
  method: HttpMethod;
  /** Relative to the base URL, starting with "/"; may carry a query (replaced when `searchParams` is given). */
  path: string;
  /** Replaces the path's query; undefined values are left out. */
  searchParams?: Record<string, string | number | undefined> | undefined;
  /** Sent as JSON with `content-type: application/json` unless the headers name another. */
  json?: unknown;
  body?: string | undefined;
  headers: Record<string, string>;
  /** The whole exchange, from queueing for a connection to the last body byte, in ms. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Lowercase names, repeated headers merged as node's http client does (`set-cookie` always a list). */
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * No complete answer: the connection failed or broke, or `timedOut` when the exchange ran past
 * its timeout. `code` is the network error's code (ECONNREFUSED, ECONNRESET…).
 */
export class HttpTransportError extends Error {
  override readonly name = 'HttpTransportError';
  constructor(
    readonly code: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(timedOut ? `no answer in time (${code})` : `network error (${code})`, options);
  }
}

/** undici's own timeouts and the kernel's: all mean the system did not answer in time. */
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function transportError(err: unknown): HttpTransportError {
  if (err instanceof HttpTransportError) return err;
  const { code: raw, name } = (err ?? {}) as { code?: unknown; name?: unknown };
  // undici's parser errors carry no code (node's say HPE_…): name the kind instead.
  const code = typeof raw === 'string' ? raw : name === 'HTTPParserError' ? name : 'network error';
  if (TIMEOUT_CODES.has(code)) return new HttpTransportError(code, true, { cause: err });
  // A connection closed before the answer ended is what node's client calls "socket hang up",
  // ECONNRESET; operators (and the docs) know the failure by that name.
  return new HttpTransportError(code === 'UND_ERR_SOCKET' ? 'ECONNRESET' : code, false, { cause: err });
}

/** Headers node's http client keeps once (the first) when a response repeats them. */
const SINGLE_VALUED = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/** undici lists every repeated header; callers read headers the way node's client shaped them. */
function nodeShaped(headers: IncomingHttpHeaders): HttpResponse['headers'] {
  for (const name in headers) {
    const value = headers[name];
    if (Array.isArray(value) && name !== 'set-cookie') headers[name] = SINGLE_VALUED.has(name) ? value[0] : value.join(', ');
  }
  const cookies = headers['set-cookie'];
  if (typeof cookies === 'string') headers['set-cookie'] = [cookies];
  return headers;
}

function lowercased(headers: Record<string, string>, into: Record<string, string>): Record<string, string> {
  for (const name in headers) into[name.toLowerCase()] = headers[name] as string;
  return into;
}

/**
 * One exchange on the pool. The timer settles the promise on its own, so a call still queued for
 * a connection (all busy with a hanging system) times out on time; undici drops it when its turn
 * comes. The body is always read to the end, which returns the connection to the pool.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private readonly chunks: Buffer[] = [];
  private settled = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (err: HttpTransportError) => void,
    timeoutMs: number,
  ) {
    this.timer = setTimeout(() => this.fail(new HttpTransportError('ETIMEDOUT', true)), timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    if (this.settled) controller.abort(new HttpTransportError('ETIMEDOUT', true));
    else this.controller = controller;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    // 1xx answers (100-continue, 103 hints) precede the real one, as in node's client.
    if (statusCode < 200) return;
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    const body = this.chunks.length === 1 ? (this.chunks[0] as Buffer).toString('utf8') : Buffer.concat(this.chunks).toString('utf8');
    this.resolve({ status: this.status, headers: nodeShaped(this.headers), body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.fail(transportError(err));
  }

  private fail(err: HttpTransportError): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    // Aborting destroys the connection: a late answer must not be read as the next call's.
    this.controller?.abort(err);
    this.reject(err);
  }
}

/**
 * Keep-alive HTTP/1.1 to one system over undici's Pool: no redirects followed, no retries (the
 * caller's policy decides), every status returned as data. Idle connections do not hold the
 * process open.
 */
export class HttpPool {
  private readonly pool: Pool;
  private readonly prefix: string;
  private readonly headers: Record<string, string>;

  constructor(options: HttpPoolOptions) {
    const base = new URL(options.baseUrl);
    this.pool = new Pool(base.origin, { connections: options.connections ?? 16 });
    // As got's prefixUrl: base and path joined by one slash, the result parsed as a URL.
    this.prefix = `${options.baseUrl.replace(/\/$/, '')}/`;
    this.headers = lowercased(options.headers ?? {}, {});
  }

  send(request: HttpRequest): Promise<HttpResponse> {
    let target: string;
    let headers: Record<string, string>;
    let body: string | undefined;
    try {
      // Parsing percent-encodes what a path may not carry raw (spaces, quotes in OData filters).
      const url = new URL(this.prefix + request.path.replace(/^\//, ''));
      if (request.searchParams) url.search = query(request.searchParams);
      target = url.pathname + url.search;
      headers = lowercased(request.headers, { ...this.headers });
      body = request.body;
      if (request.json !== undefined) {
        body = JSON.stringify(request.json);
        headers['content-type'] ??= 'application/json';
      }
    } catch (err) {
      return Promise.reject(transportError(err));
    }
    return new Promise<HttpResponse>((resolve, reject) => {
      const exchange = new Exchange(resolve, reject, request.timeoutMs);
      this.pool.dispatch({ method: request.method, path: target, headers, body: body ?? null }, exchange);
    });
  }

  /** Waits for calls in flight, then closes every connection. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const name in params) {
    const value = params[name];
    if (value !== undefined) search.append(name, String(value));
  }
  return search.toString();
}
