/**
 * The double's line to the test that launched it (Node's IPC channel of the child process): it
 * reports what the app did that has no screen here (openExternal, notifications, the badge, menus,
 * dialogs) and lets the test evaluate code in main — like Playwright's ElectronApplication.evaluate
 * — or act as the OS would (click a menu item, wake from sleep, answer a save dialog).
 */
export type ControlRequest =
  | { t: 'evaluate'; id: number; source: string }
  | { t: 'menu'; id: number; labels: string[] }
  | { t: 'power'; id: number; event: string }
  | { t: 'saveDialog'; id: number; answer: { canceled: boolean; filePath?: string } }
  | { t: 'quit'; id: number };

export type ControlMessage =
  | { t: 'record'; what: string; detail: unknown }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: string };

export function record(what: string, detail: unknown): void {
  process.send?.({ t: 'record', what, detail } satisfies ControlMessage);
}

export interface ControlTarget {
  electron: object;
  clickMenu(labels: string[]): boolean;
  queueSaveDialogAnswer(answer: { canceled: boolean; filePath?: string }): void;
  emitPower(event: string): void;
  quit(): void;
}

export function startControl(target: ControlTarget): void {
  if (!process.send) return;
  process.on('message', (raw) => {
    const m = raw as ControlRequest;
    const reply = (p: Promise<unknown>) => p.then(
      (value) => process.send?.({ t: 'reply', id: m.id, ok: true, value } satisfies ControlMessage),
      (error: unknown) => process.send?.({ t: 'reply', id: m.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies ControlMessage),
    );
    switch (m.t) {
      case 'evaluate': {
        // The test's function, as source, run against this `electron` module (Playwright does the same).
        const fn = (0, eval)(`(${m.source})`) as (electron: object) => unknown;
        void reply((async () => fn(target.electron))());
        break;
      }
      case 'menu':
        void reply(Promise.resolve(target.clickMenu(m.labels)));
        break;
      case 'power':
        void reply(Promise.resolve(target.emitPower(m.event)));
        break;
      case 'saveDialog':
        void reply(Promise.resolve(target.queueSaveDialogAnswer(m.answer)));
        break;
      case 'quit':
        void reply(Promise.resolve(target.quit()));
        break;
    }
  });
  // The IPC channel must not keep a quitting app alive; Chromium's connection does while it runs.
  process.channel?.unref();
  // The test that launched the app is gone: quit (and take Chromium along) rather than linger.
  process.once('disconnect', () => {
    target.quit();
    setTimeout(() => process.exit(1), 5_000).unref();
  });
}
