// The native tempogram sum must give the TypeScript arithmetic's values bit for bit
// (the rhythm tower and the beat tracker read it), on pulses, noise, silence and short
// envelopes, and must refuse arrays that do not fit its plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packedRealFftTables } from '../../audio/real-fft';
import { meanTempogram } from '../../analysis/tempogram';
import { nativeDsp } from '../native-dsp';
import { assertSame, noiseSource } from './bit-exact';

const dsp = nativeDsp();
const skip = dsp ? false : 'the native kernels are not built here (see dsp/native-dsp.ts)';

/** Positive noise, as onset strengths are. */
function noise(length: number, seed: number): Float64Array {
  const next = noiseSource(seed);
  return Float64Array.from({ length }, () => Math.abs(next()));
}

test(
  'native tempogram equals the TypeScript one bit for bit: pulses, noise, silence, short envelopes',
  { skip },
  () => {
    const pulses = Float64Array.from({ length: 3_000 }, (_, i) => (i % 22 === 0 ? 1 : 0.05 * ((i * 7) % 3)));
    const withSilence = Float64Array.from({ length: 2_000 }, (_, i) =>
      i < 800 ? 0 : Math.abs(Math.sin(i * 0.3)),
    );
    const envelopes: [string, ArrayLike<number>][] = [
      ['pulses', pulses],
      ['noise', noise(5_000, 9)],
      ['silence', new Float64Array(1_000)],
      ['silence then sound', withSilence],
      ['one frame', [0.7]],
      ['shorter than the window', noise(100, 11)],
    ];
    for (const [name, env] of envelopes)
      for (const win of [344, 384, 5])
        assertSame(meanTempogram(env, win, dsp), meanTempogram(env, win, null), `${name}, window ${win}`);
  },
);

test('native tempogram refuses arrays that do not fit its plan', { skip }, () => {
  const kernels = dsp!;
  const tg = kernels.tempogramPlan(1024, packedRealFftTables(1024), new Float64Array(384));
  assert.throws(
    () => kernels.tempogramPlan(1024, packedRealFftTables(512), new Float64Array(384)),
    RangeError,
  );
  assert.throws(
    () => kernels.tempogramPlan(1024, packedRealFftTables(1024), new Float64Array(1025)),
    RangeError,
  );
  assert.throws(
    () => kernels.tempogramSum(tg, new Float64Array(384 + 9), 11, new Float64Array(1026)),
    RangeError,
  );
  assert.throws(
    () => kernels.tempogramSum(tg, new Float64Array(384 + 9), 10, new Float64Array(1025)),
    RangeError,
  );
  assert.throws(
    () => kernels.tempogramSum(tg, new Float64Array(384 + 9), -1, new Float64Array(1026)),
    RangeError,
  );
  const bad = kernels as unknown as Record<string, (...args: unknown[]) => void>;
  assert.throws(() => bad.tempogramSum!({}, new Float64Array(400), 1, new Float64Array(1026)), TypeError);
  assert.throws(() => bad.tempogramSum!(tg, [1, 2, 3], 1, new Float64Array(1026)), TypeError);
});
