// Is the audio there? Before a rescan starts (and before a force rescan's safety
// backup), every selected track's file is looked for. When none is found the drive is
// most likely unplugged or the music moved: the rescan is refused with a sentence that
// says so, instead of "analysing" hundreds of tracks into a report of failures. When
// only some are missing, the plan says how many and the scan goes on.
import fs from 'node:fs';
import { ContractError } from '../../../shared/errors';
import type { RescanAudioCheck } from '../../../shared/rescan-types';
import { throwIfCancelled } from '../runtime/progress';
import type { SelectedTrack } from './selection';
import { resolveTrackPath } from './track-path';

/** Stats in flight at once: enough to hide a slow disk's latency, few enough not to flood it. */
const PARALLEL_STATS = 16;

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Looks for every track's file (asynchronously: a library may hold 100,000 tracks on a slow drive). */
export async function checkAudio(
  libraryPath: string,
  tracks: readonly Pick<SelectedTrack, 'filePath'>[],
  signal?: AbortSignal,
): Promise<RescanAudioCheck> {
  const found = new Array<boolean>(tracks.length).fill(false);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tracks.length) {
      const i = next++;
      if (signal) throwIfCancelled(signal);
      const stored = tracks[i]!.filePath;
      found[i] = !!stored && (await isFile(resolveTrackPath(libraryPath, stored)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_STATS, tracks.length) }, lane));
  let missing = 0;
  let firstMissing: string | null = null;
  for (const [i, ok] of found.entries()) {
    if (ok) continue;
    missing++;
    firstMissing ??= tracks[i]!.filePath || null;
  }
  return { checked: tracks.length, missing, firstMissing };
}

/** The sentence that refuses a rescan none of whose audio exists; null when it may start. */
export function audioBlockReason(check: RescanAudioCheck): string | null {
  if (check.checked === 0 || check.missing < check.checked) return null;
  if (check.firstMissing === null) {
    return check.checked === 1
      ? 'The track to analyse has no file path, so there is no audio to analyse.'
      : `None of the ${check.checked.toLocaleString('en-US')} tracks to analyse has a file path, so there is no audio to analyse.`;
  }
  const what =
    check.checked === 1
      ? 'The audio file was not found'
      : `None of the ${check.checked.toLocaleString('en-US')} audio files were found`;
  return `${what} (first: ${check.firstMissing}). Is the drive connected?`;
}

/** Throws the refusal (code `not-applicable`) when none of the audio exists. */
export function refuseWithoutAudio(check: RescanAudioCheck): void {
  const reason = audioBlockReason(check);
  if (reason !== null) throw new ContractError('not-applicable', reason);
}
