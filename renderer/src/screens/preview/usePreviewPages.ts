// Pages through a stored restore preview on demand: the list asks for the rows it
// is about to show and only the missing pages are fetched (a few at a time), so
// 30,000 changes scroll without loading them all. A new filter starts over.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RestoreKind } from '../../../../shared/restore-kinds';
import type { TrackChange } from '../../../../shared/types';
import { useBridge } from '../../bridge/bridge-context';
import { errorMessage } from '../../errors';
import { isRestorePreviewPage } from '../../schemas';

export const PREVIEW_PAGE_SIZE = 200;
const MAX_PAGES_IN_FLIGHT = 3;

export interface PreviewPages {
  /** Rows matching the filter; null until the first page answers. */
  total: number | null;
  row(index: number): TrackChange | undefined;
  /** Fetch whatever of rows [first, last] is missing. */
  want(first: number, last: number): void;
  error: string | null;
  /** Try the pages that failed again. */
  retry(): void;
}

export function usePreviewPages(previewId: string, filter: string, kind: RestoreKind | null): PreviewPages {
  const bridge = useBridge();
  const pages = useRef(new Map<number, TrackChange[]>());
  const inFlight = useRef(new Set<number>());
  /** Pages that failed are not asked for again until retry(), so errors cannot loop. */
  const failed = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Bumped when a page lands so the list re-renders and picks it up.
  const [, setLoadedCount] = useState(0);

  const fetchPage = useCallback(
    (page: number) => {
      const gen = generation.current;
      inFlight.current.add(page);
      bridge
        .getRestorePreviewPage({
          previewId,
          offset: page * PREVIEW_PAGE_SIZE,
          limit: PREVIEW_PAGE_SIZE,
          ...(filter ? { filter } : {}),
          ...(kind ? { kinds: [kind] } : {}),
        })
        .then((answer) => {
          if (gen !== generation.current) return;
          if (!isRestorePreviewPage(answer))
            throw new Error('Backbeat sent a preview page in an unexpected shape.');
          pages.current.set(page, answer.items);
          setTotal(answer.total);
          setError(null);
          setLoadedCount((n) => n + 1);
        })
        .catch((err: unknown) => {
          if (gen !== generation.current) return;
          failed.current.add(page);
          setError(errorMessage(err));
        })
        .finally(() => {
          if (gen === generation.current) inFlight.current.delete(page);
        });
    },
    [bridge, previewId, filter, kind],
  );

  // A new preview or filter: forget every page and learn the new total from page 0.
  useEffect(() => {
    generation.current++;
    pages.current = new Map();
    inFlight.current = new Set();
    failed.current = new Set();
    setTotal(null);
    setError(null);
    fetchPage(0);
  }, [fetchPage]);

  const want = useCallback(
    (first: number, last: number) => {
      const firstPage = Math.floor(Math.max(0, first) / PREVIEW_PAGE_SIZE);
      const lastPage = Math.floor(Math.max(0, last) / PREVIEW_PAGE_SIZE);
      for (let page = firstPage; page <= lastPage; page++) {
        if (inFlight.current.size >= MAX_PAGES_IN_FLIGHT) return;
        if (!pages.current.has(page) && !inFlight.current.has(page) && !failed.current.has(page))
          fetchPage(page);
      }
    },
    [fetchPage],
  );

  const row = (index: number) =>
    pages.current.get(Math.floor(index / PREVIEW_PAGE_SIZE))?.[index % PREVIEW_PAGE_SIZE];

  const retry = useCallback(() => {
    const toRetry = [...failed.current];
    failed.current = new Set();
    setError(null);
    if (toRetry.length === 0 || !pages.current.has(0)) fetchPage(0);
    toRetry.filter((page) => page !== 0).forEach(fetchPage);
  }, [fetchPage]);

  return { total, row, want, error, retry };
}
