// A one-line progress bar on stderr: phase, bar, percent and time left, redrawn in place.
import type { JobProgress } from '../../shared/types';
import { formatSeconds } from './format';

const BAR_WIDTH = 24;

/** The text of one progress line, cut to fit `columns`. */
export function renderProgressLine(progress: JobProgress, columns: number): string {
  const fraction = Math.min(1, Math.max(0, progress.fraction));
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const eta = progress.etaSeconds === null ? '' : `  ETA ${formatSeconds(progress.etaSeconds)}`;
  const line = `${progress.label}  ${bar} ${percent}${eta}`;
  // Leave the last column free: writing into it makes some terminals wrap.
  const max = Math.max(10, columns - 1);
  return line.length > max ? line.slice(0, max) : line;
}

export interface ProgressDisplay {
  update(progress: JobProgress): void;
  /** Erases the line so the next message starts clean. */
  clear(): void;
}

export function terminalProgress(write: (text: string) => void, columns: number): ProgressDisplay {
  let drawn = false;
  return {
    update(progress) {
      write(`\r\x1b[2K${renderProgressLine(progress, columns)}`);
      drawn = true;
    },
    clear() {
      if (drawn) write('\r\x1b[2K');
      drawn = false;
    },
  };
}

export const noProgress: ProgressDisplay = { update: () => undefined, clear: () => undefined };
