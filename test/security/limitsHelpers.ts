import { findPersonWithMostOrders, getDataset } from '../../legacy/dataset/src/index.ts';
import type { DemoRole, TestStack } from '../helpers/stack.ts';

/** The scale the security stacks run at: small, quick to start. */
export const SECURITY_SCALE = 0.05;

/** Request headers of a role: the one place the probes get credentials from. */
export function as(stack: TestStack, role: DemoRole): Record<string, string> {
  return stack.credentials[role];
}

/** A real person of the dataset, found by phone. */
export function demoPhone(): string {
  return findPersonWithMostOrders(getDataset({ scale: SECURITY_SCALE })).person.phone;
}

/** The same person's family name (a name search is sized by `first`). */
export function demoName(): string {
  return findPersonWithMostOrders(getDataset({ scale: SECURITY_SCALE })).person.lastName;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: () => { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** A request exactly as given (body string, method, headers), for probes `gql()` cannot express. */
export async function raw(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const res = await fetch(url, {
    method: init.method ?? 'POST',
    headers: init.headers ?? {},
    ...(init.body !== undefined && { body: init.body }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

export const codesOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }): unknown[] =>
  (body.errors ?? []).map((e) => e.extensions?.code);
