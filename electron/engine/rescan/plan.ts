// What a rescan would do, without doing it: how many tracks it would analyse and,
// in force mode, how many existing (beat3tower) analyses it would overwrite.
import { selectTracks } from './selection';
import type { PlanOptions, RescanPlan } from './types';

export function planRescan(options: PlanOptions): RescanPlan {
  return selectTracks(options).plan;
}
