// `backbeat dest add <name> <location>`, `dest list`, `dest remove <name>`, `dest prune
// <name> --policy ... [--apply]`: the library's destinations (off-machine copies of its
// repository).
import type { DestinationEntry, DestinationPruneResult } from '../../../shared/destination-types';
import {
  addDestination,
  destinationCountOf,
  listDestinations,
  pruneDestinationOperation,
  removeDestination,
  describeCopyEvery,
  parseCopyEvery,
  setDestinationSchedule,
} from '../../engine/app/use-cases/destinations';
import { COPY_CHECK_MINUTES, osTimerStatus } from '../../engine/app/use-cases/os-timer';
import { UsageError } from '../args';
import { cliOsTimerEnv } from '../os-timer-env';
import { formatBytes } from '../format';
import type { CommandSpec, Invocation } from '../invocation';
import { policyFromInvocation, RETENTION_FLAGS } from '../policy-flags';
import { cliDestScope, credentialsFileOf, DEST_FLAGS } from './dest-scope';

const USAGE =
  'backbeat dest add <name> <location> | dest list | dest remove <name> | dest prune <name> --policy "<policy>" [--apply] | dest schedule <name> --every 6h|1d|off';

function line(d: DestinationEntry): string {
  const last = d.lastCopy === null ? 'never copied' : `last copy ${d.lastCopy}`;
  const size = d.size === null ? '' : `; ${formatBytes(d.size)}`;
  const every = d.copyEveryHours === null ? '' : `; copied ${describeCopyEvery(d.copyEveryHours)}`;
  return `${d.name}  ${d.location}  (${d.kind}; ${last}${size}${every})\n    ${d.health.text}`;
}

function describePrune(r: DestinationPruneResult): string {
  const snap = (s: DestinationPruneResult['keep'][number]): string =>
    `  ${s.id}  ${s.time.slice(0, 19).replace('T', ' ')}${s.reasons.length ? `  (${s.reasons.join(', ')})` : ''}`;
  const n = r.remove.length;
  const head = r.applied
    ? `Removed ${n} ${n === 1 ? 'snapshot' : 'snapshots'} from destination "${r.name}" (policy ${r.policy}); its unused data was pruned.`
    : `Destination "${r.name}", policy ${r.policy}: would remove ${n} ${n === 1 ? 'snapshot' : 'snapshots'}, keep ${r.keep.length}.`;
  const lines = [head];
  if (r.remove.length) lines.push(r.applied ? 'Removed:' : 'Would remove:', ...r.remove.map(snap));
  lines.push('Kept:', ...r.keep.map(snap));
  if (r.size !== null)
    lines.push(`Its snapshots take ${formatBytes(r.size)} there${r.applied ? ' now' : ''}.`);
  if (!r.applied && n > 0) lines.push(`Nothing was removed (a preview). Add --apply to remove them.`);
  return `${lines.join('\n')}\n`;
}

function expect(positionals: readonly string[], count: number, shape: string): void {
  if (positionals.length !== count) throw new UsageError(`Usage: backbeat dest ${shape}`);
}

/**
 * The OS timer fires for owed copies only while the library has destinations
 * (timer-firings.ts): when the first is added or the last removed, an installed timer
 * has the other rhythm until it is installed again, as after `schedule set`.
 */
async function noteTimerCadence(inv: Invocation, hasDestinations: boolean): Promise<void> {
  const timer = await osTimerStatus(cliOsTimerEnv(inv.io.env)).catch(() => null);
  if (!timer?.installed) return;
  inv.note(
    hasDestinations
      ? `The library has its first destination: run \`backbeat schedule install\` again so the OS timer also fires every ${COPY_CHECK_MINUTES} minutes for the copies owed while Backbeat is closed.`
      : `The library has no destination any more: run \`backbeat schedule install\` again so the OS timer stops firing every ${COPY_CHECK_MINUTES} minutes for copies.`,
  );
}

