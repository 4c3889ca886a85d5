/** Marks a connection whose data comes from Ledgerline's built-in demo bank. */
export function DemoBadge() {
  return (
    <span className="pill pill--demo" data-testid="demo-badge" title="Simulated data from Ledgerline's built-in demo bank">
      Demo
    </span>
  );
}
