// A slice of a job's progress under one phase name: sub-steps report 0..1 and their own
// labels; the job sees a monotonic fraction and the phase it promised (e.g. `decompress`).
import { sliceContext, type JobContext } from './progress';

export function phaseContext(
  ctx: JobContext,
  range: readonly [number, number],
  phase: string,
  label: string,
): JobContext {
  const slice = sliceContext(ctx, range[0], range[1]);
  return { signal: ctx.signal, report: (u) => slice.report({ ...u, phase, label: u.label || label }) };
}
