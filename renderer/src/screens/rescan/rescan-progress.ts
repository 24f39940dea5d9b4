// Reads the rescan job's progress label: "Analysed N of M tracks (x tracks/s): <file>".

export interface RescanProgressFacts {
  done: number;
  total: number;
  tracksPerSecond: number | null;
  currentFile: string | null;
}

const LABEL = /^Analysed ([\d,]+) of ([\d,]+) tracks?(?: \(([\d.,]+) tracks?\/s\))?(?::\s*(.*))?$/;

export function parseRescanLabel(label: string): RescanProgressFacts | null {
  const m = LABEL.exec(label.trim());
  if (!m) return null;
  const num = (s: string | undefined) => (s === undefined ? null : Number(s.replace(/,/g, '')));
  const done = num(m[1]);
  const total = num(m[2]);
  if (done === null || total === null || Number.isNaN(done) || Number.isNaN(total)) return null;
  const rate = num(m[3]);
  return {
    done,
    total,
    tracksPerSecond: rate !== null && Number.isFinite(rate) ? rate : null,
    currentFile: m[4]?.trim() || null,
  };
}
