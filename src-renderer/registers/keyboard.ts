// The register's keyboard design as a pure function (no DOM): which key does what. The screen and the keystroke
// benchmark (bench/registers.ts) both use it, so the figure reported is the design actually shipped.
import type { Mark } from '../../src-main/contract/registers';

/** One key per mark, shown on screen beside each button. X = apologies (an eXcused absence). */
export const MARK_KEYS: Record<Mark, string> = { present: 'P', late: 'L', absent: 'A', apologies: 'X' };
export const REST_PRESENT_KEY = 'E';
export const UNDO_KEY = 'U';
export const NOTE_KEY = 'N';

const KEY_TO_MARK: Record<string, Mark> = { p: 'present', l: 'late', a: 'absent', x: 'apologies', '1': 'present', '2': 'late', '3': 'absent', '4': 'apologies' };

export type RegisterKeyAction =
  | { kind: 'move'; to: number }
  | { kind: 'mark'; index: number; mark: Mark; then: number }
  | { kind: 'restPresent' }
  | { kind: 'undo' }
  | { kind: 'note'; index: number };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

/**
 * What a key press on the register means, given the focused row and the number of rows. Marking moves on to the next
 * row, so a register is taken with one key per person; `E` then marks everyone not yet marked present.
 */
export function registerKey(e: KeyInput, cursor: number, rows: number): RegisterKeyAction | null {
  if (e.altKey) return null;
  const last = Math.max(0, rows - 1);
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if ((e.ctrlKey || e.metaKey) && key === 'z') return { kind: 'undo' };
  if (e.ctrlKey || e.metaKey) return null;
  switch (key) {
    case 'ArrowDown':
    case 'j':
      return { kind: 'move', to: Math.min(last, cursor + 1) };
    case 'ArrowUp':
    case 'k':
      return { kind: 'move', to: Math.max(0, cursor - 1) };
    case 'Home':
      return { kind: 'move', to: 0 };
    case 'End':
      return { kind: 'move', to: last };
    case 'e':
      return { kind: 'restPresent' };
    case 'u':
      return { kind: 'undo' };
    case 'n':
      return rows > 0 ? { kind: 'note', index: cursor } : null;
  }
  const mark = KEY_TO_MARK[key];
  if (mark && rows > 0) return { kind: 'mark', index: cursor, mark, then: Math.min(last, cursor + 1) };
  return null;
}

/**
 * The fewest key presses to take a register whose marks will be `marks` (in screen order), starting with the first
 * row focused: walk down marking each person, and as soon as everyone left is present, press E once.
 */
export function keystrokesToTake(marks: readonly Mark[]): { keys: string[] } {
  const keys: string[] = [];
  let cursor = 0;
  while (cursor < marks.length) {
    if (marks.slice(cursor).every((m) => m === 'present') && marks.length - cursor > 1) {
      keys.push(REST_PRESENT_KEY);
      const a = registerKey({ key: 'e' }, cursor, marks.length);
      if (a?.kind !== 'restPresent') throw new Error('E no longer marks everyone else present');
      break;
    }
    const k = MARK_KEYS[marks[cursor]];
    const a = registerKey({ key: k.toLowerCase() }, cursor, marks.length);
    if (a?.kind !== 'mark' || a.mark !== marks[cursor]) throw new Error(`${k} no longer marks ${marks[cursor]}`);
    keys.push(k);
    if (a.then === cursor) break;
    cursor = a.then;
  }
  return { keys };
}
