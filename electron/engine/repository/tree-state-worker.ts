// Worker handler for the walk of a snapshot's paths (tree-state.ts), off the main
// thread: tens of thousands of lstat calls in a row.
import type { WorkerMethods } from '../runtime/worker-protocol';
import { treeState } from './tree-state';

export const handlers = {
  treeState: (args: { paths: string[] }) => treeState(args.paths),
} satisfies WorkerMethods;

export type TreeStateMethods = typeof handlers;
