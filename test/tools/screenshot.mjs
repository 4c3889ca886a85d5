// Looks at the app as a person would: `node test/tools/screenshot.mjs <LEDGERLINE_URL> [out.png] [wait ms]`.
// Prints the page's console errors; the PNG goes to test-results/.
import fs from 'node:fs';
import { chromium } from 'playwright-core';

const [url, out = 'test-results/screenshot.png', wait = '4000'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node test/tools/screenshot.mjs <url> [out.png] [wait ms]');
  process.exit(2);
}
fs.mkdirSync('test-results', { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.LEDGERLINE_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
page.on('pageerror', (e) => console.error('page error:', e.message));
await page.goto(url);
await page.waitForTimeout(Number(wait));
await page.screenshot({ path: out });
await browser.close();
console.log(out);
