/** Shown instead of the app when it cannot run at all: what happened, and what to do. */
export function FatalScreen({ title, detail }: { title: string; detail: string }) {
  return (
    <main className="fatal">
      <div className="fatal__card" role="alert">
        <h1 className="fatal__title">{title}</h1>
        <p className="fatal__detail">{detail}</p>
        <button type="button" className="button button--primary" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    </main>
  );
}
