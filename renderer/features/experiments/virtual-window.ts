// Fixed-row-height windowing: which rows of a long list to put in the DOM for a scroll position.

export interface VirtualWindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Extra rows rendered above and below, so fast scrolling does not show blank space. */
  overscan: number;
}

export interface VirtualWindow {
  /** First row index to render. */
  start: number;
  /** One past the last row index to render. */
  end: number;
  totalHeight: number;
}

export function computeVirtualWindow({ scrollTop, viewportHeight, rowHeight, rowCount, overscan }: VirtualWindowInput): VirtualWindow {
  const totalHeight = rowCount * rowHeight;
  if (rowCount <= 0 || rowHeight <= 0) return { start: 0, end: 0, totalHeight: 0 };
  const firstVisible = Math.min(rowCount - 1, Math.max(0, Math.floor(scrollTop / rowHeight)));
  const visibleCount = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  return {
    start: Math.max(0, firstVisible - overscan),
    end: Math.min(rowCount, firstVisible + visibleCount + overscan),
    totalHeight,
  };
}

export function sameWindow(a: VirtualWindow, b: VirtualWindow): boolean {
  return a.start === b.start && a.end === b.end && a.totalHeight === b.totalHeight;
}

export interface RevealInput {
  index: number;
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  /** Height of the sticky header that covers the top of the scrolled body. */
  headerHeight: number;
}

/** The scrollTop that brings row `index` fully into view with the least movement. */
export function scrollTopToReveal({ index, scrollTop, viewportHeight, rowHeight, headerHeight }: RevealInput): number {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  const bodyHeight = Math.max(rowHeight, viewportHeight - headerHeight);
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + bodyHeight) return rowBottom - bodyHeight;
  return scrollTop;
}
