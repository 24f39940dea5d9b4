// The time-averaged tempogram (FFT autocorrelation) against the definition computed
// directly: ramp-padded envelope, Hann-windowed stretch per frame, autocorrelation
// by sums, each frame divided by its lag-0 value, then the mean over frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meanTempogram } from '../tempogram';

function directTempogram(env: number[], win: number): number[] {
  const n = env.length;
  const half = Math.floor(win / 2);
  const padded: number[] = [];
  for (let i = 0; i < half; i++) padded.push((env[0]! * i) / half);
  padded.push(...env);
  for (let i = 0; i < half; i++) padded.push((env[n - 1]! * (half - 1 - i)) / half);
  const mean = new Array<number>(win).fill(0);
  for (let t = 0; t < n; t++) {
    const x = Array.from(
      { length: win },
      (_, i) => padded[t + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / win)),
    );
    const acf = Array.from({ length: win }, (_, lag) => {
      let s = 0;
      for (let i = 0; i + lag < win; i++) s += x[i]! * x[i + lag]!;
      return s;
    });
    if (!(acf[0]! > 0)) continue;
    for (let lag = 0; lag < win; lag++) mean[lag]! += acf[lag]! / acf[0]!;
  }
  return mean.map((v) => v / n);
}

test('meanTempogram equals the windowed autocorrelation computed by sums, silent frames left at zero', () => {
  let s = 7;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const win = 48;
  // A pulse every 6 frames over noise, then a silent stretch longer than the window.
  const env = Array.from({ length: 200 }, (_, i) => (i >= 120 ? 0 : (i % 6 === 0 ? 2 : 0) + rand()));
  const got = meanTempogram(env, win);
  const want = directTempogram(env, win);
  assert.equal(got.length, win);
  for (let lag = 0; lag < win; lag++)
    assert.ok(Math.abs(got[lag]! - want[lag]!) < 1e-12, `lag ${lag}: ${got[lag]} vs ${want[lag]}`);
  // The pulse period stands out against its neighbours.
  assert.ok(got[6]! > got[5]! && got[6]! > got[7]!);
  // Frames whose whole window is silent add nothing: the mean is below 1 at lag 0.
  assert.ok(got[0]! < 1 && got[0]! > 0.5);
});
