/**
 * One sign-in with a provider, as the Add-account dialog follows it: start it in main (which opens
 * the provider's page in the system browser where it can), poll its status about once a second
 * until it ends, cancel it. Nothing secret passes through here: main keeps the tokens.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LinkStatus } from '../../../shared/ipc/contract';
import type { Provider } from '../../../shared/types';
import { describeThrown } from '../ui/describeError';
import { useLedgerline } from './useLedgerline';

export const LINK_POLL_MS = 1_000;
/** Transport hiccups tolerated in a row before the dialog gives up on a flow. */
const MAX_POLL_FAILURES = 3;

export type LinkPhase =
  | { kind: 'idle' }
  | { kind: 'starting'; provider: Provider }
  | { kind: 'waiting'; provider: Provider; flowId: string; url: string; opened: boolean }
  /** A terminal state from main (linked, duplicate, failed, cancelled, expired). */
  | { kind: 'ended'; provider: Provider; status: LinkStatus }
  /** Main refused to start, or the status could not be read. */
  | { kind: 'error'; provider: Provider; message: string };

export interface LinkFlow {
  phase: LinkPhase;
  /** `sandbox`: Plaid's sandbox shortcut — a test item without a sign-in page. */
  start(provider: Provider, reauthConnectionId: string | null, sandbox?: boolean): void;
  /** Ends a flow that is still waiting (main forgets it), and returns to idle. */
  cancel(): void;
  reset(): void;
}

/** A message from main in plain words, without the channel name the transport may prefix. */
const plain = (e: unknown) => describeThrown(e).replace(/^[a-z]+:[A-Za-z]+:\s*/, '');

export function useLinkFlow(): LinkFlow {
  const { api } = useLedgerline();
  const [phase, setPhase] = useState<LinkPhase>({ kind: 'idle' });
  /** The flow main is waiting on, for cancelling it when the dialog goes away mid-sign-in. */
  const waitingFlow = useRef<string | null>(null);
  /** Bumped by every start, cancel and reset: answers to an older request are ignored. */
  const generation = useRef(0);

  const start = useCallback((provider: Provider, reauthConnectionId: string | null, sandbox = false) => {
    const gen = ++generation.current;
    const previous = waitingFlow.current;
    waitingFlow.current = null;
    if (previous) void api.cancelLink({ flowId: previous }).catch(() => undefined);
    setPhase({ kind: 'starting', provider });
    api.startLink({ provider, reauthConnectionId, ...(sandbox ? { sandbox: true } : {}) }).then(
      ({ flowId, url, opened }) => {
        if (gen !== generation.current) {
          void api.cancelLink({ flowId }).catch(() => undefined);
          return;
        }
        waitingFlow.current = flowId;
        setPhase({ kind: 'waiting', provider, flowId, url, opened });
      },
      (e: unknown) => {
        if (gen === generation.current) setPhase({ kind: 'error', provider, message: plain(e) });
      },
    );
  }, [api]);

  const cancel = useCallback(() => {
    generation.current++;
    const flowId = waitingFlow.current;
    waitingFlow.current = null;
    if (flowId) void api.cancelLink({ flowId }).catch(() => undefined);
    setPhase({ kind: 'idle' });
  }, [api]);

  const reset = useCallback(() => {
    generation.current++;
    setPhase({ kind: 'idle' });
  }, []);

  // Polls while waiting: one request at a time, the next a second after the last answer.
  const waitingId = phase.kind === 'waiting' ? phase.flowId : null;
  const waitingProvider = phase.kind === 'waiting' ? phase.provider : null;
  useEffect(() => {
    if (!waitingId || !waitingProvider) return;
    let stopped = false;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const status = await api.linkStatus({ flowId: waitingId });
        failures = 0;
        if (stopped) return;
        if (status.state !== 'waiting') {
          waitingFlow.current = null;
          setPhase({ kind: 'ended', provider: waitingProvider, status });
          return;
        }
      } catch (e) {
        if (stopped) return;
        if (++failures >= MAX_POLL_FAILURES) {
          setPhase({ kind: 'error', provider: waitingProvider, message: plain(e) });
          return;
        }
      }
      timer = setTimeout(() => void poll(), LINK_POLL_MS);
    };
    timer = setTimeout(() => void poll(), LINK_POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, waitingId, waitingProvider]);

  // The dialog closed while main still waits: tell main to stop waiting.
  useEffect(() => () => {
    const flowId = waitingFlow.current;
    waitingFlow.current = null;
    if (flowId) void api.cancelLink({ flowId }).catch(() => undefined);
  }, [api]);

  return { phase, start, cancel, reset };
}
