import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import type { Session } from './session.ts';
import { staleLink } from './stale.ts';

/**
 * One client per signed-in session. Partial results are the normal case (a legacy system down
 * costs only its fields), so every operation keeps data and errors together (`errorPolicy: all`).
 */
export function createClient(session: Session, onUnauthenticated: () => void): ApolloClient {
  const auth = new SetContextLink((prev) => ({ headers: { ...prev.headers, authorization: `Bearer ${session.token}` } }));
  const http = new HttpLink({
    uri: '/graphql',
    fetch: async (input, init) => {
      const res = await fetch(input, init);
      if (res.status === 401) onUnauthenticated();
      return res;
    },
  });
  return new ApolloClient({
    link: ApolloLink.from([auth, staleLink, http]),
    cache: new InMemoryCache({
      typePolicies: {
        // Stock, quotes and holds change under us: never merge them across answers.
        StoreAvailability: { keyFields: false },
        LocationAvailability: { keyFields: false },
        Membership: { merge: true },
      },
    }),
    defaultOptions: {
      watchQuery: { errorPolicy: 'all', fetchPolicy: 'cache-and-network' },
      query: { errorPolicy: 'all' },
      mutate: { errorPolicy: 'all' },
    },
  });
}

// Tells Apollo's types that every result may carry data and errors together (see createClient).
declare module '@apollo/client' {
  // Apollo's documented way to declare default options is namespace merging.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace ApolloClient {
    // eslint-disable-next-line @typescript-eslint/no-namespace
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
      interface Mutate {
        errorPolicy: 'all';
      }
    }
  }
}
