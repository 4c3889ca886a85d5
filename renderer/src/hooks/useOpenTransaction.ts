/** Opening a transaction's detail panel from anywhere (the list, the Changes view), and which one is open. */
import { createContext, useContext } from 'react';

export interface OpenTransaction {
  selectedId: string | null;
  open(id: string): void;
}

export const OpenTransactionContext = createContext<OpenTransaction>({ selectedId: null, open: () => undefined });

export const useOpenTransaction = () => useContext(OpenTransactionContext).open;
export const useSelectedTransaction = () => useContext(OpenTransactionContext).selectedId;
