// Worker-thread side of the rescan: analyses one file per call. Every problem with
// the file becomes an {ok: false, reason} answer; only cancellation (and a crash)
// travels as an error.
import { ContractError } from '../../../shared/errors';
import { analyseAudioFile } from '../analysis/analyse-file';
import { reasonOf } from '../audio/audio-error';
import type { JobContext } from '../runtime/progress';
import type { SonicSource } from '../analysis/layout';
import type { WorkerMethods } from '../runtime/worker-protocol';

export interface AnalyseArgs {
  filePath: string;
}

export type AnalyseOutcome =
  | {
      ok: true;
      json: string;
      sonicSource: SonicSource;
      durationSeconds: number;
      bpm: number;
      key: string | null;
      ms: number;
    }
  | { ok: false; reason: string; ms: number };

export async function analyseTrack(args: AnalyseArgs, ctx: JobContext): Promise<AnalyseOutcome> {
  const started = performance.now();
  try {
    const r = await analyseAudioFile(args.filePath, { signal: ctx.signal });
    return {
      ok: true,
      json: JSON.stringify(r.features),
      sonicSource: r.sonicSource,
      durationSeconds: r.durationSeconds,
      bpm: r.bpm,
      key: r.key,
      ms: performance.now() - started,
    };
  } catch (err) {
    if (ctx.signal.aborted) throw new ContractError('cancelled', 'The rescan was cancelled.');
    if (err instanceof ContractError && err.code === 'cancelled') throw err;
    return { ok: false, reason: reasonOf(err), ms: performance.now() - started };
  }
}

export const handlers = { analyseTrack } satisfies WorkerMethods;

export type AnalyseMethods = typeof handlers;
