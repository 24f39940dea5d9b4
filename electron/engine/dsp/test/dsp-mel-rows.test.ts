// The native mel-row kernel (dsp/src/mel-rows.c) must fill MelFrame.fillRange's onset,
// onset-median and MFCC columns bit for bit as the TypeScript does, for the whole signal
// and for runs of it (a segment's own floor), across the 4,096-frame chunks the rows are
// kept in; and it must refuse offsets and arrays that do not fit its plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { N_BINS } from '../../analysis/constants';
import { COLUMN_COUNT, FrameTable } from '../../analysis/frame-columns';
import { MelFrame } from '../../analysis/mel-frame';
import { nativeDsp } from '../native-dsp';

const dsp = nativeDsp();
const skip = dsp ? false : 'the native kernels are not built here (see dsp/native-dsp.ts)';

/**
 * Pushes power spectra that swell and fade, with runs of silence (every band at the
 * floor, so no rises) and frames where few bands rise (the median's zeros), into `mels`.
 */
function pushSpectra(frames: number, mels: MelFrame[]): void {
  let s = 11;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const power = new Float64Array(N_BINS);
  for (let t = 0; t < frames; t++) {
    power.fill(0);
    if (t % 97 >= 6) {
      const gain = 10 ** (4 * Math.sin(t / 50)) * (t % 13 === 0 ? 1e-6 : 1);
      const band = t % 7 === 0 ? 40 : N_BINS;
      for (let k = 0; k < band; k++) power[k] = gain * rand() * rand() * (1 + 1000 / (1 + k));
    }
    for (const mel of mels) mel.push(power);
  }
}

function filled(mel: MelFrame, from: number, count: number): FrameTable {
  const frames = new FrameTable();
  for (let t = 0; t < count; t++) frames.appendRow();
  mel.fillRange(frames, from, count);
  return frames;
}

test(
  'native mel rows equal the TypeScript ones bit for bit: onsets, medians, MFCCs, whole and runs',
  { skip },
  () => {
    const js = new MelFrame(null);
    const native = new MelFrame(dsp);
    pushSpectra(4300, [js, native]);
    let medians = 0;
    for (const [from, count] of [
      [0, 4300],
      [4090, 40],
      [1, 4299],
      [4093, 3],
      [200, 1],
    ] as const) {
      const [want, got] = [filled(js, from, count), filled(native, from, count)];
      for (let t = 0; t < count; t++)
        for (let c = 0; c < COLUMN_COUNT; c++) {
          const [g, w] = [got.get(t, c), want.get(t, c)];
          if (!Object.is(g, w)) assert.fail(`run ${from}+${count}: row ${t} column ${c}: ${g} vs ${w}`);
          if (c === 1 && w > 0) medians++;
        }
    }
    // The signal exercises the median (not only its all-zero case).
    assert.ok(medians > 1000, `${medians} positive medians`);
  },
);

test('the native mel-row kernel refuses offsets and arrays that do not fit its plan', { skip }, () => {
  const kernels = dsp!;
  const dct = new Float64Array(8 * 2);
  const plan = kernels.melRowsPlan(dct, Float64Array.from([8, 2, 0, 1, 2]));
  const db = new Float32Array(16);
  const rows = new Float32Array(8);
  const params = (p: number[]): Float64Array => Float64Array.from(p);
  kernels.melRow(plan, db, db, db, rows, params([8, 0, 8, 4, -100, -100, 1]));
  assert.throws(
    () => kernels.melRow(plan, db, db, db, rows, params([9, 0, 8, 4, -100, -100, 1])),
    RangeError,
  );
  assert.throws(
    () => kernels.melRow(plan, db, db, db, rows, params([0, -1, 8, 4, -100, -100, 1])),
    RangeError,
  );
  assert.throws(
    () => kernels.melRow(plan, db, db, db, rows, params([0, 0, 8.5, 4, -100, -100, 1])),
    RangeError,
  );
  assert.throws(
    () => kernels.melRow(plan, db, db, db, rows, params([0, 0, 8, 5, -100, -100, 1])),
    RangeError,
  );
  assert.throws(() => kernels.melRow(plan, db, db, db, rows, params([0, 0, 8, 4, -100, -100])), RangeError);
  // Without the onset, its offsets are not read.
  kernels.melRow(plan, db, db, db, rows, params([99, 99, 0, 0, -100, -100, 0]));
  assert.throws(() => kernels.melRowsPlan(dct, Float64Array.from([6, 2, 0, 1, 2])), RangeError);
  assert.throws(() => kernels.melRowsPlan(dct, Float64Array.from([8, 3, 0, 1, 2])), RangeError);
  assert.throws(() => kernels.melRowsPlan(dct, Float64Array.from([8, 2, 0, 1])), RangeError);
  const foreign = kernels as unknown as Record<string, (...args: unknown[]) => void>;
  assert.throws(
    () => foreign.melRow!(plan, new Float64Array(16), db, db, rows, params([0, 0, 0, 0, 0, 0, 1])),
    TypeError,
  );
  assert.throws(() => foreign.melRow!({}, db, db, db, rows, params([0, 0, 0, 0, 0, 0, 1])), TypeError);
});
