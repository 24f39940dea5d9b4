// `backbeat dest add <name> <location>`, `dest list`, `dest remove <name>`: the
// library's destinations (off-machine copies of its repository).
import type { DestinationEntry } from '../../../shared/destination-types';
import { addDestination, listDestinations, removeDestination } from '../../engine/app/use-cases/destinations';
import { UsageError } from '../args';
import type { CommandSpec } from '../invocation';
import { cliDestScope, credentialsFileOf, DEST_FLAGS } from './dest-scope';

const USAGE = 'backbeat dest add <name> <location> | dest list | dest remove <name>';

function line(d: DestinationEntry): string {
  const last = d.lastCopy === null ? 'never copied' : `last copy ${d.lastCopy}`;
  return `${d.name}  ${d.location}  (${d.kind}; ${last})\n    ${d.health.text}`;
}

function expect(positionals: readonly string[], count: number, shape: string): void {
  if (positionals.length !== count) throw new UsageError(`Usage: backbeat dest ${shape}`);
}

export const destCommand: CommandSpec = {
  name: 'dest',
  synopsis: 'dest add <name> <location> | dest list | dest remove <name>',
  flags: [...DEST_FLAGS, 'option', 'credentials-file'],
  positionals: { min: 1, max: 3, label: 'a subcommand: add, list or remove' },
  async run(inv) {
    const [sub, ...rest] = inv.positionals;
    switch (sub) {
      case 'add': {
        expect(rest, 2, 'add <name> <location> [--option NAME.KEY=VALUE]... [--credentials-file FILE]');
        const credentialsFile = credentialsFileOf(inv);
        const result = await addDestination(cliDestScope(inv), {
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
        const removed = await removeDestination(cliDestScope(inv), rest[0]!);
        inv.result(
          removed,
          () => `Removed destination "${removed.name}". Its copy at ${removed.location} was left as it is.\n`,
        );
        return 0;
      }
      default:
        throw new UsageError(`Unknown dest subcommand "${sub}". Usage: ${USAGE}`);
    }
  },
};
