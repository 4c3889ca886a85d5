// Our logic around Electron's Notification, app.setBadgeCount, Tray and Menu, with those injected
// as fakes: the Electron binary cannot run on this machine (see test/e2e/electron.test.ts), and what
// is tested here is Ledgerline's own behaviour — bounds, masking, throttling, tray fallback, and that
// Ctrl/Cmd+R is Refresh now rather than a reload.
import { describe, expect, it } from 'vitest';
import { acceleratorsOf, appMenuTemplate, installAppMenu } from '../../../../electron/appMenu';
import {
  NOTIFY_MIN_GAP_MS, TRAY_ICON_SIZE, badgeTooltip, cleanNotificationText, createDesktopBadge, createDesktopNotifier, trayIconBitmap,
  type NativeBadge, type TrayLike,
} from '../../../../electron/services/desktopNotify';
import { noDesktop } from '../../../../electron/services/handlers';

function fakeNotifications(supported = true) {
  const shown: { title: string; body: string }[] = [];
  return { shown, native: { isSupported: () => supported, show: (n: { title: string; body: string }) => void shown.push(n) } };
}

describe('desktop notifications', () => {
  it('shows the title and body it was given', async () => {
    const { shown, native } = fakeNotifications();
    const n = createDesktopNotifier({ native, now: () => 0 });
    expect(await n.notify({ title: '12 new transactions', body: 'First Platypus Bank: 12 new.' })).toEqual({ shown: true });
    expect(shown).toEqual([{ title: '12 new transactions', body: 'First Platypus Bank: 12 new.' }]);
  });

  it('says shown: false where the OS has no notifications, and without Electron at all', async () => {
    const { shown, native } = fakeNotifications(false);
    expect(await createDesktopNotifier({ native }).notify({ title: 't', body: '' })).toEqual({ shown: false });
    expect(await createDesktopNotifier({ native: null }).notify({ title: 't', body: '' })).toEqual({ shown: false });
    expect(await noDesktop.notify({ title: 't', body: '' })).toEqual({ shown: false });
    expect(shown).toEqual([]);
  });

  it('shows at most one a minute, whatever the renderer asks', async () => {
    const { shown, native } = fakeNotifications();
    let t = 1_000_000;
    const n = createDesktopNotifier({ native, now: () => t });
    expect((await n.notify({ title: 'a', body: '' })).shown).toBe(true);
    t += NOTIFY_MIN_GAP_MS - 1;
    expect((await n.notify({ title: 'b', body: '' })).shown).toBe(false);
    t += 1;
    expect((await n.notify({ title: 'c', body: '' })).shown).toBe(true);
    expect(shown.map((s) => s.title)).toEqual(['a', 'c']);
  });

  it('a failing native notification is reported, not thrown, and does not use up the minute', async () => {
    const lines: string[] = [];
    let fail = true;
    const shown: string[] = [];
    const n = createDesktopNotifier({
      native: { isSupported: () => true, show: ({ title }) => { if (fail) throw new Error('dbus gone'); shown.push(title); } },
      now: () => 0,
      log: (l) => lines.push(l),
    });
    expect(await n.notify({ title: 'a', body: '' })).toEqual({ shown: false });
    expect(lines.join()).toMatch(/dbus gone/);
    fail = false;
    expect(await n.notify({ title: 'b', body: '' })).toEqual({ shown: true });
    expect(shown).toEqual(['b']);
  });

  it('cleans untrusted text: one line, bounded, account numbers and tokens masked', () => {
    expect(cleanNotificationText('a\nb\u0007\tc\u2028d', 100)).toBe('a b c d');
    expect(cleanNotificationText('x'.repeat(200), 120)).toHaveLength(120);
    expect(cleanNotificationText('x'.repeat(200), 120).endsWith('…')).toBe(true);
    expect(cleanNotificationText('Transfer to 123456789012 done', 100)).toBe('Transfer to •••• done');
    expect(cleanNotificationText('Card 4111 1111 1111 1111 used', 100)).toBe('Card •••• used');
    expect(cleanNotificationText('leaked access-sandbox-5c8e1b2a-0f3d here', 100)).toBe('leaked [hidden] here');
    // Counts and money stay readable.
    expect(cleanNotificationText('12 new transactions. Largest: −$1,234.56.', 100)).toBe('12 new transactions. Largest: −$1,234.56.');
  });

  it('an empty title after cleaning shows nothing', async () => {
    const { shown, native } = fakeNotifications();
    expect(await createDesktopNotifier({ native }).notify({ title: '\n\u0000 ', body: 'x' })).toEqual({ shown: false });
    expect(shown).toEqual([]);
  });
});

