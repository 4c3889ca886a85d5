/**
 * One provider's credentials: environment, client id, the secret (write-only: main answers with a
 * mask), an optional API base URL, Save, Test connection and Remove credentials.
 *
 * The secret field is uncontrolled: its value lives in the DOM input only, is read once when the
 * form is submitted, and the input is emptied right then — it is never React state, never a
 * mutation variable, never stored or logged.
 */
import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { contract, type ProviderSettingsView } from '../../../../shared/ipc/contract';
import { PROVIDER_INFO, type Provider } from '../../../../shared/providers';
import { useClearProvider, useSaveProvider, useTestProvider, type ProviderFields } from '../../hooks/useSettings';
import { clockTime, fullDateTime } from '../format';
import { plainError } from '../plainError';
import { Spinner } from '../Spinner';

type Field = 'clientId' | 'secret' | 'baseUrl' | 'environment';
type FieldErrors = Partial<Record<Field, string>>;

const FIELD_NAMES: Record<Field, string> = { clientId: 'Client ID', secret: 'Secret', baseUrl: 'API base URL', environment: 'Environment' };

export function ProviderSettingsForm(props: { provider: Provider; view: ProviderSettingsView; disabled: boolean }) {
  const { provider, view, disabled } = props;
  const info = PROVIDER_INFO[provider];
  const secretRef = useRef<HTMLInputElement>(null);
  const takeSecret = () => {
    const input = secretRef.current;
    if (!input) return undefined;
    const value = input.value.trim();
    input.value = '';
    return value === '' ? undefined : value;
  };
  const save = useSaveProvider(provider, takeSecret);
  const clear = useClearProvider(provider);
  const test = useTestProvider(provider);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirmingClear, setConfirmingClear] = useState(false);
  /** Counts saves and removals: the fields start over from main's answer after each. */
  const [generation, setGeneration] = useState(0);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const uid = useId();
  const id = (f: string) => `${uid}-${f}`;
  const busy = save.isPending || clear.isPending || test.isPending;
  const stored = view.secretMask !== null;

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const fields: ProviderFields = {
      environment: form.get('environment') === 'production' ? 'production' : 'sandbox',
      clientId: String(form.get('clientId') ?? '').trim(),
      baseUrl: String(form.get('baseUrl') ?? '').trim() || null,
    };
    // Checked here with the contract's own schema, so the user hears which field, in words. The
    // secret is looked at only for that check (a local, dropped at the end of this function).
    const typed = secretRef.current?.value.trim() ?? '';
    const found: FieldErrors = {};
    const parsed = contract['settings:saveProvider'].input.safeParse({ provider, ...fields, ...(typed ? { secret: typed } : {}) });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const f = issue.path[0] as Field;
        found[f] ??= describeIssue(f, info.secretLabel, issue.message);
      }
    }
    if (!typed && !stored) found.secret = `Enter the ${info.secretLabel.toLowerCase()}.`;
    else if (!typed && movesEndpoint(view, fields)) found.secret = secretAgain(info.secretLabel);
    setErrors(found);
    setNotice(null);
    if (Object.keys(found).length > 0) return;
    save.mutate(fields, {
      onSuccess: () => {
        setGeneration((g) => g + 1);
        setNotice({ ok: true, text: typed ? `Saved. The ${info.secretLabel.toLowerCase()} is in your OS keychain.` : 'Saved.' });
      },
      onError: (err) => setNotice({ ok: false, text: `Not saved: ${plainError(err)}` }),
    });
  };

  const onClear = () => {
    clear.mutate(undefined, {
      onSuccess: () => {
        setConfirmingClear(false);
        setGeneration((g) => g + 1);
        test.reset();
        setNotice({ ok: true, text: `${info.name} credentials removed from this computer.` });
      },
      onError: (err) => setNotice({ ok: false, text: `Not removed: ${plainError(err)}` }),
    });
  };

  const result = latestTest(test.data ?? null, view.lastTest, test.error ? plainError(test.error) : null);

  return (
    <form
      className="provider-card"
      aria-labelledby={id('title')}
      data-testid={`provider-${provider}`}
      data-configured={view.configured}
      onSubmit={onSubmit}
      noValidate
      autoComplete="off"
    >
      <header className="provider-card__header">
        <h3 className="provider-card__title" id={id('title')}>{info.name}</h3>
        <span className={`pill ${view.configured ? 'pill--ok' : 'pill--muted'}`} data-testid="provider-state">
          {view.configured ? `Set up · ${view.environment === 'production' ? 'Production' : 'Sandbox'}` : 'Not set up'}
        </span>
      </header>
      <p className="provider-card__about">{info.about} {info.whereKeys}</p>

      <CredentialFields
        key={`${view.environment}|${view.clientId}|${view.secretMask}|${view.baseUrl}|${generation}`}
        provider={provider} view={view} disabled={disabled || busy} errors={errors} secretRef={secretRef}
        onKeepStored={() => setErrors((x) => ({ ...x, secret: undefined }))}
      />

      <div className="provider-card__actions">
        <button type="submit" className="button button--primary" disabled={disabled || busy} data-testid="provider-save">
          {save.isPending ? <><Spinner /> Saving…</> : 'Save'}
        </button>
        <button type="button" className="button button--ghost" disabled={disabled || busy || !view.configured}
          onClick={() => {
            setNotice(null);
            test.mutate();
          }}
          data-testid="provider-test"
          title={view.configured ? undefined : 'Save credentials first'}>
          {test.isPending ? <><Spinner /> Testing…</> : 'Test connection'}
        </button>
        {view.configured && !confirmingClear && (
          <button type="button" className="button button--ghost button--danger provider-card__remove" disabled={busy}
            onClick={() => setConfirmingClear(true)} data-testid="provider-clear">
            Remove credentials
          </button>
        )}
      </div>
      {confirmingClear && (
        <div className="provider-card__confirm" role="group" aria-label={`Remove ${info.name} credentials`}>
          <p>Remove {info.name}&rsquo;s client ID and {info.secretLabel.toLowerCase()} from this computer&rsquo;s keychain? Its connections stop syncing until you add them again.</p>
          <div className="provider-card__confirm-actions">
            <button type="button" className="button button--danger-solid button--small" disabled={busy} onClick={onClear} data-testid="provider-clear-confirm">
              {clear.isPending ? 'Removing…' : 'Remove'}
            </button>
            <button type="button" className="button button--ghost button--small" disabled={busy} onClick={() => setConfirmingClear(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}

      <div className="provider-card__messages" aria-live="polite">
        {result && (
          <p className={`result-line result-line--${result.ok ? 'ok' : 'error'}`} data-testid="provider-test-result" data-ok={result.ok}>
            <span className="result-line__dot" aria-hidden="true" />
            <span>
              {result.ok ? 'Connection works' : 'Connection failed'}
              {result.message && <>: {result.message.trim().replace(/\.$/, '')}</>}
              {result.at && <> — <time dateTime={result.at} title={fullDateTime(result.at)}>tested at {clockTime(result.at)}</time></>}
            </span>
          </p>
        )}
        {notice && (
          <p className={`result-line result-line--${notice.ok ? 'ok' : 'error'}`} data-testid="provider-notice">
            <span className="result-line__dot" aria-hidden="true" />
            <span>{notice.text}</span>
          </p>
        )}
      </div>
    </form>
  );
}

/** The fields, from main's view of the provider; remounted (fresh defaults) after each save. */
function CredentialFields(props: {
  provider: Provider;
  view: ProviderSettingsView;
  disabled: boolean;
  errors: FieldErrors;
  secretRef: RefObject<HTMLInputElement | null>;
  onKeepStored: () => void;
}) {
  const { provider, view, disabled, errors, secretRef, onKeepStored } = props;
  const info = PROVIDER_INFO[provider];
  const [replacing, setReplacing] = useState(false);
  // What the environment and base URL fields say now: another address asks for the secret again.
  const [endpoint, setEndpoint] = useState({ environment: view.environment, baseUrl: view.baseUrl });
  const uid = useId();
  const id = (f: string) => `${uid}-${f}`;
  const stored = view.secretMask !== null;
  const mustRetype = stored && movesEndpoint(view, endpoint);
  const showSecretInput = !stored || replacing || mustRetype;
  return (
      <fieldset className="provider-card__fields" disabled={disabled}>
        <legend className="visually-hidden">{info.name} credentials</legend>
        <div className="field">
          <label className="field__label" htmlFor={id('environment')}>Environment</label>
          <select className="field__input" id={id('environment')} name="environment" defaultValue={view.environment} data-testid="provider-environment"
            onChange={(e) => {
              const environment = e.currentTarget.value === 'production' ? 'production' : 'sandbox';
              setEndpoint((x) => ({ ...x, environment }));
            }}>
            <option value="sandbox">Sandbox</option>
            <option value="production">Production</option>
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={id('clientId')}>Client ID</label>
          <input
            className="field__input" id={id('clientId')} name="clientId" type="text" defaultValue={view.clientId ?? ''}
            spellCheck={false} autoCapitalize="off" autoCorrect="off" autoComplete="off" maxLength={512}
            aria-invalid={errors.clientId ? true : undefined} aria-describedby={errors.clientId ? id('clientId-error') : undefined}
            data-testid="provider-client-id"
          />
          {errors.clientId && <p className="field__error" id={id('clientId-error')}>{errors.clientId}</p>}
        </div>
        <div className="field">
          <label className="field__label" htmlFor={showSecretInput ? id('secret') : id('secret-replace')}>{info.secretLabel}</label>
          {showSecretInput ? (
            <div className="field__row">
              <input
                ref={secretRef} className="field__input" id={id('secret')} type="password"
                autoComplete="new-password" spellCheck={false} maxLength={512}
                placeholder={stored ? 'Type the new one' : ''}
                aria-invalid={errors.secret ? true : undefined}
                aria-describedby={errors.secret ? id('secret-error') : stored ? id('secret-hint') : undefined}
                data-testid="provider-secret"
              />
              {stored && !mustRetype && (
                <button type="button" className="button button--ghost button--small" onClick={() => {
                  setReplacing(false);
                  onKeepStored();
                }}>
                  Keep stored
                </button>
              )}
            </div>
          ) : (
            <div className="field__row">
              <span className="field__mask" data-testid="provider-secret-mask" aria-label={`Stored ${info.secretLabel.toLowerCase()}, ending ${view.secretMask?.replace(/^[•*]+/, '') ?? ''}`}>
                {view.secretMask}
              </span>
              <button type="button" className="button button--ghost button--small" id={id('secret-replace')}
                onClick={() => setReplacing(true)} data-testid="provider-secret-replace">
                Replace
              </button>
            </div>
          )}
          {errors.secret && showSecretInput && <p className="field__error" id={id('secret-error')}>{errors.secret}</p>}
          {stored && showSecretInput && !errors.secret && (
            <p className="field__hint" id={id('secret-hint')} data-testid="provider-secret-hint">
              {mustRetype ? secretAgain(info.secretLabel) : 'Leave empty to keep the stored one.'}
            </p>
          )}
        </div>
        <details className="provider-card__advanced" open={view.baseUrl !== null || errors.baseUrl !== undefined ? true : undefined}>
          <summary>Advanced</summary>
          <div className="field">
            <label className="field__label" htmlFor={id('baseUrl')}>API base URL</label>
            <input
              className="field__input" id={id('baseUrl')} name="baseUrl" type="url" defaultValue={view.baseUrl ?? ''}
              spellCheck={false} autoComplete="off" placeholder={`${info.name}'s own address`} maxLength={2048}
              aria-invalid={errors.baseUrl ? true : undefined} aria-describedby={errors.baseUrl ? id('baseUrl-error') : id('baseUrl-hint')}
              data-testid="provider-base-url"
              onChange={(e) => {
                const baseUrl = e.currentTarget.value.trim() || null;
                setEndpoint((x) => ({ ...x, baseUrl }));
              }}
            />
            {errors.baseUrl
              ? <p className="field__error" id={id('baseUrl-error')}>{errors.baseUrl}</p>
              : <p className="field__hint" id={id('baseUrl-hint')}>Only for a proxy or a test server: https://, or http:// to this computer only. Leave empty to use {info.name}&rsquo;s address for the environment.</p>}
          </div>
        </details>
      </fieldset>
  );
}

/** Whether the fields point the provider somewhere other than where its stored secret was entered for (main refuses that without the secret). */
function movesEndpoint(view: ProviderSettingsView, fields: { environment: ProviderSettingsView['environment']; baseUrl: string | null }): boolean {
  return fields.environment !== view.environment || fields.baseUrl !== view.baseUrl;
}

function secretAgain(secretLabel: string): string {
  return `Enter the ${secretLabel.toLowerCase()} again: the stored one is sent only to the address it was entered for.`;
}

function describeIssue(field: Field, secretLabel: string, message: string): string {
  const name = field === 'secret' ? secretLabel : FIELD_NAMES[field] ?? field;
  if (field === 'baseUrl') return `${name}: enter an address starting with http:// or https://.`;
  if (/too_small|at least|>=\s*1/i.test(message)) return `Enter the ${name.toLowerCase()}.`;
  if (/printable|spaces/i.test(message)) return `${name}: use letters, digits and symbols only, without spaces.`;
  if (/too_big|at most|<=/i.test(message)) return `${name} is too long.`;
  return `${name}: ${message}`;
}

interface TestShown {
  ok: boolean;
  message: string;
  at: string | null;
}

/** The newest of this window's own test (or its failure to run) and the one main remembers. */
function latestTest(
  mine: { ok: boolean; message: string; at: string } | null,
  remembered: ProviderSettingsView['lastTest'],
  failedToRun: string | null,
): TestShown | null {
  if (failedToRun) return { ok: false, message: failedToRun, at: null };
  if (mine && (!remembered || Date.parse(mine.at) >= Date.parse(remembered.at))) return mine;
  return remembered;
}
