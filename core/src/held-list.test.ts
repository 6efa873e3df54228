/** The inbox list held still while a person works through it (core/src/held-list.ts). */
import { describe, expect, it } from 'vitest';
import { extendHeld, holdList } from './held-list.ts';

const row = (id: string, status = 'new') => ({ id, status });

describe('holdList', () => {
  it('keeps the held order while the latest result re-sorts, each row with its latest data', () => {
    const held = [row('a'), row('b'), row('c')];
    // b was assigned and moved to the end; nothing joined or left.
    const { rows, waiting } = holdList(held, [row('a'), row('c'), row('b', 'in_progress')]);
    expect(rows.map((r) => [r.item.id, r.item.status, r.gone])).toEqual([
      ['a', 'new', false],
      ['b', 'in_progress', false],
      ['c', 'new', false],
    ]);
    expect(waiting).toBe(0);
  });

  it('keeps a row that left the view in its place, marked gone, and counts rows that joined as waiting', () => {
    // a was answered (it no longer waits for the unit); d arrived.
    const { rows, waiting } = holdList([row('a'), row('b')], [row('d'), row('b')]);
    expect(rows.map((r) => [r.item.id, r.gone])).toEqual([
      ['a', true],
      ['b', false],
    ]);
    expect(waiting).toBe(2);
  });
});

describe('extendHeld', () => {
  it('appends a further page without repeating held rows', () => {
    expect(extendHeld([row('a'), row('b')], [row('b'), row('c')]).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});
