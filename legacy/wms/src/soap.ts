import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  OPERATIONS,
  SOAP11_ENVELOPE_NS,
  SOAP12_ENVELOPE_NS,
  WMS_ERRORS,
  WMS_NAMESPACE,
  WSSE_NS,
  WSSE_PASSWORD_TEXT,
  soapActionOf,
  type OperationName,
  type WmsErrorCode,
} from './contract.ts';

export type FaultCode = 'Client' | 'Server' | 'VersionMismatch' | 'MustUnderstand';

/** A failure the service answers with a soap:Fault (HTTP 500 unless told otherwise). */
export class WmsFault extends Error {
  constructor(
    readonly faultCode: FaultCode,
    readonly errorCode: WmsErrorCode,
    message: string,
    readonly field?: string,
    readonly httpStatus = 500,
  ) {
    super(message);
    this.name = 'WmsFault';
  }
}

export interface UsernameToken {
  username: string;
  password: string;
  passwordType: string;
}

export interface SoapRequest {
  operation: OperationName;
  token: UsernameToken | undefined;
  /** The operation element's content with namespace prefixes removed. */
  payload: Record<string, unknown>;
}

type XmlNode = Record<string, unknown>;

// Prefixed view: used only to check which namespace each envelope element is in.
const prefixedParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false });
// Local-name view: what the operations read. Lists are always arrays, even of one.
const LIST_PATHS =
  /\.(Skus\.Sku|LocationCodes\.LocationCode|Lines\.Line|PickedLines\.Line|OrderReferences\.OrderReference|TaskIds\.TaskId)$/;
const contentParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (_name, jpath) => LIST_PATHS.test(String(jpath)),
});
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressBooleanAttributes: false });

const isNode = (v: unknown): v is XmlNode => typeof v === 'object' && v !== null && !Array.isArray(v);
const localName = (key: string) => key.slice(key.indexOf(':') + 1);
const prefixOf = (key: string) => (key.includes(':') ? key.slice(0, key.indexOf(':')) : '');
const elementKeys = (node: XmlNode) => Object.keys(node).filter((k) => !k.startsWith('@_') && k !== '#text' && k !== '?xml');

/** The namespace a prefixed element name is bound to, looking outwards through the scopes. */
function namespaceOf(key: string, scopes: readonly XmlNode[]): string | undefined {
  const prefix = prefixOf(key);
  const attr = prefix ? `@_xmlns:${prefix}` : '@_xmlns';
  for (const scope of scopes) {
    const ns = scope[attr];
    if (typeof ns === 'string') return ns;
  }
  return undefined;
}

function findChild(node: XmlNode, local: string): [string, XmlNode] | undefined {
  const key = elementKeys(node).find((k) => localName(k) === local);
  if (key === undefined) return undefined;
  const value = node[key];
  return [key, isNode(value) ? value : {}];
}

function clientFault(code: WmsErrorCode, message: string, field?: string): WmsFault {
  return new WmsFault('Client', code, message, field);
}

/** Reads a SOAP 1.1 request: envelope version, WS-Security token, operation and its payload. */
export function parseSoapRequest(body: unknown, contentType: string | undefined, soapAction: string | undefined): SoapRequest {
  if (contentType?.toLowerCase().includes('application/soap+xml')) {
    throw new WmsFault('VersionMismatch', WMS_ERRORS.MALFORMED, 'SOAP 1.2 is not supported; send a SOAP 1.1 envelope as text/xml');
  }
  if (typeof body !== 'string' || body.trim() === '') {
    throw clientFault(WMS_ERRORS.MALFORMED, 'The request body must be a SOAP 1.1 envelope sent as text/xml');
  }
  // SOAP 1.1 forbids DTDs; refusing them also closes the door on entity expansion attacks.
  if (/<!DOCTYPE/i.test(body)) throw clientFault(WMS_ERRORS.MALFORMED, 'A SOAP message must not contain a document type declaration');
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw clientFault(WMS_ERRORS.MALFORMED, `The request is not well-formed XML (line ${valid.err.line}, column ${valid.err.col})`);
  }

  const raw = prefixedParser.parse(body) as XmlNode;
  const envelope = findChild(raw, 'Envelope');
  if (!envelope) throw clientFault(WMS_ERRORS.MALFORMED, 'The request has no soap:Envelope');
  const [envKey, env] = envelope;
  const envNs = namespaceOf(envKey, [env]);
  if (envNs !== SOAP11_ENVELOPE_NS) {
    throw new WmsFault(
      'VersionMismatch',
      WMS_ERRORS.MALFORMED,
      envNs === SOAP12_ENVELOPE_NS ? 'SOAP 1.2 is not supported' : 'The envelope is not in the SOAP 1.1 namespace',
    );
  }
  const bodyEl = findChild(env, 'Body');
  if (!bodyEl || namespaceOf(bodyEl[0], [bodyEl[1], env]) !== SOAP11_ENVELOPE_NS) {
    throw clientFault(WMS_ERRORS.MALFORMED, 'The envelope has no soap:Body');
  }
  const opKeys = elementKeys(bodyEl[1]);
  const opKey = opKeys[0];
  if (opKey === undefined || opKeys.length > 1)
    throw clientFault(WMS_ERRORS.UNKNOWN_OPERATION, 'soap:Body must hold exactly one request element');
  const opNs = namespaceOf(opKey, [isNode(bodyEl[1][opKey]) ? (bodyEl[1][opKey] as XmlNode) : {}, bodyEl[1], env]);
  const operation = OPERATIONS.find((op) => `${op}Request` === localName(opKey));
  if (opNs !== WMS_NAMESPACE || !operation) {
    throw clientFault(WMS_ERRORS.UNKNOWN_OPERATION, `Unknown operation element ${localName(opKey)}`);
  }
  checkSoapAction(soapAction, operation);

  const headerEl = findChild(env, 'Header');
  if (headerEl) checkMustUnderstand(headerEl[1], env);

  const content = contentParser.parse(body) as XmlNode;
  const cEnv = isNode(content.Envelope) ? content.Envelope : {};
  const cBody = isNode(cEnv.Body) ? cEnv.Body : {};
  const payload = cBody[`${operation}Request`];
  return { operation, token: readToken(cEnv.Header), payload: isNode(payload) ? payload : {} };
}

