// Retention for repository snapshots: which of a library's restic snapshots a policy
// would forget and why, in restic's own words (from `restic forget --dry-run --json`).
import type { RepoSnapshotEntry } from './repository-types';

export interface SnapshotRetentionDecision {
  snapshot: RepoSnapshotEntry;
  keep: boolean;
  /** restic's reasons ("daily snapshot", "last snapshot") or Backbeat's ("named", "newest"); empty when forgotten. */
  reasons: string[];
}

export interface SnapshotRetentionPlan {
  /** The policy as the CLI writes it, e.g. "keep-last=3,daily=7". */
  policyText: string;
  /** Newest first. */
  decisions: SnapshotRetentionDecision[];
  /** The ids that would be (or were) forgotten. */
  remove: string[];
}

export interface SnapshotRetentionResult extends SnapshotRetentionPlan {
  applied: boolean;
  /** Ids restic forgot (and pruned the data of); equal to `remove` when applied. */
  forgotten: string[];
}
