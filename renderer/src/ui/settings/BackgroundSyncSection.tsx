/**
 * Settings → Background sync: how often Ledgerline syncs while it runs, and the one toggle for a
 * notification about new transactions after a background sync (off by default).
 */
import { useId, useState } from 'react';
import { AUTO_SYNC_INTERVALS_MS } from '../../../../shared/schedule/autoSync';
import { ensureNotificationPermission, saveBackgroundSettings, useBackgroundSettings } from '../../hooks/useBackgroundSettings';
import { useLedgerline } from '../../hooks/useLedgerline';
import './backgroundSync.css';

const HOUR = 3_600_000;
const OFF = 'off';

function intervalLabel(ms: number): string {
  if (ms === HOUR) return 'Every hour';
  if (ms === 24 * HOUR) return 'Once a day';
  return `Every ${ms / HOUR} hours`;
}

export function BackgroundSyncSection() {
  const { db } = useLedgerline();
  const { settings, loaded } = useBackgroundSettings();
  const uid = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const save = async (patch: Parameters<typeof saveBackgroundSettings>[1]) => {
    setBusy(true);
    setProblem(null);
    try {
      await saveBackgroundSettings(db, patch);
    } catch (e) {
      setProblem(`The setting was not saved: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const toggleNotify = async () => {
    if (settings.notify) return save({ notify: false });
    setBusy(true);
    const permission = await ensureNotificationPermission().catch(() => 'denied' as const);
    setBusy(false);
    if (permission !== 'granted') {
      setProblem(permission === 'unsupported'
        ? 'This browser cannot show notifications.'
        : 'Notifications are blocked for Ledgerline. Allow them in your browser’s site settings, then turn this on again.');
      return;
    }
    await save({ notify: true });
  };

  return (
    <section className="settings-card background-sync" aria-labelledby={`${uid}-title`} data-testid="background-sync">
      <h3 className="settings-card__title" id={`${uid}-title`}>Background sync</h3>
      <p className="settings-card__about">
        Ledgerline syncs when it starts and, while it is open, on the schedule below, after your computer wakes
        and when the network comes back — skipping connections synced in the last 15 minutes. Brokerages sync at
        most once a day.
      </p>
      <div className="field background-sync__interval">
        <label className="field__label" htmlFor={`${uid}-interval`}>Sync while Ledgerline is open</label>
        <select
          className="field__input"
          id={`${uid}-interval`}
          data-testid="auto-sync-interval"
          disabled={!loaded || busy}
          value={settings.intervalMs === null ? OFF : String(settings.intervalMs)}
          onChange={(e) => void save({ intervalMs: e.target.value === OFF ? null : Number(e.target.value) })}
        >
          {AUTO_SYNC_INTERVALS_MS.map((ms) => <option key={ms} value={String(ms)}>{intervalLabel(ms)}</option>)}
          <option value={OFF}>Off — only at start and with Refresh now</option>
        </select>
      </div>
      <div className="background-sync__notify">
        <div className="background-sync__text">
          <p className="background-sync__label" id={`${uid}-notify`}>Notify me about new transactions after a background sync</p>
          <p className="field__hint" id={`${uid}-notify-about`}>
            One notification with the count and the banks’ names — never account numbers or descriptions.
          </p>
        </div>
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={settings.notify}
          aria-labelledby={`${uid}-notify`}
          aria-describedby={`${uid}-notify-about`}
          disabled={!loaded || busy}
          data-testid="notify-switch"
          onClick={() => void toggleNotify()}
        >
          <span className="switch__thumb" aria-hidden="true" />
          <span className="switch__state" aria-hidden="true">{settings.notify ? 'On' : 'Off'}</span>
        </button>
      </div>
      {problem && (
        <p className="result-line result-line--error" role="alert" data-testid="background-sync-problem">
          <span className="result-line__dot" aria-hidden="true" />
          <span>{problem}</span>
        </p>
      )}
    </section>
  );
}
