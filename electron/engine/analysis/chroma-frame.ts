// Per frame: the 12 pitch-class energies from the power spectrum, scaled so the
// strongest class is 1, and the 6 tonnetz values derived from them.
import { N_CHROMA } from './constants';
import { COL } from './frame-columns';
import { chromaFilterbank } from './filterbanks';
import { tonnetzInto } from './tonnetz';

/** Below this the frame is silence, and its chroma would be noise scaled up. */
const SILENT_CHROMA = 1e-8;

/**
 * The chroma filterbank by pitch class: class c sums weights[i] * power[bins[i]]
 * for i in [offsets[c], offsets[c + 1]). Class by class, each sum runs in a local
 * variable instead of twelve accumulators updated at random.
 */
interface ClassMajorChroma {
  offsets: Int32Array;
  bins: Int32Array;
  weights: Float64Array;
}

function classMajor(): ClassMajorChroma {
  const bank = chromaFilterbank();
  const entries: { bin: number; weight: number }[][] = Array.from({ length: N_CHROMA }, () => []);
  for (let i = 0; i < bank.bins.length; i++)
    for (let j = bank.offsets[i]!; j < bank.offsets[i + 1]!; j++)
      entries[bank.classes[j]!]!.push({ bin: bank.bins[i]!, weight: bank.weights[j]! });
  const offsets = new Int32Array(N_CHROMA + 1);
  entries.forEach((list, c) => (offsets[c + 1] = offsets[c]! + list.length));
  const all = entries.flat();
  return {
    offsets,
    bins: Int32Array.from(all, (e) => e.bin),
    weights: Float64Array.from(all, (e) => e.weight),
  };
}

/** Built once per worker, as a module constant so the loops keep it in registers. */
const BANK = classMajor();

export class ChromaFrame {
  private readonly chroma = new Float64Array(N_CHROMA);

  writeInto(power: Float64Array, row: Float32Array): void {
    const { offsets, bins, weights } = BANK;
    const chroma = this.chroma;
    let max = 0;
    for (let c = 0; c < N_CHROMA; c++) {
      const end = offsets[c + 1]!;
      let acc = 0;
      for (let i = offsets[c]!; i < end; i++) acc += weights[i]! * power[bins[i]!]!;
      chroma[c] = acc;
      max = Math.max(max, acc);
    }
    const silent = max < SILENT_CHROMA;
    for (let c = 0; c < N_CHROMA; c++) row[COL.chroma + c] = silent ? 0 : chroma[c]! / max;
    tonnetzInto(row.subarray(COL.chroma, COL.chroma + N_CHROMA), row, COL.tonnetz);
  }
}
