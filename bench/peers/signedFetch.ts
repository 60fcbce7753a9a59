import { CALLER_HEADER, DEV_SIGNING_SECRET, encodeCaller, signRequest, type Caller } from '../../subgraphs/runtime/src/index.ts';

/**
 * What a peer gateway must add so retail360's subgraph servers accept its requests: they refuse
 * anything the gateway did not sign (HMAC over timestamp, caller and body). The peers forward a
 * fixed call-centre agent, as if their edge had authenticated one; they verify no credentials.
 */
export const BENCH_CALLER: Caller = { role: 'agent', subject: 'bench', scopes: [] };

export function subgraphHeaders(body: string): Record<string, string> {
  const caller = encodeCaller(BENCH_CALLER);
  return { [CALLER_HEADER]: caller, ...signRequest(process.env.SUBGRAPH_SIGNING_SECRET ?? DEV_SIGNING_SECRET, body, caller) };
}

/** `fetch` that signs every request with a string body. */
export const signedFetch: typeof fetch = (input, init) => {
  const body = typeof init?.body === 'string' ? init.body : '';
  const headers = new Headers(init?.headers);
  for (const [k, v] of Object.entries(subgraphHeaders(body))) headers.set(k, v);
  return fetch(input, { ...init, headers });
};
