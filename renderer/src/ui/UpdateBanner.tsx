/**
 * "Restart to update": shown in the top bar once main has downloaded an update of the installed
 * app. The app never restarts on its own; only this button asks main to (`app:installUpdate`).
 * The browser host never reports an update, so there it never appears.
 */
import { useEffect, useState } from 'react';
import type { LedgerlineApi } from '../../../shared/ipc/contract';
import { useLedgerline } from '../hooks/useLedgerline';

export type UpdateApi = Pick<LedgerlineApi, 'onUpdateReady' | 'installUpdate'>;
type Phase = 'ready' | 'restarting' | 'refused';

export function UpdateBanner() {
  const { api } = useLedgerline();
  return <UpdatePrompt api={api} />;
}

export function UpdatePrompt({ api }: { api: UpdateApi }) {
  const [version, setVersion] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>('ready');
  useEffect(() => api.onUpdateReady((update) => setVersion(update.version)), [api]);
  if (!version) return null;
  const restart = () => {
    setPhase('restarting');
    api.installUpdate().then(
      ({ installing }) => setPhase(installing ? 'restarting' : 'refused'),
      () => setPhase('refused'),
    );
  };
  return <UpdateReadyView version={version} phase={phase} onRestart={restart} />;
}

export function UpdateReadyView({ version, phase, onRestart }: { version: string; phase: Phase; onRestart: () => void }) {
  return (
    <div className="update-ready" data-testid="update-ready" role="status">
      <span className="update-ready__text" title={`Ledgerline ${version} has been downloaded. Your data stays as it is.`}>
        {phase === 'refused' ? 'The update will be installed when you quit Ledgerline.' : `Ledgerline ${version} is ready`}
      </span>
      {phase !== 'refused' && (
        <button type="button" className="button button--small button--ghost" data-testid="restart-to-update" onClick={onRestart} disabled={phase === 'restarting'}>
          {phase === 'restarting' ? 'Restarting…' : 'Restart to update'}
        </button>
      )}
    </div>
  );
}
