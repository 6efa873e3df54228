/**
 * Keyboard shortcuts of the inbox (shown by "?" and the "Hurtigtaster" button): j/↓ next
 * conversation, k/↑ previous, r reply, a assign to me, ? help. They never fire while the person
 * types in a field, nor with Ctrl, Alt or Meta held (the browser's and screen readers' own keys).
 */
import { useEffect, useRef } from 'react';

export type ShortcutAction = 'next' | 'previous' | 'reply' | 'assignMe' | 'help';

/** The keys of each action (documented in the help panel from this table). */
export const SHORTCUTS: ReadonlyArray<{ action: ShortcutAction; keys: string[] }> = [
  { action: 'next', keys: ['j', 'ArrowDown'] },
  { action: 'previous', keys: ['k', 'ArrowUp'] },
  { action: 'reply', keys: ['r'] },
  { action: 'assignMe', keys: ['a'] },
  { action: 'help', keys: ['?'] },
];

/** Is the event's target a place where keys are text (a field, a select, an editable element)? */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return false;
}

/** The action a key press asks for, or undefined. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'target'>): ShortcutAction | undefined {
  if (e.ctrlKey || e.altKey || e.metaKey || isTypingTarget(e.target)) return undefined;
  return SHORTCUTS.find((s) => s.keys.includes(e.key))?.action;
}

/** Calls `on` for each shortcut pressed on the page while mounted. */
export function useShortcuts(on: (action: ShortcutAction) => void): void {
  const ref = useRef(on);
  ref.current = on;
  useEffect(() => {
    const listener = (e: KeyboardEvent) => {
      const action = shortcutFor(e);
      if (!action) return;
      // Arrow keys scroll the page unless a conversation is moved to.
      e.preventDefault();
      ref.current(action);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