export const destCommand: CommandSpec = {
  name: 'dest',
  synopsis:
    'dest add <name> <location> | dest list | dest remove <name> | dest prune <name> --policy "<policy>" [--apply] | dest schedule <name> --every 6h|1d|off',
  flags: [...DEST_FLAGS, 'option', 'credentials-file', 'apply', 'every', ...RETENTION_FLAGS],
  positionals: { min: 1, max: 3, label: 'a subcommand: add, list, remove, prune or schedule' },
  async run(inv) {
    const [sub, ...rest] = inv.positionals;
    switch (sub) {
      case 'add': {
        expect(rest, 2, 'add <name> <location> [--option NAME.KEY=VALUE]... [--credentials-file FILE]');
        const credentialsFile = credentialsFileOf(inv);
        const scope = cliDestScope(inv);
        const before = destinationCountOf(scope.dataDir, scope.libraryPath);
        const result = await addDestination(scope, {
          name: rest[0]!,
          location: rest[1]!,
          options: inv.values('option'),
          ...(credentialsFile ? { credentialsFile } : {}),
        });
        inv.result(result, () =>
          result.created
            ? `Added destination "${result.destination.name}" at ${result.destination.location} (a new repository with this one's chunker parameters). Copy to it with: backbeat copy --to ${result.destination.name}\n`
            : `Added destination "${result.destination.name}": the repository already at ${result.destination.location} opens with the password.\n`,
        );
        if (before === 0) await noteTimerCadence(inv, true);
        return 0;
      }
      case 'list': {
        expect(rest, 0, 'list');
        const list = listDestinations(cliDestScope(inv));
        inv.result(list, () =>
          list.length === 0
            ? 'No destinations yet. Add one with: backbeat dest add <name> <location>\n'
            : `${list.map(line).join('\n')}\n`,
        );
        return 0;
      }
      case 'remove': {
        expect(rest, 1, 'remove <name>');
        const scope = cliDestScope(inv);
        const removed = await removeDestination(scope, rest[0]!);
        const left = destinationCountOf(scope.dataDir, scope.libraryPath);
        inv.result(
          removed,
          () => `Removed destination "${removed.name}". Its copy at ${removed.location} was left as it is.\n`,
        );
        if (left === 0) await noteTimerCadence(inv, false);
        return 0;
      }
      case 'prune': {
        expect(rest, 1, 'prune <name> --policy "<policy>" [--apply]');
        const policy = policyFromInvocation(inv);
        if (policy === null) {
          throw new UsageError(
            'dest prune needs a policy, e.g. --policy "keep-last=5,daily=7,weekly=4,monthly=12" (or --keep-* flags).',
          );
        }
        const scope = cliDestScope(inv);
        const result = await inv.job((ctx) =>
          pruneDestinationOperation(scope, { name: rest[0]!, policy, apply: inv.has('apply'), ctx }),
        );
        inv.result(result, () => describePrune(result));
        return 0;
      }
      case 'schedule': {
        expect(rest, 1, 'schedule <name> --every 6h|1d|off');
        const text = inv.value('every');
        if (text === undefined) {
          throw new UsageError(
            'dest schedule needs --every: how often to copy on its own, e.g. --every 6h, --every 1d, or --every off.',
          );
        }
        const every = parseCopyEvery(text);
        const entry = await setDestinationSchedule(cliDestScope(inv), rest[0]!, every);
        inv.result(entry, () =>
          every === null
            ? `Destination "${entry.name}" has no copy schedule of its own: it is copied after each scheduled "database and audio" snapshot, and by backbeat copy.\n`
            : `Destination "${entry.name}" is copied ${describeCopyEvery(every)} (counted from its last copy), while Backbeat runs, besides after scheduled snapshots.\n`,
        );
        return 0;
      }
      default:
        throw new UsageError(`Unknown dest subcommand "${sub}". Usage: ${USAGE}`);
    }
  },
};
