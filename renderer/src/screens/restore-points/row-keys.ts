// Which row the arrow/paging keys move the selection to, or null for other keys.
export function targetIndex(key: string, current: number, count: number, pageSize: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, current < 0 ? 0 : current + 1);
    case 'ArrowUp':
      return Math.max(0, current < 0 ? 0 : current - 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageDown':
      return Math.min(last, Math.max(0, current) + pageSize);
    case 'PageUp':
      return Math.max(0, current - pageSize);
    default:
      return null;
  }
}
