// Per frame: the log-mel spectrum, the onset strength (mean positive rise of the
// log-mel bands since the previous frame) and the MFCCs (DCT-II of the log-mel).
import { N_MELS, N_MFCC } from './constants';
import { COL } from './frame-columns';
import { dctMatrix, melFilterbank, packFilters } from './filterbanks';

/**
 * Floor of the log-mel spectrum in dB. A full-scale tone peaks near +50 dB here, so
 * this is about 80 dB below it (the role librosa's top_db plays): quieter noise
 * cannot make onsets or move the MFCCs.
 */
export const MEL_DB_FLOOR = -30;

const HALF_MELS = N_MELS / 2;

/** Built once per worker, as module constants so the loops keep them in registers. */
const MEL = packFilters(melFilterbank());
const DCT = Float64Array.from(dctMatrix());

export class MelFrame {
  private melDb = new Float64Array(N_MELS);
  private prevMelDb = new Float64Array(N_MELS);
  private readonly sums = new Float64Array(HALF_MELS);
  private readonly diffs = new Float64Array(HALF_MELS);
  private first = true;

  /** Writes the onset strength and the MFCCs of the frame with this power spectrum into `row`. */
  writeInto(power: Float64Array, row: Float32Array): void {
    const { starts, offsets, weights } = MEL;
    const { melDb, prevMelDb } = this;
    let flux = 0;
    for (let m = 0; m < N_MELS; m++) {
      const end = offsets[m + 1]!;
      let acc = 0;
      for (let i = offsets[m]!, k = starts[m]!; i < end; i++, k++) acc += weights[i]! * power[k]!;
      const db = Math.max(MEL_DB_FLOOR, 10 * Math.log10(Math.max(acc, 1e-10)));
      melDb[m] = db;
      flux += Math.max(0, db - prevMelDb[m]!);
    }
    row[COL.onset] = this.first ? 0 : flux / N_MELS;
    this.first = false;
    this.writeMfcc(row);
    // This frame's log-mel is the next one's reference.
    this.prevMelDb = melDb;
    this.melDb = prevMelDb;
  }

  /**
   * The DCT-II rows are symmetric (even k) or antisymmetric (odd k) about the
   * middle of the log-mel vector, so each row needs only half the products: the
   * first half of the row against the sums (even k) or differences (odd k) of
   * mirrored log-mel values.
   */
  private writeMfcc(row: Float32Array): void {
    const dct = DCT;
    const { melDb: x, sums, diffs } = this;
    for (let m = 0; m < HALF_MELS; m++) {
      const a = x[m]!;
      const b = x[N_MELS - 1 - m]!;
      sums[m] = a + b;
      diffs[m] = a - b;
    }
    for (let c = 0; c < N_MFCC; c++) {
      const folded = c % 2 === 0 ? sums : diffs;
      const off = c * N_MELS;
      // Four partial sums: independent additions run side by side.
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let m = 0; m < HALF_MELS; m += 4) {
        a0 += dct[off + m]! * folded[m]!;
        a1 += dct[off + m + 1]! * folded[m + 1]!;
        a2 += dct[off + m + 2]! * folded[m + 2]!;
        a3 += dct[off + m + 3]! * folded[m + 3]!;
      }
      row[COL.mfcc + c] = a0 + a1 + a2 + a3;
    }
  }
}
