/** The Plaid demo bank's test controls (`/__admin/*`), served by common/admin.ts: items, steps, bursts, faults, truth. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { serveAdmin, type AdminRoutes } from '../common/admin';
import { PlaidError } from './errors';
import { faultPlanSchema } from './faults';
import { UnknownItemError, type ItemStore } from './itemStore';

const itemIdSchema = z.object({ item_id: z.string() });
const advanceSchema = itemIdSchema.extend({ steps: z.number().int().min(1).max(1000).default(1) });
const faultsSchema = itemIdSchema.extend({ faults: faultPlanSchema });
const count = z.number().int().min(0).max(100_000);
const burstSchema = itemIdSchema.extend({ authorize: count, post: count, add: count, modify: count, remove: count, backfill: count.default(0), on_refresh: z.boolean().default(false) });

function adminRoutes(store: ItemStore): AdminRoutes {
  return {
    'GET /__admin/items': () => ({ items: store.listItems() }),
    'GET /__admin/secrets': () => ({ secrets: store.issuedSecrets() }),
    'POST /__admin/advance': (body) => {
      const { item_id, steps } = advanceSchema.parse(body);
      store.advance(item_id, steps);
      return { ok: true };
    },
    'POST /__admin/burst': (body) => {
      const { item_id, on_refresh, ...spec } = burstSchema.parse(body);
      store.burst(item_id, spec, on_refresh);
      return { ok: true };
    },
    'POST /__admin/faults': (body) => {
      const { item_id, faults } = faultsSchema.parse(body);
      store.setFaults(item_id, faults);
      return { ok: true };
    },
    'POST /__admin/truth': (body) => store.truth(itemIdSchema.parse(body).item_id),
  };
}

export function createPlaidAdmin(store: ItemStore): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> {
  const routes = adminRoutes(store);
  return (req, res, path) =>
    serveAdmin(req, res, path, routes, {
      notFound: (error): error is Error => error instanceof UnknownItemError,
      refused: (error): error is Error => error instanceof PlaidError,
    });
}
