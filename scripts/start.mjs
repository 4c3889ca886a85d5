// `npm start`: builds Ledgerline and launches it in Electron. Where Electron's binary cannot be
// obtained (it downloads from outside the npm registry on first launch), says so once, clearly.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const built = spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

let electronPath;
try {
  const require = createRequire(import.meta.url);
  electronPath = require('electron'); // resolves the binary, downloading it on first use
} catch {
  console.error(
    '\nLedgerline could not start Electron: its binary is not installed and could not be downloaded on this machine.\n' +
      'Run `npm run web` instead — the same app in your browser, on the demo bank.\n',
  );
  process.exit(1);
}
const child = spawn(electronPath, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
