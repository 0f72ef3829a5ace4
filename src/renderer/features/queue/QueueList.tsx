import { useEffect, useRef } from 'react';
import { useVirtualizer, observeElementRect, type Virtualizer } from '@tanstack/react-virtual';
import type { QueueRow } from '@shared';
import { QueueRowView } from './QueueRowView';

export const ROW_HEIGHT = 30;

export type QueueListProps = {
  total: number;
  rowAt: (index: number) => QueueRow | undefined;
  selected: number;
  now: number;
  onRange: (start: number, end: number) => void;
  onPick: (index: number, id: string | null) => void;
};

// Where layout is not measured (tests, a panel not yet laid out) the list still renders a screenful.
const FALLBACK = { width: 1000, height: 600 };
const observeRect: typeof observeElementRect = (instance, cb) =>
  observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK));

/**
 * Only the visible rows (plus a margin) exist in the DOM, whatever the total: 100 000 reports scroll
 * like 100. The list reports its visible window so that the store loads the pages behind it.
 */
export function QueueList(p: QueueListProps) {
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const virtualizer: Virtualizer<HTMLDivElement, Element> = useVirtualizer({
    count: p.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    initialRect: FALLBACK,
    observeElementRect: observeRect,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { onRange } = p;
  useEffect(() => {
    if (p.total > 0) onRange(first, last);
  }, [first, last, p.total, onRange]);
  useEffect(() => {
    if (p.total > 0 && p.selected >= 0) virtualizer.scrollToIndex(p.selected, { align: 'auto' });
  }, [p.selected, p.total, virtualizer]);

  return (
    <div className="qbody" ref={scrollRef} role="presentation">
      <div
        className="qcanvas"
        role="rowgroup"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => (
          <QueueRowView key={item.key} row={p.rowAt(item.index)} index={item.index} selected={item.index === p.selected} now={p.now} top={item.start} height={ROW_HEIGHT} onPick={p.onPick} />
        ))}
      </div>
    </div>
  );
}
