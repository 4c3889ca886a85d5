/**
 * Demo mode's "what if" controls: make the demo bank require a new sign-in, go down, rate-limit,
 * or produce new activity — so a user can see how Ledgerline behaves — and repair it again.
 * Works on the embedded bank in-process, or on an external one through its loopback admin API.
 */
import type { DemoAction } from '../../shared/ipc/contract';
import type { DemoBank, FaultPlan } from '../sandbox/demoBank';

export interface DemoBankControl {
  setFaults(itemId: string, plan: FaultPlan): Promise<void>;
  advance(itemId: string, steps: number): Promise<void>;
}

export function inProcessControl(bank: DemoBank): DemoBankControl {
  return {
    setFaults: async (itemId, plan) => bank.setFaults(itemId, plan),
    advance: async (itemId, steps) => bank.advance(itemId, steps),
  };
}

export function httpControl(baseUrl: string): DemoBankControl {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(new URL(path, baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`the demo bank refused ${path} (HTTP ${res.status})`);
  };
  return {
    setFaults: (item_id, faults) => post('/__admin/faults', { item_id, faults }),
    advance: (item_id, steps) => post('/__admin/advance', { item_id, steps }),
  };
}

const PLANS: Record<Exclude<DemoAction, 'new_activity'>, { plan: FaultPlan; message: string }> = {
  login_required: { plan: { loginRequired: true }, message: 'The demo bank now requires you to sign in again. Press Refresh now to see how Ledgerline shows it.' },
  bank_outage: { plan: { institutionDown: 50 }, message: 'The demo bank is now down. Press Refresh now to see how Ledgerline retries and reports it.' },
  rate_limit: { plan: { rateLimit: 50 }, message: 'The demo bank now rate-limits Ledgerline. Press Refresh now to see it.' },
  repair: { plan: {}, message: 'The demo bank is working normally again. Press Refresh now.' },
};

export async function simulate(control: DemoBankControl, itemId: string, action: DemoAction): Promise<string> {
  if (action === 'new_activity') {
    await control.advance(itemId, 1);
    return 'The demo bank has new activity: press Refresh now to fetch it.';
  }
  const { plan, message } = PLANS[action];
  await control.setFaults(itemId, plan);
  return message;
}
