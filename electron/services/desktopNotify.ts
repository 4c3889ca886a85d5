/**
 * Desktop notifications and the unread badge, as plain logic: `electron/main.ts` injects the
 * Electron pieces (Notification, app.setBadgeCount, Tray); the browser host injects nothing and
 * its renderer client does both with web APIs. Tests drive this with fakes.
 *
 * The renderer composes the text (counts and institution names). Main still treats it as
 * untrusted: one line each, bounded, no control characters, anything shaped like an account
 * number or a provider token masked, and at most one notification a minute — a renderer bug can
 * never flood the desktop.
 */
import type { ChannelInput, ChannelOutput } from '../../shared/ipc/contract';

export interface NativeNotifications {
  isSupported(): boolean;
  /** `new Notification({ title, body }).show()` */
  show(n: { title: string; body: string }): void;
}

export const NOTIFY_MIN_GAP_MS = 60_000;

/** Plaid-style tokens (access-sandbox-…, public-production-…, link-…); account and card numbers. */
const TOKEN_LIKE = /\b(?:access|public|link|processor)-(?:sandbox|development|production)-[A-Za-z0-9-]+/g;
const DIGIT_RUN = /\d{8,}|\b\d{4}(?:[ -]\d{4}){2,}/g;

export function cleanNotificationText(text: string, max: number): string {
  const oneLine = text
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(TOKEN_LIKE, '[hidden]')
    .replace(DIGIT_RUN, '••••');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

export interface DesktopNotifier {
  notify(input: ChannelInput<'app:notify'>): Promise<ChannelOutput<'app:notify'>>;
}

export function createDesktopNotifier(deps: {
  native: NativeNotifications | null;
  now?: () => number;
  log?: (line: string) => void;
}): DesktopNotifier {
  const now = deps.now ?? Date.now;
  let lastShownAt = Number.NEGATIVE_INFINITY;
  return {
    async notify(input) {
      const native = deps.native;
      if (!native?.isSupported()) return { shown: false };
      const t = now();
      if (t - lastShownAt < NOTIFY_MIN_GAP_MS) {
        deps.log?.('notification dropped: another one was shown less than a minute ago');
        return { shown: false };
      }
      const title = cleanNotificationText(input.title, 120);
      if (!title) return { shown: false };
      try {
        native.show({ title, body: cleanNotificationText(input.body, 400) });
      } catch (e) {
        deps.log?.(`notification failed: ${e instanceof Error ? e.message : 'unknown error'}`);
        return { shown: false };
      }
      lastShownAt = t;
      return { shown: true };
    },
  };
}

// ─── The badge: dock / taskbar count, or a tray icon's tooltip where there is no count badge ───

export interface TrayLike {
  setToolTip(text: string): void;
  destroy(): void;
}

export interface NativeBadge {
  /** `app.setBadgeCount`: true where the OS shows it (macOS dock, Linux Unity launchers). */
  setBadgeCount(count: number): boolean;
  /** A tray icon, or null where the platform has no tray. */
  createTray(tooltip: string): TrayLike | null;
}

export function badgeTooltip(count: number): string {
  if (count === 0) return 'Ledgerline — no unseen changes';
  return `Ledgerline — ${count.toLocaleString('en-US')} unseen change${count === 1 ? '' : 's'}`;
}

export interface DesktopBadge {
  set(count: number): void;
  close(): void;
}

/**
 * Shows the unread count as the dock/launcher badge; where that is unsupported (Windows, most Linux
 * desktops) a tray icon appears with the count in its tooltip once there is something unseen.
 */
export function createDesktopBadge(native: NativeBadge | null): DesktopBadge {
  let tray: TrayLike | null = null;
  let trayUnavailable = false;
  let last = -1;
  return {
    set(raw) {
      const count = Math.max(0, Math.min(99_999, Math.trunc(raw)));
      if (!native || count === last) return;
      last = count;
      const badged = native.setBadgeCount(count);
      if (badged) {
        tray?.destroy();
        tray = null;
        return;
      }
      const tooltip = badgeTooltip(count);
      if (tray) tray.setToolTip(tooltip);
      else if (count > 0 && !trayUnavailable) {
        tray = native.createTray(tooltip);
        trayUnavailable = tray === null;
      }
    },
    close() {
      tray?.destroy();
      tray = null;
    },
  };
}

/**
 * The tray icon as a raw 16×16 BGRA bitmap (for `nativeImage.createFromBitmap`): the app's accent
 * square with a white "L" — no image file to ship or decode.
 */
export const TRAY_ICON_SIZE = 16;
export function trayIconBitmap(): Uint8Array {
  const n = TRAY_ICON_SIZE;
  const px = new Uint8Array(n * n * 4);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const i = (y * n + x) * 4;
      const inset = x >= 1 && x < n - 1 && y >= 1 && y < n - 1;
      const ell = (x >= 4 && x <= 6 && y >= 3 && y <= 12) || (y >= 10 && y <= 12 && x >= 4 && x <= 11);
      const [b, g, r, a] = !inset ? [0, 0, 0, 0] : ell ? [255, 255, 255, 255] : [0xd9, 0x6a, 0x2f, 255];
      px[i] = b;
      px[i + 1] = g;
      px[i + 2] = r;
      px[i + 3] = a;
    }
  }
  return px;
}
