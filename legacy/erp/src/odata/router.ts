/**
 * One fastify route per HTTP method under the OData root, dispatching to entity sets of the
 * registered services. Paths are parsed here rather than by fastify because OData key
 * predicates (`A_SalesOrder('1')`) are not route-pattern friendly.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CsrfTokens } from './csrf.ts';
import { ODataError, SAP_CODES, notFound, sapErrorBody, uriError } from './errors.ts';
import type { EntitySet, ODataService, Row } from './model.ts';
import { applyFilterAndOrder, pageOf, parseQuery, type PagingLimits } from './query.ts';
import { entityPath, renderEntity, type RenderContext } from './render.ts';
import { parseResourcePath, type ResourcePath } from './resourcePath.ts';

export const ODATA_ROOT = '/sap/opu/odata/sap/';

export interface ODataRouterOptions {
  services: readonly ODataService[];
  limits: PagingLimits;
  csrf: CsrfTokens;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('dataserviceversion', '2.0').type(JSON_TYPE).send(JSON.stringify(body));
}

function resolveKey(set: EntitySet, key: Record<string, string>): Record<string, string> {
  const only = set.keys[0];
  if ('' in key) {
    if (set.keys.length !== 1 || only === undefined) throw uriError(`Entity set '${set.name}' needs a named key predicate.`);
    return { [only]: key[''] as string };
  }
  const names = Object.keys(key).sort();
  if (names.join(',') !== [...set.keys].sort().join(',')) {
    throw uriError(`Key predicate does not match the key of '${set.entityType}' (${set.keys.join(', ')}).`);
  }
  return key;
}

function nextLink(base: string, params: URLSearchParams, nextOffset: number, remainingTop: number | undefined): string {
  const pairs: [string, string][] = [];
  for (const [k, v] of params) if (k !== '$skip' && k !== '$skiptoken' && k !== '$top') pairs.push([k, v]);
  if (remainingTop !== undefined) pairs.push(['$top', String(remainingTop)]);
  pairs.push(['$skiptoken', String(nextOffset)]);
  // SAP writes `$skiptoken`, not `%24skiptoken`, and `%20` rather than the form-encoding `+`.
  const query = pairs.map(([k, v]) => `${encodeURIComponent(k).replace(/%24/g, '$')}=${encodeURIComponent(v)}`).join('&');
  return `${base}?${query}`;
}

interface Target {
  set: EntitySet;
  /** The rows a collection request ranges over, or the single row. */
  rows?: readonly Row[];
  row?: Row;
  /** Name SAP reports in "Resource not found for segment …". */
  segment: string;
}

function resolveTarget(service: ODataService, path: ResourcePath): Target {
  const set = service.sets.get(path.set);
  if (!set) throw notFound(path.set);
  if (!path.key) return { set, rows: set.rows, segment: set.entityType };
  const row = set.find(resolveKey(set, path.key));
  if (!row) throw notFound(set.entityType);
  if (!path.navigation) return { set, row, segment: set.entityType };
  const navigation = set.navigation[path.navigation];
  const target = navigation && service.sets.get(navigation.target);
  if (!navigation || !target) throw notFound(path.navigation);
  const related = navigation.resolve(row);
  if (navigation.many) return { set: target, rows: related, segment: target.entityType };
  const first = related[0];
  if (!first) throw notFound(target.entityType);
  return { set: target, row: first, segment: target.entityType };
}

