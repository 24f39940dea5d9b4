// Synthesized music with a known tempo and key, for the demo library's audio, the
// tests and the benchmark: a drum (or click) pattern on the beat and one chord per
// bar. Rendered block by block with random access (noise comes from a hash of the
// hit and the sample, not from running state), so long files can be streamed.

export type KeyMode = 'major' | 'minor';

export interface MusicSpec {
  bpm: number;
  /** Tonic pitch class: 0 = C, 9 = A. */
  tonic: number;
  mode: KeyMode;
  sampleRate: number;
  /** 'drums': kick on 1 and 3, snare on 2 and 4, hi-hat on eighths. 'click': one click per beat. */
  rhythm?: 'drums' | 'click' | 'none';
  /** Leave the chords out (rhythm only). */
  noChords?: boolean;
}

export const PITCH_CLASS_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

/** Chord roots (semitones above the tonic) and qualities, one per bar: I-IV-V-I or i-iv-V-i. */
const PROGRESSIONS: Record<KeyMode, { root: number; minor: boolean }[]> = {
  major: [
    { root: 0, minor: false },
    { root: 5, minor: false },
    { root: 7, minor: false },
    { root: 0, minor: false },
  ],
  // Harmonic minor's major V (with its leading tone) is what makes the key unambiguous.
  minor: [
    { root: 0, minor: true },
    { root: 5, minor: true },
    { root: 7, minor: false },
    { root: 0, minor: true },
  ],
};

function midiToHz(m: number): number {
  return 440 * Math.pow(2, (m - 69) / 12);
}

/** Deterministic white noise in [-1, 1) from two integers. */
function noise(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return (h >>> 0) / 2147483648 - 1;
}

interface Hit {
  start: number;
  kind: 'kick' | 'snare' | 'hat' | 'click' | 'accent';
  id: number;
}

const HIT_SECONDS = 0.35;

function hitsIn(spec: MusicSpec, from: number, to: number): Hit[] {
  const rhythm = spec.rhythm ?? 'drums';
  if (rhythm === 'none') return [];
  const sr = spec.sampleRate;
  const beat = (60 / spec.bpm) * sr;
  const eighth = beat / 2;
  const hits: Hit[] = [];
  const reach = HIT_SECONDS * sr;
  const first = Math.max(0, Math.floor((from - reach) / eighth));
  for (let k = first; k * eighth < to; k++) {
    const start = Math.round(k * eighth);
    if (start + reach < from) continue;
    const onBeat = k % 2 === 0;
    const beatInBar = Math.floor(k / 2) % 4;
    if (rhythm === 'click') {
      if (onBeat) hits.push({ start, kind: beatInBar === 0 ? 'accent' : 'click', id: k });
      continue;
    }
    if (onBeat && (beatInBar === 0 || beatInBar === 2)) hits.push({ start, kind: 'kick', id: k });
    if (onBeat && (beatInBar === 1 || beatInBar === 3)) hits.push({ start, kind: 'snare', id: k });
    hits.push({ start, kind: 'hat', id: k });
  }
  return hits;
}

function renderHit(hit: Hit, sr: number, out: Float32Array, from: number): void {
  const len = Math.round(HIT_SECONDS * sr);
  const a = Math.max(0, from - hit.start);
  const b = Math.min(len, from + out.length - hit.start);
  let hpPrev = 0;
  for (let i = a; i < b; i++) {
    const t = i / sr;
    let v = 0;
    switch (hit.kind) {
      case 'kick': {
        // A sine sweeping 110 -> 45 Hz; its phase is the integral of the frequency.
        const phase = 2 * Math.PI * (45 * t + 65 * 0.04 * (1 - Math.exp(-t / 0.04)));
        v = 0.9 * Math.sin(phase) * Math.exp(-t / 0.12);
        break;
      }
      case 'snare':
        v = (0.45 * noise(hit.id, i) + 0.25 * Math.sin(2 * Math.PI * 185 * t)) * Math.exp(-t / 0.06);
        break;
      case 'hat': {
        const n = noise(hit.id + 7777, i);
        v = 0.18 * (n - hpPrev) * Math.exp(-t / 0.02); // first difference: a crude high-pass
        hpPrev = n;
        break;
      }
      case 'click':
      case 'accent':
        v = (hit.kind === 'accent' ? 0.8 : 0.5) * Math.sin(2 * Math.PI * 1500 * t) * Math.exp(-t / 0.008);
        break;
    }
    out[hit.start + i - from]! += v;
  }
}

function renderChords(spec: MusicSpec, out: Float32Array, from: number): void {
  const sr = spec.sampleRate;
  const bar = ((60 / spec.bpm) * 4 * sr) | 0;
  const barSeconds = bar / sr;
  const progression = PROGRESSIONS[spec.mode];
  const tonicMidi = 48 + spec.tonic; // the octave starting at C3
  let i = 0;
  while (i < out.length) {
    const barIndex = Math.floor((from + i) / bar);
    const barEnd = Math.min(out.length, (barIndex + 1) * bar - from);
    const chord = progression[barIndex % progression.length]!;
    const root = tonicMidi + chord.root;
    // Bass an octave down, then the triad.
    const freqs = [root - 12, root + 12, root + 12 + (chord.minor ? 3 : 4), root + 12 + 7].map(midiToHz);
    for (; i < barEnd; i++) {
      const n = from + i;
      const inBar = (n - barIndex * bar) / sr;
      // Soft attack and release at the bar's edges: chord changes are onsets but do not click.
      const env = Math.min(1, inBar / 0.02) * Math.min(1, (barSeconds - inBar) / 0.02);
      const w = 2 * Math.PI * (n / sr);
      let v = 0;
      for (const f of freqs) {
        // Three harmonics, falling off like a soft sawtooth.
        v += Math.sin(w * f) + 0.5 * Math.sin(2 * w * f) + 0.25 * Math.sin(3 * w * f);
      }
      out[i]! += 0.06 * env * v;
    }
  }
}

/** Renders samples [from, from + length) of the piece, mono. */
export function renderMusic(spec: MusicSpec, from: number, length: number): Float32Array {
  const out = new Float32Array(length);
  if (!spec.noChords) renderChords(spec, out, from);
  for (const hit of hitsIn(spec, from, from + length)) renderHit(hit, spec.sampleRate, out, from);
  return out;
}

/** A whole piece, `channels` identical channels. */
export function synthesize(spec: MusicSpec, seconds: number, channels = 1): Float32Array[] {
  const mono = renderMusic(spec, 0, Math.round(seconds * spec.sampleRate));
  const out = [mono];
  for (let c = 1; c < channels; c++) out.push(mono.slice());
  return out;
}
