import type { FastifyInstance } from 'fastify';
import { notFound } from '../errors.ts';
import type { PosStore } from '../store.ts';

export function locationRoutes(app: FastifyInstance, store: PosStore): void {
  app.get('/v2/locations', async () => ({ locations: store.locations }));

  app.get<{ Params: { location_id: string } }>('/v2/locations/:location_id', async (request) => {
    const id = request.params.location_id;
    // Square accepts "main" for the seller's main location.
    const location = id === 'main' ? store.locations[0] : store.locationsById.get(id);
    if (!location) throw notFound(`Location with ID \`${id}\` not found.`);
    return { location };
  });
}
