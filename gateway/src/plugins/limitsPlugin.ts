import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { FragmentDefinitionNode } from 'graphql';
import { Kind } from 'graphql';
import type { CallerRole } from '../../../subgraphs/runtime/src/index.ts';
import { callerOf, isAdmin } from './caller.ts';
import { refusal } from './errors.ts';
import {
  DEFAULT_LIMITS,
  DEFAULT_LIST_SIZE,
  FIELD_COSTS,
  KEYED_LOOKUPS,
  LIST_SIZES,
  ROLE_LIMITS,
  type OperationLimits,
  type RoleLimits,
} from './limitsTable.ts';
import { analyzeOperation, longestVariableString, type CostModel } from './operationAnalysis.ts';

export interface LimitsPluginOptions {
  /** @default DEFAULT_LIMITS */
  limits?: OperationLimits;
  /** @default ROLE_LIMITS */
  roles?: Record<CallerRole, RoleLimits>;
  /** @default FIELD_COSTS, LIST_SIZES, DEFAULT_LIST_SIZE and KEYED_LOOKUPS */
  costModel?: CostModel;
}

const SUGGESTION = / ?Did you mean(.+?)\?$/;
const TOKEN_LIMIT = /Document contains more (?:than|that) \d+ tokens/;

/**
 * Refuses operations that are too deep, too wide (aliases, directives), too long (strings)
 * or too expensive for the caller's role, before any subgraph is called; hides introspection
 * and "did you mean" suggestions from everyone but admins. Runs per request (not as a cached
 * validation rule) because the budget and introspection depend on who is asking.
 */
export function limitsPlugin(options: LimitsPluginOptions = {}): ApolloServerPlugin<BaseContext> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const roles = options.roles ?? ROLE_LIMITS;
  const model = options.costModel ?? {
    fieldCosts: FIELD_COSTS,
    listSizes: LIST_SIZES,
    defaultListSize: DEFAULT_LIST_SIZE,
    keyedLookups: KEYED_LOOKUPS,
  };
  return {
    async requestDidStart({ contextValue }) {
      const caller = callerOf(contextValue);
      const admin = isAdmin(caller);
      return {
        async validationDidStart() {
          return async (errors) => {
            if (admin) return;
            for (const e of errors ?? []) e.message = e.message.replace(SUGGESTION, '');
          };
        },
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
          const shape = analyzeOperation(schema, operation, fragments, request.variables ?? {}, model);
          if (shape.introspection && !admin) {
            throw refusal('INTROSPECTION_DISABLED', 'Introspection is available to admins only.', 400);
          }
          if (shape.truncated) throw refusal('QUERY_TOO_COMPLEX', 'Operation expands to too many fields.', 400);
          if (shape.depth > limits.maxDepth) {
            throw refusal(
              'QUERY_TOO_DEEP',
              `Operation depth ${shape.depth} exceeds the limit of ${limits.maxDepth}.`,
              400,
              {},
              { depth: shape.depth, limit: limits.maxDepth },
            );
          }
          if (shape.aliases > limits.maxAliases) {
            throw refusal(
              'TOO_MANY_ALIASES',
              `Operation uses ${shape.aliases} aliases; the limit is ${limits.maxAliases}.`,
              400,
              {},
              { aliases: shape.aliases, limit: limits.maxAliases },
            );
          }
          if (shape.directives > limits.maxDirectives) {
            throw refusal(
              'TOO_MANY_DIRECTIVES',
              `Operation uses ${shape.directives} directives; the limit is ${limits.maxDirectives}.`,
              400,
              {},
              { directives: shape.directives, limit: limits.maxDirectives },
            );
          }
          const longest = Math.max(shape.longestString, longestVariableString(request.variables ?? {}));
          if (longest > limits.maxStringLength) {
            throw refusal(
              'INPUT_TOO_LONG',
              `A string argument has ${longest} characters; the limit is ${limits.maxStringLength}.`,
              400,
              {},
              { limit: limits.maxStringLength },
            );
          }
          const maxCost = roles[caller.role].maxCost;
          if (shape.cost > maxCost) {
            throw refusal(
              'QUERY_TOO_COMPLEX',
              `Operation cost ${shape.cost} exceeds the ${caller.role} limit of ${maxCost}.`,
              400,
              {},
              { cost: shape.cost, limit: maxCost, role: caller.role },
            );
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          for (const e of response.body.singleResult.errors ?? []) {
            if (e.extensions?.code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT.test(e.message)) {
              (e.extensions as Record<string, unknown>).code = 'TOO_MANY_TOKENS';
              (e.extensions as Record<string, unknown>).limit = limits.maxTokens;
            }
          }
        },
      };
    },
  };
}
