/** The simulated accounts: Plaid Sandbox's own account names and masks, repeated as numbered siblings beyond eight. */
import type { Rng } from './rng';

export type AccountRole = 'checking' | 'savings' | 'credit';

export interface SimAccount {
  readonly id: string;
  readonly name: string;
  readonly officialName: string;
  readonly mask: string;
  readonly type: 'depository' | 'credit';
  readonly subtype: string;
  readonly role: AccountRole;
  /** Balance before the simulated history: money held for depository, money owed for credit. */
  readonly openingCents: number;
  readonly limitCents: number | null;
}

type AccountTemplate = Omit<SimAccount, 'id' | 'openingCents' | 'limitCents'>;

// Plaid Sandbox's own account names and masks; the first three are the default profile.
const ACCOUNT_TEMPLATES: readonly AccountTemplate[] = [
  { name: 'Plaid Checking', officialName: 'Plaid Gold Standard 0% Interest Checking', mask: '0000', type: 'depository', subtype: 'checking', role: 'checking' },
  { name: 'Plaid Saving', officialName: 'Plaid Silver Standard 0.1% Interest Saving', mask: '1111', type: 'depository', subtype: 'savings', role: 'savings' },
  { name: 'Plaid Credit Card', officialName: 'Plaid Diamond 12.5% APR Interest Credit Card', mask: '3333', type: 'credit', subtype: 'credit card', role: 'credit' },
  { name: 'Plaid CD', officialName: 'Plaid Bronze Standard 0.2% Interest CD', mask: '2222', type: 'depository', subtype: 'cd', role: 'savings' },
  { name: 'Plaid Money Market', officialName: 'Plaid Platinum Standard 1.85% Interest Money Market', mask: '4444', type: 'depository', subtype: 'money market', role: 'savings' },
  { name: 'Plaid Cash Management', officialName: 'Plaid Growth Cash Management', mask: '9002', type: 'depository', subtype: 'cash management', role: 'checking' },
  { name: 'Plaid Business Credit Card', officialName: 'Plaid Platinum Small Business Credit Card', mask: '9999', type: 'credit', subtype: 'credit card', role: 'credit' },
  { name: 'Plaid HSA', officialName: 'Plaid Cares Health Savings Account', mask: '9001', type: 'depository', subtype: 'hsa', role: 'savings' },
];

export function makeAccounts(rng: Rng, count: number, scale: number): SimAccount[] {
  return Array.from({ length: count }, (_, i) => {
    const template = ACCOUNT_TEMPLATES[i % ACCOUNT_TEMPLATES.length] as AccountTemplate;
    const round = Math.floor(i / ACCOUNT_TEMPLATES.length);
    const credit = template.role === 'credit';
    return {
      ...template,
      // Beyond Plaid Sandbox's eight templates, repeat them as numbered siblings.
      name: round === 0 ? template.name : `${template.name} ${round + 1}`,
      mask: round === 0 ? template.mask : String(9100 + i),
      id: rng.id(),
      openingCents: credit ? 0 : rng.int(template.role === 'checking' ? 250_000 : 600_000, 900_000),
      // $10,000, raised for heavier profiles so the simulated spending fits under it.
      limitCents: credit ? Math.round(1_000_000 * scale) : null,
    };
  });
}
