// Human output helpers: sizes, times, aligned tables, shell-safe paths.
import { formatByteSize } from '../../shared/byte-size';

/** The one size style of CLI and app (shared/byte-size.ts): 1.2 MB, 156 MB, 3.4 GB. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '-';
  return formatByteSize(bytes);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2024-03-05 14:07` in local time; anything unparsable is shown as given. */
export function formatLocalTime(iso: string | null): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** `45 s`, `3:07`, `1:02:09`. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(rest)}` : `${m}:${pad2(rest)}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Columns padded to their widest cell, two spaces apart, no trailing spaces. Cells align
 * left, but for the columns named in `rightAligned` (numbers and sizes).
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly string[][],
  rightAligned: readonly string[] = [],
): string {
  const right = headers.map((h) => rightAligned.includes(h));
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (right[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** Label/value lines with the values aligned. */
export function renderPairs(pairs: readonly [string, string][]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}

/** Quotes a path for a copy-pasteable POSIX shell command only when it needs it. */
export function shellQuote(text: string): string {
  if (/^[\w@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
