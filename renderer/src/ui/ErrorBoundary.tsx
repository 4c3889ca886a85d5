import { Component, type ReactNode } from 'react';
import { describeThrown } from './describeError';
import { FatalScreen } from './FatalScreen';

/** Catches render failures (a database read that threw, say) so the window never goes blank. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override render() {
    if (this.state.error) {
      return <FatalScreen title="Ledgerline hit a problem" detail={describeThrown(this.state.error)} />;
    }
    return this.props.children;
  }
}
