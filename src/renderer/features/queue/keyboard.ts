/** The queue's keyboard vocabulary, kept apart from the DOM so that it is testable as a table. */
export type QueueCommand = 'down' | 'up' | 'pageDown' | 'pageUp' | 'first' | 'last' | 'open' | 'search' | 'escape';

/**
 * Where the focus is decides what a key means: in the search box the arrows and Enter still drive the
 * queue (type, then go down the results), but letters are text; in another field or a select, keys
 * belong to that control and only Escape reaches the queue; on a button (say after clicking
 * "Synchroniser") everything but Enter and Space, which press the button, drives the queue.
 */
export type FocusKind = 'search' | 'field' | 'select' | 'button' | 'none';

export type KeyInput = { key: string; focus: FocusKind; modifier: boolean };

export function queueCommand({ key, focus, modifier }: KeyInput): QueueCommand | null {
  if (modifier) return null;
  if (key === 'Escape') return 'escape';
  if (focus === 'field' || focus === 'select') return null;
  if (focus === 'button' && (key === 'Enter' || key === ' ')) return null;
  if (focus === 'search') {
    if (key === 'ArrowDown') return 'down';
    if (key === 'ArrowUp') return 'up';
    if (key === 'Enter') return 'open';
    return null;
  }
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return 'down';
    case 'k':
    case 'ArrowUp':
      return 'up';
    case 'PageDown':
      return 'pageDown';
    case 'PageUp':
      return 'pageUp';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'Enter':
      return 'open';
    case '/':
      return 'search';
    default:
      return null;
  }
}

export function focusKind(el: Element | null, search: Element | null): FocusKind {
  if (!el || el === document.body) return 'none';
  if (el === search) return 'search';
  const tag = el.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || (el as HTMLElement).isContentEditable === true) return 'field';
  if (tag === 'SELECT') return 'select';
  if (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') return 'button';
  return 'none';
}
