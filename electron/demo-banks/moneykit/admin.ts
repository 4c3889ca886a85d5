/** The MoneyKit face's test controls (`/__admin/*`), served by common/admin.ts: links, steps, faults, truth. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { serveAdmin, type AdminRoutes } from '../common/admin';
import { MoneykitApiError } from './errors';
import { MoneykitFaultPlanSchema } from './faults';
import { UnknownLinkError, type LinkStore } from './linkStore';

const linkIdSchema = z.object({ link_id: z.string() });
const advanceSchema = linkIdSchema.extend({ steps: z.number().int().min(1).max(1000).default(1) });
const faultsSchema = linkIdSchema.extend({ faults: MoneykitFaultPlanSchema });

function adminRoutes(store: LinkStore): AdminRoutes {
  return {
    'GET /__admin/links': () => ({ links: store.listLinks() }),
    'GET /__admin/secrets': () => ({ secrets: store.issuedSecrets() }),
    'POST /__admin/advance': (body) => {
      const { link_id, steps } = advanceSchema.parse(body);
      store.advance(link_id, steps);
      return { ok: true };
    },
    'POST /__admin/faults': (body) => {
      const { link_id, faults } = faultsSchema.parse(body);
      store.setFaults(link_id, faults);
      return { ok: true };
    },
    'POST /__admin/truth': (body) => store.truth(linkIdSchema.parse(body).link_id),
  };
}

export function createMoneykitAdmin(store: LinkStore): (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> {
  const routes = adminRoutes(store);
  return (req, res, path) =>
    serveAdmin(req, res, path, routes, {
      notFound: (error): error is Error => error instanceof UnknownLinkError,
      refused: (error): error is Error => error instanceof MoneykitApiError,
    });
}