export function registerODataRoutes(app: FastifyInstance, options: ODataRouterOptions): void {
  const services = new Map(options.services.map((s) => [s.name.toUpperCase(), s]));

  // Bumped before and after every request that may write, so a read between the two never takes
  // the rows for unchanged (see applyFilterAndOrder).
  let writes = 0;
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === 'GET' || request.method === 'HEAD') return serve(request, reply);
    writes++;
    try {
      return await serve(request, reply);
    } finally {
      writes++;
    }
  };

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const [rawPath = '', rawQuery = ''] = request.url.split(/\?(.*)/s);
    const params = new URLSearchParams(rawQuery);
    let segments: string[];
    try {
      segments = rawPath
        .slice(ODATA_ROOT.length)
        .split('/')
        .map((s) => decodeURIComponent(s));
    } catch {
      return reply.code(400).type(JSON_TYPE).send(sapErrorBody(SAP_CODES.uriSyntax, 'Malformed URI.'));
    }
    const [serviceName = '', ...resource] = segments;
    const service = services.get(serviceName.toUpperCase());
    const context = { service: serviceName, ...(service && { componentId: service.componentId }) };
    try {
      if (!service) {
        throw new ODataError(
          404,
          SAP_CODES.serviceNotFound,
          `No service found for namespace '/SAP/', name '${serviceName}', version '0001'`,
        );
      }
      const origin = `${request.protocol}://${request.headers.host ?? 'localhost'}`;
      const serviceRoot = `${origin}${ODATA_ROOT}${service.name}`;
      const trimmed = resource.filter((s, i) => s !== '' || i < resource.length - 1);
      if (request.method === 'POST' && trimmed.length === 1) {
        const create = trimmed.length === 1 ? service.creators?.get(trimmed[0] ?? '') : undefined;
        const set = create && service.sets.get(trimmed[0] ?? '');
        if (!create || !set) {
          throw new ODataError(405, SAP_CODES.methodNotAllowed, `Method 'POST' is not allowed on this read-only resource.`);
        }
        if (!options.csrf.check(request, reply)) return reply;
        const row = create(request.body);
        const ctx: RenderContext = { service, serviceRoot };
        const entity = renderEntity(ctx, set, row, new Map(), undefined);
        return sendJson(reply.header('location', `${serviceRoot}/${entityPath(set, row)}`), 201, { d: entity });
      }
      if (request.method === 'POST' || request.method === 'PATCH') {
        return writeEntity(service, serviceRoot, trimmed, request, reply, options.csrf);
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        throw new ODataError(405, SAP_CODES.methodNotAllowed, `Method '${request.method}' is not allowed on this read-only resource.`);
      }
      options.csrf.issueIfAsked(request, reply);
      if (trimmed.length === 0) {
        return sendJson(reply, 200, { d: { EntitySets: [...service.sets.keys()] } });
      }
      if (trimmed[0] === '$metadata') {
        throw new ODataError(501, SAP_CODES.generic, '$metadata is not served by this simulator; see legacy/erp/README.md.');
      }
      const path = parseResourcePath(trimmed);
      const target = resolveTarget(service, path);
      const ctx: RenderContext = { service, serviceRoot };
      if (target.row) {
        const query = parseQuery(params, target.set, service, 'entity');
        return sendJson(reply, 200, { d: renderEntity(ctx, target.set, target.row, query.expand, query.select) });
      }
      const query = parseQuery(params, target.set, service, 'collection');
      const matched = applyFilterAndOrder(target.rows ?? [], query, target.set, writes);
      if (path.count) {
        return reply.code(200).header('dataserviceversion', '2.0').type('text/plain; charset=utf-8').send(String(matched.length));
      }
      const page = pageOf(matched, query, options.limits);
      const d: Record<string, unknown> = {};
      if (query.inlinecount) d.__count = String(matched.length);
      d.results = page.rows.map((row) => renderEntity(ctx, target.set, row, query.expand, query.select));
      if (page.nextOffset !== undefined) {
        d.__next = nextLink(`${origin}${rawPath}`, params, page.nextOffset, page.remainingTop);
      }
      return sendJson(reply, 200, { d });
    } catch (err) {
      if (!(err instanceof ODataError)) throw err;
      return reply
        .code(err.status)
        .header('dataserviceversion', '1.0')
        .type(JSON_TYPE)
        .send(sapErrorBody(err.code, err.message, context));
    }
  };

  app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: `${ODATA_ROOT}*`, handler: handle });
}

/** `PATCH Set(key)` (204) and `POST Set(key)/to_Nav` (201) where the service allows them. */
function writeEntity(
  service: ODataService,
  serviceRoot: string,
  segments: readonly string[],
  request: FastifyRequest,
  reply: FastifyReply,
  csrf: CsrfTokens,
): FastifyReply {
  const path = parseResourcePath(segments);
  const set = service.sets.get(path.set);
  const post = request.method === 'POST';
  const update = post ? undefined : service.updaters?.get(path.set);
  const createRelated = post && path.navigation ? service.relatedCreators?.get(`${path.set}/${path.navigation}`) : undefined;
  if (!set || !path.key || path.count || (post ? !createRelated : !update || path.navigation)) {
    throw new ODataError(405, SAP_CODES.methodNotAllowed, `Method '${request.method}' is not allowed on this resource.`);
  }
  if (!csrf.check(request, reply)) return reply;
  const row = set.find(resolveKey(set, path.key));
  if (!row) throw notFound(set.entityType);
  if (update) {
    update(row, request.body);
    return reply.code(204).header('dataserviceversion', '2.0').send();
  }
  const target = service.sets.get(set.navigation[path.navigation ?? '']?.target ?? '');
  if (!createRelated || !target) throw notFound(path.navigation ?? '');
  const created = createRelated(row, request.body);
  const entity = renderEntity({ service, serviceRoot }, target, created, new Map(), undefined);
  return sendJson(reply.header('location', `${serviceRoot}/${entityPath(target, created)}`), 201, { d: entity });
}
