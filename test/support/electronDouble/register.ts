/** `node --import register.js dist/electron/main.js`: installs hooks.ts before main is loaded. */
import { register } from 'node:module';

register(new URL('./hooks.js', import.meta.url), {
  data: { electronUrl: new URL('./electron.js', import.meta.url).href },
});
