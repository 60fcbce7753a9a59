import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * A refusal by a gateway guard: a GraphQL error with a stable code, and the HTTP status (and
 * headers) Apollo Server applies to the response from `extensions.http`.
 */
export function refusal(
  code: string,
  message: string,
  status: number,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, {
    // Apollo Server reads `http` (status and an iterable header map) and strips it from the response.
    extensions: { code, ...extra, http: { status, headers: new HeaderMap(Object.entries(headers)) } } as Record<string, unknown>,
  });
}

/** The same refusal as a response body, for guards that answer before Apollo Server runs. */
export function refusalBody(code: string, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] });
}
