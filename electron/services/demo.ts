/**
 * Demo mode: with no provider credentials, Ledgerline runs on its embedded demo bank and makes one
 * demo connection exactly as a Plaid sandbox integration would (public token → exchange).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { Products } from 'plaid';
import { startDemoBank, type DemoBank } from '../sandbox/demoBank';
import { createPlaidApi, type PlaidProfile } from '../providers/plaid/plaidClient';
import type { AppConfig } from './config';
import { httpControl, inProcessControl, type DemoBankControl } from './demoControls';
import type { ConnectionStore } from './connectionStore';
import type { Logger } from './logger';
import type { SecretStore } from './secretStore';
import { accessTokenKey } from './syncService';

export const DEMO_INSTITUTION = { id: 'ins_109508', name: 'First Platypus Bank' } as const;
const DEMO_SECRET_KEY = 'demo:plaid-secret';

export interface Demo {
  profile: PlaidProfile;
  bank: DemoBank | null;
  control: DemoBankControl;
  close(): Promise<void>;
}

export async function setupDemo(deps: {
  config: AppConfig;
  secrets: SecretStore;
  connections: ConnectionStore;
  logger: Logger;
}): Promise<Demo> {
  const { config, secrets, connections, logger } = deps;
  const clientId = config.demoClientId ?? 'ledgerline-demo';
  let secret = config.demoSecret ?? (await secrets.get(DEMO_SECRET_KEY));
  if (!secret) {
    secret = crypto.randomBytes(24).toString('base64url');
    await secrets.set(DEMO_SECRET_KEY, secret);
  }
  logger.addSecret(secret);

  let bank: DemoBank | null = null;
  let basePath = config.plaidUrl;
  if (!basePath) {
    bank = await startDemoBank({
      seed: config.demoSeed,
      clientId,
      secret,
      // Without a keychain the tokens die with the process, so the bank's items must too.
      ...(secrets.available ? { stateFile: path.join(config.dataDir, 'demo-bank.json') } : {}),
      logger: (line) => logger.info(`demo bank: ${line}`),
      adminHttp: false,
    });
    basePath = bank.plaidUrl;
    logger.info(`demo bank listening at ${basePath}`);
  }
  const profile: PlaidProfile = { basePath, clientId, secret, timeoutMs: config.requestTimeoutMs };

  // A demo connection whose token is gone (no keychain last time, or a wiped keychain) is unusable.
  for (const c of connections.list().filter((r) => r.demo)) {
    const token = await secrets.get(accessTokenKey(c.id));
    if (token) logger.addSecret(token);
    else connections.remove(c.id);
  }
  if (!connections.list().some((r) => r.demo)) {
    const api = createPlaidApi(profile);
    const { data: pub } = await api.sandboxPublicTokenCreate({
      institution_id: DEMO_INSTITUTION.id,
      initial_products: [Products.Transactions],
      options: { override_username: 'user_transactions_dynamic' },
    });
    logger.addSecret(pub.public_token);
    const { data: exchanged } = await api.itemPublicTokenExchange({ public_token: pub.public_token });
    logger.addSecret(exchanged.access_token);
    const record = connections.add({
      provider: 'plaid',
      institutionName: DEMO_INSTITUTION.name,
      institutionId: DEMO_INSTITUTION.id,
      demo: true,
      externalId: exchanged.item_id,
    });
    await secrets.set(accessTokenKey(record.id), exchanged.access_token);
    logger.info(`created demo connection ${record.id}`);
  }
  const control = bank ? inProcessControl(bank) : httpControl(basePath);
  return { profile, bank, control, close: async () => bank?.close() };
}
