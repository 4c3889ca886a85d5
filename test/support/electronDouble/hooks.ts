/**
 * Module resolution hook (node:module `register`): in the app's process, `electron` resolves to
 * the double, exactly where Electron would provide its built-in module. Nothing else changes.
 */
let electronUrl = '';

export function initialize(data: { electronUrl: string }): void {
  electronUrl = data.electronUrl;
}

type Resolve = (specifier: string, context: object) => Promise<{ url: string; shortCircuit?: boolean }>;

export async function resolve(specifier: string, context: object, next: Resolve): Promise<{ url: string; shortCircuit?: boolean }> {
  if (specifier === 'electron') return { url: electronUrl, shortCircuit: true };
  return next(specifier, context);
}