function checkSoapAction(header: string | undefined, operation: OperationName): void {
  if (header === undefined) throw clientFault(WMS_ERRORS.UNKNOWN_OPERATION, 'The SOAPAction HTTP header is required');
  const action = header.trim().replace(/^"(.*)"$/, '$1');
  // An empty SOAPAction means "the body says it" (SOAP 1.1 section 6.1.1).
  if (action !== '' && action !== soapActionOf(operation)) {
    throw clientFault(WMS_ERRORS.UNKNOWN_OPERATION, `SOAPAction does not match the ${operation}Request body element`);
  }
}

/** Headers marked mustUnderstand that this service does not process are a MustUnderstand fault. */
function checkMustUnderstand(header: XmlNode, env: XmlNode): void {
  for (const key of elementKeys(header)) {
    const el = header[key];
    if (!isNode(el)) continue;
    const must = Object.entries(el).some(
      ([k, v]) => k.startsWith('@_') && localName(k.slice(2)) === 'mustUnderstand' && (v === '1' || v === 'true'),
    );
    const understood = localName(key) === 'Security' && namespaceOf(key, [el, header, env]) === WSSE_NS;
    if (must && !understood) {
      throw new WmsFault('MustUnderstand', WMS_ERRORS.VALIDATION, `Header ${localName(key)} is not understood by this service`);
    }
  }
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'];
  if (isNode(value) && Object.keys(value).every((k) => k.startsWith('@_'))) return '';
  return undefined;
}

function readToken(header: unknown): UsernameToken | undefined {
  if (!isNode(header) || !isNode(header.Security) || !isNode(header.Security.UsernameToken)) return undefined;
  const token = header.Security.UsernameToken;
  const username = text(token.Username);
  const password = text(token.Password);
  if (username === undefined || password === undefined) return undefined;
  const type = isNode(token.Password) && typeof token.Password['@_Type'] === 'string' ? token.Password['@_Type'] : WSSE_PASSWORD_TEXT;
  return { username, password, passwordType: type };
}

const XML_DECLARATION = { '@_version': '1.0', '@_encoding': 'utf-8' };

/** A SOAP 1.1 envelope around `<{operation}Response xmlns=WMS>` with the given children. */
export function renderResponse(operation: OperationName, content: Record<string, unknown>): string {
  return builder.build({
    '?xml': XML_DECLARATION,
    'soap:Envelope': {
      '@_xmlns:soap': SOAP11_ENVELOPE_NS,
      'soap:Body': { [`${operation}Response`]: { '@_xmlns': WMS_NAMESPACE, ...content } },
    },
  }) as string;
}

export function renderFault(fault: WmsFault): string {
  return builder.build({
    '?xml': XML_DECLARATION,
    'soap:Envelope': {
      '@_xmlns:soap': SOAP11_ENVELOPE_NS,
      'soap:Body': {
        'soap:Fault': {
          faultcode: `soap:${fault.faultCode}`,
          faultstring: fault.message,
          detail: {
            WarehouseFault: {
              '@_xmlns': WMS_NAMESPACE,
              ErrorCode: fault.errorCode,
              ErrorMessage: fault.message,
              ...(fault.field !== undefined && { Field: fault.field }),
            },
          },
        },
      },
    },
  }) as string;
}

/** How the kit's injected failures and HTTP-level errors look from this service: a soap:Fault. */
export function faultForStatus(status: number, message: string): WmsFault {
  if (status === 429) return new WmsFault('Server', WMS_ERRORS.THROTTLED, message, undefined, status);
  if (status === 502 || status === 503 || status === 504) return new WmsFault('Server', WMS_ERRORS.UNAVAILABLE, message, undefined, status);
  if (status >= 500) return new WmsFault('Server', WMS_ERRORS.INTERNAL, message, undefined, status);
  if (status === 404 || status === 405) return new WmsFault('Client', WMS_ERRORS.UNKNOWN_OPERATION, message, undefined, status);
  if (status === 415) return new WmsFault('Client', WMS_ERRORS.MALFORMED, message, undefined, status);
  return new WmsFault('Client', WMS_ERRORS.VALIDATION, message, undefined, status);
}

export const SOAP_CONTENT_TYPE = 'text/xml; charset=utf-8';
