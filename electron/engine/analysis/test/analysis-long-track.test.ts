// A track too long to keep in memory is decoded a second time for its chroma and
// its slices: the features must be exactly those of the one-pass analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyseAudioFile } from '../analyse-file';
import { encodeWav } from '../../audio/wav-writer';
import { synthesize } from '../../audio/synth';

test('the two-pass analysis of a long track gives the one-pass features exactly', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backbeat-long-'));
  try {
    // 44.1 kHz stereo: the decimating resampler runs too, in both passes.
    const file = path.join(dir, 'long.wav');
    const channels = synthesize(
      { bpm: 128, tonic: 2, mode: 'minor', sampleRate: 44_100, rhythm: 'drums' },
      75,
      2,
    );
    fs.writeFileSync(file, encodeWav(channels, { sampleRate: 44_100, bits: 32 }));
    const onePass = await analyseAudioFile(file);
    const twoPass = await analyseAudioFile(file, {}, 22_050);
    assert.deepEqual(twoPass, onePass);
    assert.notEqual(onePass.key, null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
