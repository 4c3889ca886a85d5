const NEXT = 'Choose Reload to try again. Your transactions are stored on this computer and nothing is lost; if this keeps happening, quit and restart Ledgerline.';

/** Shown instead of the app when it cannot run at all: what happened, and what to do. */
export function FatalScreen({ title, detail, next = NEXT }: { title: string; detail: string; next?: string }) {
  return (
    <main className="fatal">
      <div className="fatal__card" role="alert">
        <h1 className="fatal__title">{title}</h1>
        <p className="fatal__detail">{detail}</p>
        <p className="fatal__next">{next}</p>
        <button type="button" className="button button--primary" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    </main>
  );
}
