// The benchmark's output: one row per target, printed as an aligned table.

export interface BenchRow {
  metric: string;
  measured: string;
  /** What it was measured against, or a note. */
  reference: string;
  /** measured / reference where a side-by-side ratio applies. */
  ratio: number | null;
  target: string;
  /** null when the target could not be checked here. */
  ok: boolean | null;
}

export function printTable(rows: BenchRow[]): void {
  const header = ['metric', 'measured', 'reference', 'ratio', 'target', 'result'];
  const cells = rows.map((r) => [
    r.metric,
    r.measured,
    r.reference,
    r.ratio === null ? '' : `${r.ratio.toFixed(2)}x`,
    r.target,
    r.ok === null ? 'n/a' : r.ok ? 'PASS' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(widths[i]!)).join('  ');
  console.log('');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
  const missed = rows.filter((r) => r.ok === false).length;
  console.log('');
  console.log(`${rows.length - missed} targets met or not applicable, ${missed} missed.`);
}
