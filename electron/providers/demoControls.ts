/**
 * Demo mode's "try a situation" controls: make a demo bank require a new sign-in, go down,
 * rate-limit, or produce new activity — so a user can see how Ledgerline behaves — and repair it.
 * Each provider's demo module supplies what each situation means for its bank; the mechanics (an
 * embedded bank driven in-process, or an external one through its loopback admin API) live here,
 * and `demoWiring` turns those parts into the provider's `ProviderDemo`.
 */
import type { DemoAction } from '../../shared/ipc/contract';
import type { ProviderAdapter } from './adapter';
import type { DemoDeps, ProviderDemo } from './provider';

/** A demo bank as the controls see it: fault plans and steps, addressed by the connection's external id. */
export interface DemoBankControl<Plan> {
  setFaults(externalId: string, plan: Plan): Promise<void>;
  advance(externalId: string, steps: number): Promise<void>;
}

export function inProcessControl<Plan>(bank: { setFaults(id: string, plan: Plan): void; advance(id: string, steps: number): void }): DemoBankControl<Plan> {
  return {
    setFaults: async (id, plan) => bank.setFaults(id, plan),
    advance: async (id, steps) => bank.advance(id, steps),
  };
}

/** An external demo bank (e.g. `npm run demo-banks`), through `/__admin/*`; `idField` is how it names the connection. */
export function httpControl<Plan>(baseUrl: string, idField: 'item_id' | 'link_id' | 'authorization_id'): DemoBankControl<Plan> {
  const post = async (path: string, body: Record<string, unknown>): Promise<void> => {
    const res = await fetch(new URL(path, baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`the demo bank refused ${path} (HTTP ${res.status})`);
  };
  return {
    setFaults: (id, faults) => post('/__admin/faults', { [idField]: id, faults }),
    advance: (id, steps) => post('/__admin/advance', { [idField]: id, steps }),
  };
}

/** What each situation does to one provider's demo bank, and what to tell the user. */
export interface Situations<Plan> {
  newActivity: string;
  plans: Record<Exclude<DemoAction, 'new_activity'>, { plan: Plan; message: string }>;
}

/** A provider's demo controls, bound to its bank. */
export type DemoSimulator = (externalId: string, action: DemoAction) => Promise<string>;

export function demoSimulator<Plan>(control: DemoBankControl<Plan>, situations: Situations<Plan>): DemoSimulator {
  return async (externalId, action) => {
    if (action === 'new_activity') {
      await control.advance(externalId, 1);
      return situations.newActivity;
    }
    const { plan, message } = situations.plans[action];
    await control.setFaults(externalId, plan);
    return message;
  };
}

/** An embedded demo bank as its starter returns it: where it listens, how to stop it, how to steer it. */
export interface StartedBank<Plan> {
  url: string;
  close(): Promise<void>;
  control: { setFaults(id: string, plan: Plan): void; advance(id: string, steps: number): void };
}

/** A provider's demo wiring from its parts; the bank's fault-plan type stays inside. */
export function demoWiring<Plan>(spec: {
  bankLabel: string;
  stateFile: string;
  /** How the bank's `/__admin/*` API names a connection. */
  idField: 'item_id' | 'link_id' | 'authorization_id';
  situations: Situations<Plan>;
  startBank(opts: { seed: number; clientId: string; secret: string; logger: (line: string) => void; stateFile?: string }): Promise<StartedBank<Plan>>;
  connect(deps: DemoDeps): Promise<ProviderAdapter>;
}): ProviderDemo {
  return {
    bankLabel: spec.bankLabel,
    stateFile: spec.stateFile,
    async startBank(opts) {
      const bank = await spec.startBank(opts);
      return { url: bank.url, close: () => bank.close(), simulate: demoSimulator(inProcessControl<Plan>(bank.control), spec.situations) };
    },
    externalSimulator: (url) => demoSimulator(httpControl<Plan>(url, spec.idField), spec.situations),
    connect: spec.connect,
  };
}
