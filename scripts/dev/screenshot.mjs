import { chromium } from 'playwright-core';
const url = process.argv[2]; const out = process.argv[3] ?? '/work/main/test-results/dev.png';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const p = await b.newPage({ viewport: { width: 1280, height: 800 } });
p.on('console', (m) => console.log('console:', m.type(), m.text()));
p.on('pageerror', (e) => console.log('pageerror:', e.message));
await p.goto(url); await p.waitForTimeout(Number(process.argv[4] ?? 4000));
await p.screenshot({ path: out }); await b.close();
