/** Debian's Chromium, driven by playwright-core. Never downloads a browser. */
import fs from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';
import { tempDir } from './host';

export const CHROMIUM = process.env.LEDGERLINE_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

/** A persistent profile, so IndexedDB survives a browser restart like it does for a user. */
export async function launchBrowser(profileDir = tempDir('profile')): Promise<{ context: BrowserContext; profileDir: string }> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 800 },
  });
  return { context, profileDir };
}

export function screenshotPath(name: string): string {
  fs.mkdirSync('test-results', { recursive: true });
  return `test-results/${name}.png`;
}
