/**
 * Adding an account and signing in again, from anywhere (the sidebar, the empty list, a
 * connection's status line): the App owns the one dialog; these open it.
 */
import { createContext, useContext } from 'react';
import type { ConnectionView } from '../../hooks/useConnections';

export interface LinkActions {
  addAccount(): void;
  signInAgain(connection: ConnectionView): void;
}

export const LinkActionsContext = createContext<LinkActions>({ addAccount: () => undefined, signInAgain: () => undefined });

export const useLinkActions = () => useContext(LinkActionsContext);
