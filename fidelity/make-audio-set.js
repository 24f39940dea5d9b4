#!/usr/bin/env node
// (Re)makes the fidelity audio set from Debian's game-music packages: the files
// listed in tracks.json, copied as shipped or re-encoded (FLAC, WAV, MP3) so the set
// holds several formats, and one tracker module rendered to FLAC. Nothing here is
// committed: only tracks.json and the reference numbers are.
//
//   node fidelity/make-audio-set.js [--ci] [--out DIR]
//
// --ci makes only the tracks marked "ci" (the packages .ci/run installs). The output
// folder defaults to $BACKBEAT_FIDELITY_AUDIO or .fidelity-audio/ in the repository.
// Encoders run with -bitexact so the same Debian tools give the same bytes.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, 'tracks.json'), 'utf8'));

const EXT = { copy: null, flac: '.flac', wav: '.wav', mp3: '.mp3', 'tracker-flac': '.flac' };

function defaultOut() {
  return process.env.BACKBEAT_FIDELITY_AUDIO || path.join(root, '.fidelity-audio');
}

/** The file name a track gets in the audio set. */
function fileNameOf(track) {
  const ext = EXT[track.make] ?? path.extname(track.source);
  return track.id + ext;
}

function run(cmd, args) {
  const res = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (res.status !== 0) throw new Error(`${cmd} failed: ${String(res.stderr).slice(-400)}`);
}

function make(track, outDir) {
  const dest = path.join(outDir, fileNameOf(track));
  if (fs.existsSync(dest)) return dest;
  if (!fs.existsSync(track.source))
    throw new Error(`missing ${track.source} (apt-get install ${track.package})`);
  const tmp = dest + '.part' + path.extname(dest);
  const ff = ['-nostdin', '-v', 'error', '-y', '-i'];
  switch (track.make) {
    case 'copy':
      fs.copyFileSync(track.source, tmp);
      break;
    case 'flac':
      run('ffmpeg', [...ff, track.source, '-map_metadata', '-1', '-c:a', 'flac', '-bitexact', tmp]);
      break;
    case 'wav':
      run('ffmpeg', [...ff, track.source, '-map_metadata', '-1', '-c:a', 'pcm_s16le', '-bitexact', tmp]);
      break;
    case 'mp3':
      run('ffmpeg', [
        ...ff,
        track.source,
        '-map_metadata',
        '-1',
        '-c:a',
        'libmp3lame',
        '-b:a',
        '192k',
        '-bitexact',
        tmp,
      ]);
      break;
    case 'tracker-flac': {
      // openmpt123 writes MODULE.wav beside the module: render from a copy in the set's folder.
      const mod = dest + '.module' + path.extname(track.source);
      fs.copyFileSync(track.source, mod);
      run('openmpt123', ['--quiet', '--render', '--samplerate', '44100', '--no-float', '--force', mod]);
      run('ffmpeg', [...ff, mod + '.wav', '-map_metadata', '-1', '-c:a', 'flac', '-bitexact', tmp]);
      fs.rmSync(mod);
      fs.rmSync(mod + '.wav');
      break;
    }
    default:
      throw new Error(`unknown make step ${track.make}`);
  }
  fs.renameSync(tmp, dest);
  return dest;
}

/** Makes the set (or the CI subset); returns [{track, file}] in manifest order. */
function makeAudioSet({ ci = false, outDir = defaultOut() } = {}) {
  fs.mkdirSync(outDir, { recursive: true });
  const tracks = manifest.tracks.filter((t) => !ci || t.ci);
  return tracks.map((track) => ({ track, file: make(track, outDir) }));
}

module.exports = { makeAudioSet, fileNameOf, manifest, defaultOut };

if (require.main === module) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 ? path.resolve(args[outAt + 1]) : defaultOut();
  const made = makeAudioSet({ ci: args.includes('--ci'), outDir });
  console.log(`${made.length} tracks in ${outDir}`);
}
