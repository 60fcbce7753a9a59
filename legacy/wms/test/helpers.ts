import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { Dataset } from '../../dataset/src/index.ts';
import type { Simulator } from '../../kit/src/index.ts';
import {
  SERVICE_PATH,
  SOAP11_ENVELOPE_NS,
  WMS_DEFAULT_CREDENTIALS,
  WMS_NAMESPACE,
  WSSE_NS,
  WSSE_PASSWORD_TEXT,
  createWmsSimulator,
  soapActionOf,
  type OperationName,
} from '../src/index.ts';

export interface Started {
  sim: Simulator;
  url: string;
  endpoint: string;
}

export async function start(dataset: Dataset): Promise<Started> {
  const sim = createWmsSimulator({ dataset });
  const url = await sim.listen(0, '127.0.0.1');
  return { sim, url, endpoint: `${url}${SERVICE_PATH}` };
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

export interface EnvelopeOptions {
  username?: string;
  password?: string;
  passwordType?: string;
  /** Leave the Security header out. */
  noSecurity?: boolean;
}

/** A request envelope built the way a client toolkit would (prefixed WMS namespace). */
export function envelope(operation: OperationName, content: Record<string, unknown>, options: EnvelopeOptions = {}): string {
  const prefixed = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(prefixed);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [`wh:${k}`, prefixed(v)]));
  };
  const header = options.noSecurity
    ? {}
    : {
        'wsse:Security': {
          '@_soapenv:mustUnderstand': '1',
          'wsse:UsernameToken': {
            'wsse:Username': options.username ?? WMS_DEFAULT_CREDENTIALS.username,
            'wsse:Password': {
              '@_Type': options.passwordType ?? WSSE_PASSWORD_TEXT,
              '#text': options.password ?? WMS_DEFAULT_CREDENTIALS.password,
            },
          },
        },
      };
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'soapenv:Envelope': {
      '@_xmlns:soapenv': SOAP11_ENVELOPE_NS,
      '@_xmlns:wsse': WSSE_NS,
      '@_xmlns:wh': WMS_NAMESPACE,
      'soapenv:Header': header,
      'soapenv:Body': { [`wh:${operation}Request`]: prefixed(content) },
    },
  }) as string;
}

export interface SoapReply {
  status: number;
  contentType: string | null;
  text: string;
  /** The parsed envelope, namespace prefixes removed. */
  body: Record<string, unknown>;
}

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: false, attributeNamePrefix: '@_' });

export async function post(endpoint: string, xml: string, headers: Record<string, string>): Promise<SoapReply> {
  const res = await fetch(endpoint, { method: 'POST', body: xml, headers: { 'content-type': 'text/xml; charset=utf-8', ...headers } });
  const text = await res.text();
  const doc = parser.parse(text) as { Envelope?: { Body?: Record<string, unknown> } };
  return { status: res.status, contentType: res.headers.get('content-type'), text, body: doc.Envelope?.Body ?? {} };
}

/** Calls an operation with its SOAPAction and the default credentials unless told otherwise. */
export function call(
  s: Started,
  operation: OperationName,
  content: Record<string, unknown>,
  options: EnvelopeOptions = {},
): Promise<SoapReply> {
  return post(s.endpoint, envelope(operation, content, options), { soapaction: `"${soapActionOf(operation)}"` });
}

export interface FaultView {
  faultcode: string;
  faultstring: string;
  detail: { WarehouseFault: { ErrorCode: string; ErrorMessage: string; Field?: string } };
}

export function faultOf(reply: SoapReply): FaultView {
  const fault = reply.body.Fault as FaultView | undefined;
  if (!fault) throw new Error(`expected a soap:Fault, got ${reply.text}`);
  return fault;
}

/** Lists come back as an array, a single object, or '' when empty. */
export function listOf<T>(value: unknown): T[] {
  if (value === undefined || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}
