import type { FocusKind } from '../queue/keyboard';

/**
 * Triage keys on top of the queue's (j/k, Enter, /): claim, go to the qualification or the orientation,
 * submit for review, and the help overlay. Letters are never taken from a field being typed in.
 */
export type TriageCommand = 'claim' | 'qualify' | 'orient' | 'submit' | 'help' | 'next' | 'previous';

export function triageCommand({ key, focus, modifier }: { key: string; focus: FocusKind; modifier: boolean }): TriageCommand | null {
  if (modifier || focus === 'field' || focus === 'select' || focus === 'search') return null;
  switch (key) {
    case 'c':
      return 'claim';
    case 'q':
      return 'qualify';
    case 'o':
      return 'orient';
    case 's':
      return 'submit';
    case '?':
      return 'help';
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    default:
      return null;
  }
}

/** The shortcuts the help overlay and the README list, in this order; {enter} and {escape} are named in the officer's language. */
export const SHORTCUTS: ReadonlyArray<{ keys: string; action: 'next' | 'previous' | 'open' | 'search' | 'claim' | 'qualify' | 'orient' | 'submit' | 'help' | 'escape' }> = [
  { keys: 'j / ↓', action: 'next' },
  { keys: 'k / ↑', action: 'previous' },
  { keys: '{enter}', action: 'open' },
  { keys: '/', action: 'search' },
  { keys: 'c', action: 'claim' },
  { keys: 'q', action: 'qualify' },
  { keys: 'o', action: 'orient' },
  { keys: 's', action: 'submit' },
  { keys: '?', action: 'help' },
  { keys: '{escape}', action: 'escape' },
];
