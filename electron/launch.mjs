// `npm start`: builds Ledgerline and launches it in Electron. Electron's binary comes from
// outside the npm registry on first launch; where it cannot be obtained, say so once, clearly.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const built = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const electronDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
const binary = () => {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const bin = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? bin : null;
};

if (!binary()) {
  console.error('Fetching the Electron binary (first launch)…');
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
}
const bin = binary();
if (!bin) {
  console.error(
    '\nLedgerline could not start Electron: its binary is not installed and could not be downloaded on this machine.\n' +
      'Run `npm run web` instead — the same app in your browser, on the demo bank.\n',
  );
  process.exit(1);
}
const child = spawn(bin, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
