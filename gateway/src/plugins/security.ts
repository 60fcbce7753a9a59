import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { MaxIntrospectionDepthRule } from 'graphql';
import type { CacheStore } from '../../../adapters/core/src/index.ts';
import { auditPlugin, createAuditLog, personalFields } from './audit.ts';
import { errorScrubPlugin } from './errorScrub.ts';
import { installHttpGuards } from './httpGuards.ts';
import { limitsPlugin } from './limitsPlugin.ts';
import { RateLimiter, type RateLimiterLogger } from './RateLimiter.ts';
import { installRateLimit, type RateLimitHookOptions } from './rateLimitHttp.ts';
import type { SecurityConfig } from './securityConfig.ts';

export interface SecurityOptions {
  config: SecurityConfig;
  /** Rate-limit buckets (the shared keyv store). @default an in-memory Map */
  store?: CacheStore;
  /** Where the rate limiter reports store failures. @default JSON lines on stderr */
  logger?: RateLimiterLogger;
  /** The supergraph, whose `@pii` fields the audit log watches. @default DEFAULT_PERSONAL_FIELDS */
  supergraphSdl?: string;
}

export interface Security {
  /** Spread into the ApolloServer options. */
  apollo: Pick<
    ApolloServerOptions<BaseContext>,
    | 'introspection'
    | 'hideSchemaDetailsFromClientErrors'
    | 'allowBatchedHttpRequests'
    | 'parseOptions'
    | 'validationRules'
    | 'csrfPrevention'
    | 'maxRecursiveSelections'
  >;
  /** Limits and audit first; the error scrub last (after every other plugin). */
  plugins: { first: ApolloServerPlugin<BaseContext>[]; last: ApolloServerPlugin<BaseContext>[] };
  bodyLimitBytes: number;
  /** Installs the HTTP-level guards (body size, batch size); call before the GraphQL route is mounted. */
  install(app: FastifyInstance, graphqlPath: string): void;
  /** Installs the rate limit; call after the authentication hook, which establishes the caller. */
  installRateLimit(app: FastifyInstance, graphqlPath: string, callerOf: RateLimitHookOptions['callerOf']): void;
  close(): void;
}

/** Limits, rate limits, error scrubbing and audit of the gateway, wired from one config. */
export function createSecurity(options: SecurityOptions): Security {
  const { config } = options;
  const audit = createAuditLog(config.audit);
  const limiter = new RateLimiter({
    store: options.store,
    storeTimeoutMs: config.rateLimitStoreTimeoutMs,
    ...(options.logger && { logger: options.logger }),
  });
  const rates = Object.fromEntries(Object.entries(config.roles).map(([role, l]) => [role, l.rate])) as RateLimitHookOptions['rates'];
  return {
    apollo: {
      // Decided per request by limitsPlugin (admins only); suggestions likewise.
      introspection: true,
      hideSchemaDetailsFromClientErrors: false,
      allowBatchedHttpRequests: true,
      parseOptions: { maxTokens: config.limits.maxTokens },
      validationRules: [MaxIntrospectionDepthRule],
      // Apollo's own guard against fragment expansion, before the (per-role) analysis runs.
      maxRecursiveSelections: true,
      csrfPrevention: true,
    },
    plugins: {
      first: [
        limitsPlugin({ limits: config.limits, roles: config.roles }),
        auditPlugin(audit.logger, personalFields(options.supergraphSdl)),
      ],
      last: [errorScrubPlugin()],
    },
    bodyLimitBytes: config.limits.bodyLimitBytes,
    install(app, graphqlPath) {
      installHttpGuards(app, { path: graphqlPath, bodyLimitBytes: config.limits.bodyLimitBytes, maxBatch: config.limits.maxBatch });
    },
    installRateLimit(app, graphqlPath, callerOf) {
      installRateLimit(app, { path: graphqlPath, limiter, rates, callerOf });
    },
    close: () => audit.close(),
  };
}
