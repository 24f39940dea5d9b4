// `npm run fidelity`: analyses the fidelity audio set with Backbeat's rescan and
// prints, value by value, how well it agrees with the playlist generator's own
// extractor (fidelity/reference.json), plus tempo, beat counts and CPU time.
//
//   npm run fidelity                 all tracks, full-segment table
//   npm run fidelity -- --all        every segment's table
//   npm run fidelity -- --ci         only the tracks CI can make (its Debian packages)
//   npm run fidelity -- --only ID..  some tracks (for debugging one value)
import { analyseAudioFile } from '../../electron/engine/analysis/analyse-file';
import {
  SEGMENTS,
  TARGET_AGREEING,
  BPM_SHARE,
  compareSegment,
  compareTempo,
  type TrackPair,
} from './compare';
import { audioFileOf, makeAudioSet, readManifest, readReference } from './reference-set';

function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'inf';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const ci = args.includes('--ci');
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? new Set(args.slice(onlyAt + 1)) : null;
  makeAudioSet(ci);
  const reference = readReference();
  const tracks = readManifest().filter((t) => (!ci || t.ci) && (!only || only.has(t.id)));
  const pairs: TrackPair[] = [];
  const edge: TrackPair[] = [];
  let ourCpu = 0;
  let refCpu = 0;
  for (const track of tracks) {
    const ref = reference.tracks[track.id];
    if (!ref?.features) throw new Error(`${track.id}: no reference numbers (re-run the generator)`);
    const before = process.cpuUsage();
    const ours = await analyseAudioFile(audioFileOf(track));
    const used = process.cpuUsage(before);
    const cpu = (used.user + used.system) / 1e6;
    ourCpu += cpu;
    refCpu += ref.cpu_seconds;
    const pair = {
      id: track.id,
      reference: ref.features,
      ours: ours.features as unknown as Record<string, unknown>,
    };
    const silent = (ref.features.metadata as { silence_flag?: boolean } | undefined)?.silence_flag === true;
    (silent ? edge : pairs).push(pair);
    process.stderr.write(
      `${track.id}: ${cpu.toFixed(2)} s CPU (generator ${ref.cpu_seconds.toFixed(2)} s)\n`,
    );
  }

  const counts: string[] = [];
  for (const segment of SEGMENTS) {
    const table = compareSegment(pairs, segment);
    counts.push(`${segment} ${table.agreeing}/137 (target ${TARGET_AGREEING[segment]})`);
    if (segment !== 'full' && !args.includes('--all')) continue;
    console.log(`\n${segment} segment, ${pairs.length} tracks`);
    console.log(`${'value'.padEnd(28)}  ${'r'.padStart(7)}  ${'error'.padStart(7)}  verdict`);
    for (const row of table.rows)
      console.log(
        `${row.name.padEnd(28)}  ${fmt(row.r).padStart(7)}  ${fmt(row.error).padStart(7)}  ${row.agrees ? 'agrees' : 'DIFFERS'}`,
      );
  }
  const tempo = compareTempo(pairs);
  console.log('\nTempo and beats (full segment):');
  for (const m of tempo.misses)
    console.log(
      `  ${m.id.padEnd(34)} bpm ${fmt(m.bpm[0], 1)} vs ${fmt(m.bpm[1], 1)}   n_beats ${m.beats[0]} vs ${m.beats[1]}`,
    );
  console.log(`\nAgreeing values: ${counts.join(', ')}`);
  console.log(
    `primary_bpm within 2 BPM: ${tempo.bpmWithin}/${tempo.tracks} (target ${Math.ceil(BPM_SHARE * tempo.tracks)}); ` +
      `n_beats within 3%: ${tempo.beatsWithin}/${tempo.tracks}`,
  );
  for (const e of edge) {
    const same = JSON.stringify(e.reference.full) === JSON.stringify(e.ours.full);
    console.log(`silent track ${e.id}: ${same ? 'same as the generator' : 'DIFFERS from the generator'}`);
  }
  console.log(
    `CPU: Backbeat ${ourCpu.toFixed(1)} s, generator ${refCpu.toFixed(1)} s for ${tracks.length} tracks ` +
      `(${(refCpu / Math.max(ourCpu, 1e-9)).toFixed(1)}x less)`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
