// Restore previews kept in memory between "compare" and "restore": the app pages
// through a preview's track changes (filtered by text and kind) without recomputing it.
import crypto from 'node:crypto';
import { ContractError } from '../../../shared/contract';
import type { RestoreKind } from '../../../shared/restore-kinds';
import type { RestorePreviewPage, RestorePreviewSummary, TrackChange } from '../../../shared/types';

/** How many restore previews stay in memory; older ones expire. */
const PREVIEWS_KEPT = 3;

interface StoredPreview {
  summary: RestorePreviewSummary;
  changes: TrackChange[];
  /** The last filter's matches, so paging through a filtered list does not refilter each time. */
  lastFilter: { needle: string; items: TrackChange[] } | null;
}

function matchesFilter(change: TrackChange, needle: string): boolean {
  return [change.artist, change.title, change.filePath].some(
    (field) => field !== null && field.toLowerCase().includes(needle),
  );
}

export interface PageRequest {
  previewId: string;
  offset: number;
  limit: number;
  filter?: string | undefined;
  kinds?: readonly RestoreKind[] | undefined;
}

export class PreviewStore {
  private readonly previews = new Map<string, StoredPreview>();

  /** Keeps a finished preview under a new id (the oldest beyond PREVIEWS_KEPT expires). */
  add(summary: Omit<RestorePreviewSummary, 'previewId'>, changes: TrackChange[]): RestorePreviewSummary {
    const stored: RestorePreviewSummary = { ...summary, previewId: `preview-${crypto.randomUUID()}` };
    this.previews.set(stored.previewId, { summary: stored, changes, lastFilter: null });
    while (this.previews.size > PREVIEWS_KEPT) {
      const oldest = this.previews.keys().next().value;
      if (oldest === undefined) break;
      this.previews.delete(oldest);
    }
    return stored;
  }

  page({ previewId, offset, limit, filter, kinds }: PageRequest): RestorePreviewPage {
    const stored = this.previews.get(previewId);
    if (!stored) {
      throw new ContractError('not-found', 'That restore preview has expired. Preview the restore again.');
    }
    const text = (filter ?? '').trim().toLowerCase();
    const kindSet = kinds === undefined ? null : new Set(kinds);
    // One key for the text and the kinds: paging through one filtered list filters once.
    const needle = kindSet === null ? text : `${[...kindSet].sort().join(',')}|${text}`;
    let items = stored.changes;
    if (needle) {
      if (stored.lastFilter?.needle !== needle) {
        stored.lastFilter = {
          needle,
          items: stored.changes.filter(
            (c) => (kindSet === null || kindSet.has(c.kind)) && (!text || matchesFilter(c, text)),
          ),
        };
      }
      items = stored.lastFilter.items;
    }
    return { previewId, total: items.length, offset, items: items.slice(offset, offset + limit) };
  }

  clear(): void {
    this.previews.clear();
  }
}
