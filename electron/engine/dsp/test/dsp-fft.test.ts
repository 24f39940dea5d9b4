// The native FFT kernels must give the TypeScript arithmetic's values bit for bit (the
// stored features must not depend on whether a C compiler was there), and must refuse
// arrays that do not fit their plan instead of reading or writing past them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComplexFft } from '../../audio/complex-fft';
import { RealFft } from '../../audio/real-fft';
import { nativeDsp } from '../native-dsp';
import { assertSame, noiseSource } from './bit-exact';

const dsp = nativeDsp();
const skip = dsp ? false : 'the native kernels are not built here (see dsp/native-dsp.ts)';

function noise(length: number, seed: number): Float64Array {
  return Float64Array.from({ length }, noiseSource(seed));
}

test(
  'native complex FFT equals the TypeScript one bit for bit, forward and inverse, sizes 2 to 8192',
  { skip },
  () => {
    for (let size = 2; size <= 8192; size *= 2) {
      const data = noise(2 * size, size);
      const js = new ComplexFft(size, null);
      const native = new ComplexFft(size, dsp);
      for (const inverse of [false, true]) {
        const want = new Float64Array(2 * size);
        const got = new Float64Array(2 * size);
        if (inverse) {
          js.inverseTransform(want, data);
          native.inverseTransform(got, data);
        } else {
          js.transform(want, data);
          native.transform(got, data);
        }
        assertSame(got, want, `size ${size} ${inverse ? 'inverse' : 'forward'}`);
      }
    }
  },
);

test(
  'native real FFT equals the TypeScript one bit for bit: power, spectrum (whole and a band), inverse',
  { skip },
  () => {
    for (let size = 4; size <= 8192; size *= 2) {
      const frame = noise(size, 7 * size);
      const js = new RealFft(size, null);
      const native = new RealFft(size, dsp);
      const half = size / 2;
      const power = [new Float64Array(half + 1), new Float64Array(half + 1)] as const;
      js.powerInto(frame, power[0]);
      native.powerInto(frame, power[1]);
      assertSame(power[1], power[0], `size ${size} power`);
      for (const [from, to] of [
        [0, half],
        [Math.floor(half / 4), Math.floor(half / 2)],
        [1, half - 1],
      ] as const) {
        const spec = [new Float64Array(size + 2).fill(9), new Float64Array(size + 2).fill(9)] as const;
        js.spectrumInto(frame, spec[0], from, to);
        native.spectrumInto(frame, spec[1], from, to);
        assertSame(spec[1], spec[0], `size ${size} spectrum ${from}..${to}`);
      }
      const spec = new Float64Array(size + 2);
      js.spectrumInto(frame, spec);
      const back = [new Float64Array(size), new Float64Array(size)] as const;
      js.inverseInto(spec, back[0]);
      native.inverseInto(spec, back[1]);
      assertSame(back[1], back[0], `size ${size} inverse`);
      for (let n = 0; n < size; n++)
        assert.ok(Math.abs(back[1][n]! - frame[n]!) < 1e-12, `size ${size} round trip`);
    }
  },
);

test('native kernels refuse arrays that do not fit their plan, and foreign arguments', { skip }, () => {
  const kernels = dsp!;
  const complex = kernels.complexPlan(8, new Float64Array(16));
  assert.throws(
    () => kernels.complexTransform(complex, new Float64Array(15), new Float64Array(16), 0),
    RangeError,
  );
  const same = new Float64Array(16);
  assert.throws(() => kernels.complexTransform(complex, same, same, 0), RangeError);
  assert.throws(() => kernels.complexPlan(12, new Float64Array(24)), RangeError);
  assert.throws(() => kernels.complexPlan(8, new Float64Array(15)), RangeError);
  const real = new RealFft(16, kernels);
  assert.throws(() => real.powerInto(new Float64Array(15), new Float64Array(9)), RangeError);
  assert.throws(() => real.powerInto(new Float64Array(16), new Float64Array(8)), RangeError);
  assert.throws(() => real.spectrumInto(new Float64Array(16), new Float64Array(18), 0, 9), RangeError);
  assert.throws(() => real.inverseInto(new Float64Array(17), new Float64Array(16)), RangeError);
  // A Float32Array, a plain array or something that is not a plan never reaches C.
  const bad = kernels as unknown as Record<string, (...args: unknown[]) => void>;
  assert.throws(
    () => bad.complexTransform!(complex, new Float32Array(16), new Float64Array(16), 0),
    TypeError,
  );
  assert.throws(() => bad.complexTransform!({}, new Float64Array(16), new Float64Array(16), 0), TypeError);
  // A plan of another kind is refused before C reads it as the wrong structure.
  assert.throws(
    () => kernels.realPower(complex, new Float64Array(16), new Float64Array(9)),
    /argument 0 must be a real FFT plan/,
  );
  assert.throws(() => bad.realPower!(complex, [0, 1], new Float64Array(9)), TypeError);
  assert.throws(() => bad.complexTransform!(complex), TypeError);
});
