/** The inbox list held still while a person works through it (docs/inbox.md); no dependencies, so the web bundle takes it as it is. */

/** One row of an inbox list held still: its latest data, and whether it has left the view since. */
export interface HeldRow<T> {
  item: T;
  /** No longer in the view's latest result (answered, closed, re-assigned out of a filter …). */
  gone: boolean;
}

/**
 * The inbox list held still while a person works through it (docs/inbox.md, "The list holds
 * still"): the rows keep the order they had when the list was held, each with its latest data
 * from `fresh`; a held row that is no longer in `fresh` stays in its place, marked gone, with the
 * data it had when last seen; rows of `fresh` that were not held wait for a deliberate refresh.
 * `waiting` counts what a refresh would change (rows that joined plus rows that left).
 */
export function holdList<T extends { id: string }>(held: readonly T[], fresh: readonly T[]): { rows: HeldRow<T>[]; waiting: number } {
  const latest = new Map(fresh.map((f) => [f.id, f]));
  const heldIds = new Set(held.map((h) => h.id));
  let waiting = 0;
  const rows = held.map((h) => {
    const now = latest.get(h.id);
    if (!now) waiting++;
    return { item: now ?? h, gone: !now };
  });
  for (const f of fresh) if (!heldIds.has(f.id)) waiting++;
  return { rows, waiting };
}

/** The held list with `more` (a further page loaded on request) appended: those not already held, in their order. */
export function extendHeld<T extends { id: string }>(held: readonly T[], more: readonly T[]): T[] {
  const ids = new Set(held.map((h) => h.id));
  return [...held, ...more.filter((m) => !ids.has(m.id))];
}
