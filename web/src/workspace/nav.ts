/** What the inbox tells the conversation open beside it: the way back to the list and next/previous in the list's order. */
import { createContext, useContext } from 'react';

export interface WorkspaceNav {
  listTo: { pathname: string; search: string };
  /** The open conversation's place in the loaded list (null when it is not in it, e.g. filtered out). */
  position: { index: number; total: number } | null;
  previous: (() => void) | null;
  next: (() => void) | null;
}

export const WorkspaceNavContext = createContext<WorkspaceNav | null>(null);

/** The inbox's navigation when the conversation is open beside the list; null on the conversation's own page. */
export function useWorkspaceNav(): WorkspaceNav | null {
  return useContext(WorkspaceNavContext);
}
