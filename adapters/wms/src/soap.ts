import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

/**
 * SOAP 1.1 plumbing shared by the operations: the envelope with its WS-Security header on the
 * way out, and body-or-fault on the way back. Knows SOAP and WS-Security, not the WMS.
 */

export const SOAP11_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSSE_PASSWORD_TEXT = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText';
export const SOAP_CONTENT_TYPE = 'text/xml; charset=utf-8';

// The builder escapes every text value (&, <, >, quotes): values never become markup.
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });

export interface UsernameTokenCredentials {
  username: string;
  password: string;
}

/**
 * A request envelope: `wsse:Security/UsernameToken` (PasswordText) in the header and
 * `<element xmlns=namespace>` in the body, its children in that default namespace.
 */
export function buildEnvelope(
  credentials: UsernameTokenCredentials,
  element: string,
  namespace: string,
  content: Record<string, unknown>,
): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    'soapenv:Envelope': {
      '@_xmlns:soapenv': SOAP11_ENVELOPE_NS,
      '@_xmlns:wsse': WSSE_NS,
      'soapenv:Header': {
        'wsse:Security': {
          '@_soapenv:mustUnderstand': '1',
          'wsse:UsernameToken': {
            'wsse:Username': credentials.username,
            'wsse:Password': { '@_Type': WSSE_PASSWORD_TEXT, '#text': credentials.password },
          },
        },
      },
      'soapenv:Body': { [element]: { '@_xmlns': namespace, ...content } },
    },
  }) as string;
}

export interface SoapFault {
  /** Local part of the fault code QName: Client, Server, VersionMismatch, MustUnderstand. */
  code: string;
  message: string;
  detail?: unknown;
}

/** What a SOAP response holds: the named body element's content, or a fault. */
export type SoapOutcome<T = unknown> = { fault: SoapFault } | { payload: T };

const faultSchema = z.object({
  faultcode: z.string(),
  faultstring: z.string().default(''),
  detail: z.unknown().optional(),
});

/**
 * Parses a SOAP 1.1 response. Text stays text (`parseTagValue: false`): SKUs like "00123" must
 * not turn into numbers. Elements named in `lists` are always arrays, even with one item.
 */
export function parseEnvelope(xml: string, element: string, lists: ReadonlySet<string>): SoapOutcome {
  if (/<!DOCTYPE/i.test(xml)) throw new Error('SOAP responses must not contain a DTD');
  const parser = new XMLParser({
    removeNSPrefix: true,
    ignoreAttributes: true,
    parseTagValue: false,
    isArray: (name) => lists.has(name),
  });
  const doc = parser.parse(xml, true) as Record<string, unknown>;
  const envelope = asNode(doc.Envelope, 'Envelope');
  const body = asNode(envelope.Body, 'Body');
  if (body.Fault !== undefined) {
    const fault = faultSchema.parse(body.Fault);
    return { fault: { code: fault.faultcode.slice(fault.faultcode.indexOf(':') + 1), message: fault.faultstring, detail: fault.detail } };
  }
  return { payload: body[element] };
}

function asNode(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`SOAP response has no ${name}`);
  return value as Record<string, unknown>;
}
