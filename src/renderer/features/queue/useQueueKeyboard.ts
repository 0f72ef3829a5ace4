import { useEffect, type RefObject } from 'react';
import type { QueueStore } from './store';
import { rowAt } from './store';
import type { ReportStore } from '../report/store';
import { focusKind, queueCommand, type QueueCommand } from './keyboard';

type Deps = {
  queue: QueueStore;
  report: ReportStore;
  searchRef: RefObject<HTMLInputElement | null>;
  listRef: RefObject<HTMLDivElement | null>;
};

const PAGE_STEP = 20;

/** Document-level keys of the main screen: the officer works the queue without the mouse. */
export function useQueueKeyboard({ queue, report, searchRef, listRef }: Deps): void {
  useEffect(() => {
    function run(cmd: QueueCommand): void {
      const q = queue.getState();
      switch (cmd) {
        case 'down':
          return q.move(1);
        case 'up':
          return q.move(-1);
        case 'pageDown':
          return q.move(PAGE_STEP);
        case 'pageUp':
          return q.move(-PAGE_STEP);
        case 'first':
          return q.select(0);
        case 'last':
          return q.select((q.total ?? 1) - 1);
        case 'open': {
          const row = rowAt(q, q.selected);
          if (row) void report.getState().open(row.id);
          return;
        }
        case 'search':
          searchRef.current?.focus();
          searchRef.current?.select();
          return;
        case 'escape':
          return escape();
        default: {
          const never: never = cmd;
          return never;
        }
      }
    }
    // Escape peels one layer at a time: the search text, then the open report, then the focus.
    function escape(): void {
      const search = searchRef.current;
      if (search && document.activeElement === search) {
        if (queue.getState().searchInput) queue.getState().setSearch('');
        else listRef.current?.focus();
        return;
      }
      if (report.getState().openId) {
        report.getState().close();
        listRef.current?.focus();
      }
    }
    function onKey(e: KeyboardEvent): void {
      const focus = focusKind(document.activeElement, searchRef.current);
      const cmd = queueCommand({ key: e.key, focus, modifier: e.ctrlKey || e.metaKey || e.altKey });
      if (!cmd) return;
      e.preventDefault();
      run(cmd);
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [queue, report, searchRef, listRef]);
}