function fakeBadge(dockBadge: boolean, hasTray = true) {
  const counts: number[] = [];
  const trays: { tooltips: string[]; destroyed: boolean }[] = [];
  const native: NativeBadge = {
    setBadgeCount: (n) => {
      counts.push(n);
      return dockBadge;
    },
    createTray: (tooltip) => {
      if (!hasTray) return null;
      const t = { tooltips: [tooltip], destroyed: false };
      trays.push(t);
      const tray: TrayLike = { setToolTip: (s) => void t.tooltips.push(s), destroy: () => void (t.destroyed = true) };
      return tray;
    },
  };
  return { native, counts, trays };
}

describe('the unread badge', () => {
  it('macOS / Unity: the count goes on the dock badge and no tray appears', () => {
    const f = fakeBadge(true);
    const b = createDesktopBadge(f.native);
    b.set(3);
    b.set(0);
    expect(f.counts).toEqual([3, 0]);
    expect(f.trays).toEqual([]);
  });

  it('no count badge (Windows, most Linux desktops): a tray icon whose tooltip says the count', () => {
    const f = fakeBadge(false);
    const b = createDesktopBadge(f.native);
    b.set(0); // nothing unseen: no tray yet
    expect(f.trays).toHaveLength(0);
    b.set(1);
    b.set(12);
    b.set(0);
    expect(f.trays).toHaveLength(1);
    expect(f.trays[0]?.tooltips).toEqual(['Ledgerline — 1 unseen change', 'Ledgerline — 12 unseen changes', 'Ledgerline — no unseen changes']);
    b.close();
    expect(f.trays[0]?.destroyed).toBe(true);
  });

  it('does not repeat an unchanged count, clamps what it is given, and copes with no tray', () => {
    const f = fakeBadge(false, false);
    const b = createDesktopBadge(f.native);
    b.set(5);
    b.set(5);
    b.set(-3);
    b.set(1e9);
    expect(f.counts).toEqual([5, 0, 99_999]);
    expect(f.trays).toEqual([]);
    expect(() => createDesktopBadge(null).set(4)).not.toThrow();
  });

  it('formats large counts for people', () => {
    expect(badgeTooltip(12_345)).toBe('Ledgerline — 12,345 unseen changes');
  });

  it('the tray icon is a 16×16 BGRA bitmap with a transparent edge and an opaque body', () => {
    const px = trayIconBitmap();
    expect(px).toHaveLength(TRAY_ICON_SIZE * TRAY_ICON_SIZE * 4);
    expect(px[3]).toBe(0); // corner alpha
    const centre = ((TRAY_ICON_SIZE / 2) * TRAY_ICON_SIZE + TRAY_ICON_SIZE / 2) * 4;
    expect(px[centre + 3]).toBe(255);
  });
});

describe('the application menu', () => {
  const calls: string[] = [];
  const actions = {
    refreshNow: () => void calls.push('refresh'),
    reloadWindow: () => void calls.push('reload'),
    toggleDevTools: () => void calls.push('devtools'),
  };

  it.each(['darwin', 'linux', 'win32'] as const)('%s: Ctrl/Cmd+R is Refresh now and nothing else; reload has no shortcut', (platform) => {
    const template = appMenuTemplate(platform, actions, { devTools: true });
    const accels = acceleratorsOf(template);
    const r = accels.filter((a) => /^(CmdOrCtrl|CommandOrControl|Ctrl|Control|Cmd|Command)\+R$/i.test(a.accelerator));
    expect(r).toEqual([{ accelerator: 'CmdOrCtrl+R', label: 'Refresh now' }]);
    // Roles bring their own default accelerators (reload = Ctrl/Cmd+R, forceReload = Shift+Ctrl/Cmd+R).
    const roles = JSON.stringify(template, (_k, v: unknown) => (typeof v === 'function' ? undefined : v));
    expect(roles).not.toMatch(/"role":"(reload|forceReload|viewMenu|toggleDevTools)"/);
    expect(template.some((i) => i.role === 'appMenu')).toBe(platform === 'darwin');
  });

  it('the items do what they say', () => {
    calls.length = 0;
    const view = appMenuTemplate('linux', actions, { devTools: true }).find((i) => i.label === 'View');
    const items = Array.isArray(view?.submenu) ? view.submenu : [];
    for (const label of ['Refresh now', 'Reload window', 'Toggle developer tools']) {
      const item = items.find((i) => i.label === label);
      item?.click?.({} as never, undefined, {} as never);
    }
    expect(calls).toEqual(['refresh', 'reload', 'devtools']);
  });

  it('packaged builds have no developer-tools item', () => {
    const labels = JSON.stringify(appMenuTemplate('win32', actions, { devTools: false }), (_k, v: unknown) => (typeof v === 'function' ? undefined : v));
    expect(labels).not.toMatch(/developer tools/i);
  });

  it('installs the built menu as the application menu', () => {
    let installed: unknown = 'none';
    installAppMenu({ buildFromTemplate: (t) => ({ built: t.length }), setApplicationMenu: (m) => void (installed = m) }, 'linux', actions, { devTools: false });
    expect(installed).toEqual({ built: 4 });
  });
});
