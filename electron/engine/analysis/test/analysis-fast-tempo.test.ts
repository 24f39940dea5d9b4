// Fast tempos: click and drum patterns from 160 to 200 BPM. Backbeat's own estimate
// (metadata.backbeat_bpm) comes out at their tempo, not at half of it (the octave
// check in metrical-level.ts), with the right key and tracked beats; the stored
// primary_bpm is librosa's, as the generator's, whatever octave that picks. And the
// check itself on hand-made onset envelopes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseSamples } from '../analyse-file';
import { FRAMES_PER_SECOND } from '../constants';
import { MAX_FAST_BPM, gridStrengths, isHalfTempoReading } from '../metrical-level';
import { PITCH_CLASS_NAMES, synthesize } from '../../audio/synth';

const SR = 22_050;
const SECONDS = 20;

for (const rhythm of ['click', 'drums'] as const) {
  for (const bpm of [160, 165, 170, 173, 175, 180, 185, 190, 200]) {
    const tonic = bpm % 12;
    const key = `${PITCH_CLASS_NAMES[tonic]} minor`;
    test(`${rhythm} at ${bpm} BPM: own tempo within 2 BPM (not halved), key right, tracked beats`, () => {
      const r = analyseSamples(
        synthesize({ bpm, tonic, mode: 'minor', sampleRate: SR, rhythm }, SECONDS)[0]!,
      );
      const own = r.features.metadata.backbeat_bpm as number;
      assert.ok(Math.abs(own - bpm) < 2, `own tempo ${own}`);
      assert.equal(r.key, key);
      assert.equal(r.features.metadata.beat_mode, 'beats');
      const full = r.features.full;
      // librosa's tempo is the lag (whole frames) of the tempogram: this tempo or half of it.
      const lag = (60 * FRAMES_PER_SECOND) / full.bpm_info.primary_bpm;
      const ratio = lag / ((60 * FRAMES_PER_SECOND) / bpm);
      assert.ok(
        Math.abs(ratio - Math.round(ratio)) * periodOf(bpm) <= 1.01 * Math.round(ratio),
        `bpm ${r.bpm}`,
      );
      assert.ok(full.bpm_info.tempo_stability > 0.9, `stability ${full.bpm_info.tempo_stability}`);
    });
  }
}

/** An onset envelope with impulses of the given heights at fractional frame positions. */
function envelope(frames: number, hits: { at: number; height: number }[]): Float32Array {
  const env = new Float32Array(frames);
  for (const h of hits) {
    const i = Math.round(h.at);
    if (i >= 0 && i < frames) env[i] = Math.max(env[i]!, h.height);
  }
  return env;
}

/** Hits every `period` frames, cycling through `heights` (one per subdivision of the period). */
function pattern(frames: number, period: number, heights: number[]): Float32Array {
  const hits: { at: number; height: number }[] = [];
  const step = period / heights.length;
  for (let k = 0; k * step < frames; k++) hits.push({ at: k * step, height: heights[k % heights.length]! });
  return envelope(frames, hits);
}

const periodOf = (bpm: number): number => (60 * FRAMES_PER_SECOND) / bpm;

test('octave check: a uniform pulse read at half its tempo is recognised', () => {
  // Clicks at 176 BPM seen with a two-beat period: the midpoints are full beats.
  const env = pattern(900, periodOf(88), [1, 1]);
  const s = gridStrengths(env, periodOf(88));
  assert.ok(s.midpoints > 0.95, `midpoints ${s.midpoints}`);
  assert.equal(isHalfTempoReading(env, periodOf(88)), true);
});

test('octave check: kick, hat, snare, hat at the beat level is left alone; at half tempo it is not', () => {
  // 90 BPM drums read at 90: hats halfway (weaker), nothing at the quarter points.
  const beatLevel = pattern(900, periodOf(90), [1, 0.6]);
  assert.equal(isHalfTempoReading(beatLevel, periodOf(90)), false);
  // 176 BPM drums read at 88: snares halfway, hats at the quarter points.
  const halfTempo = pattern(900, periodOf(88), [1, 0.4, 0.7, 0.4]);
  const s = gridStrengths(halfTempo, periodOf(88));
  assert.ok(s.midpoints > 0.6 && s.quarters > 0.3, `midpoints ${s.midpoints}, quarters ${s.quarters}`);
  assert.equal(isHalfTempoReading(halfTempo, periodOf(88)), true);
});

test('octave check: never doubles past the fastest tempo it allows, nor with empty midpoints', () => {
  const tooFast = MAX_FAST_BPM / 2 + 10;
  assert.equal(isHalfTempoReading(pattern(900, periodOf(tooFast), [1, 1]), periodOf(tooFast)), false);
  assert.equal(isHalfTempoReading(pattern(900, periodOf(80), [1]), periodOf(80)), false);
  assert.equal(isHalfTempoReading(new Float32Array(900), periodOf(80)), false);
});
