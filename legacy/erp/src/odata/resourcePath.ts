/** Resource paths after the service root: `Set`, `Set('k')`, `Set(K1='a',K2='b')/to_Nav`, `…/$count`. */
import { uriError } from './errors.ts';

export interface ResourcePath {
  set: string;
  /** Key predicate: positional (`''` name) for a single unnamed key, else by name. */
  key?: Record<string, string>;
  navigation?: string;
  count: boolean;
}

/** Parses `('a')` or `(K1='a',K2='b')` bodies; quoted values use `''` for a quote. */
export function parseKeyPredicate(body: string): Record<string, string> {
  const key: Record<string, string> = {};
  let i = 0;
  const readValue = (): string => {
    if (body[i] !== "'") throw uriError(`Invalid key predicate '(${body})': string keys must be quoted.`);
    let out = '';
    i++;
    for (;;) {
      if (i >= body.length) throw uriError(`Invalid key predicate '(${body})'.`);
      if (body[i] === "'") {
        if (body[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        i++;
        return out;
      }
      out += body[i];
      i++;
    }
  };
  if (body.startsWith("'")) {
    key[''] = readValue();
  } else {
    for (;;) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(body.slice(i));
      if (!m) throw uriError(`Invalid key predicate '(${body})'.`);
      i += m[0].length;
      const name = m[1] as string;
      if (name in key) throw uriError(`Key property '${name}' is given twice.`);
      key[name] = readValue();
      if (i >= body.length) break;
      if (body[i] !== ',') throw uriError(`Invalid key predicate '(${body})'.`);
      i++;
    }
  }
  if (i !== body.length) throw uriError(`Invalid key predicate '(${body})'.`);
  return key;
}

/** `segments` are the decoded path segments after the service name. */
export function parseResourcePath(segments: readonly string[]): ResourcePath {
  const [first = '', second, third, ...more] = segments;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\((.*)\))?$/s.exec(first);
  if (!m || more.length > 0) throw uriError(`Invalid resource path '${segments.join('/')}'.`);
  const path: ResourcePath = { set: m[1] as string, count: false };
  if (m[2] !== undefined) path.key = parseKeyPredicate(m[2]);
  let rest = [second, third].filter((s): s is string => s !== undefined);
  if (rest.length > 0 && path.key && rest[0] !== '$count') {
    path.navigation = rest[0] as string;
    rest = rest.slice(1);
  }
  if (rest.length === 1 && rest[0] === '$count' && (!path.key || path.navigation)) {
    path.count = true;
    rest = [];
  }
  if (rest.length > 0) throw uriError(`Invalid resource path '${segments.join('/')}'.`);
  return path;
}
