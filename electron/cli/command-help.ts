// `backbeat <command> --help`: that command's part of the full help only (its entries
// under "Commands" and its line under "JSON output"), cut from HELP so the two never
// disagree. `backbeat --help` alone still prints everything.
import { parseCommandLine } from './args';
import { HELP } from './usage';

/** The lines of one top-level section of HELP ("Commands", "JSON output", ...), without its title. */
function section(title: string): string[] {
  const lines = HELP.split('\n');
  const start = lines.indexOf(title);
  if (start === -1) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    // The next section title starts at the left margin.
    if (/^\S/.test(line)) break;
    out.push(line);
  }
  return out;
}

/** Every entry (a line at 2 spaces, then its deeper-indented lines) whose first word is `command`. */
function entriesFor(lines: string[], command: string, bodyIndent: number): string[] {
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    const head = /^ {2}(\S+)/.exec(line);
    if (head && !line.startsWith(' '.repeat(bodyIndent))) {
      inside = head[1] === command;
      if (inside) out.push(line);
      continue;
    }
    if (inside && line.startsWith(' '.repeat(bodyIndent))) out.push(line);
    else if (inside && line.trim() === '') {
      out.push('');
      inside = false;
    }
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/** The command a help request is about: the command word of the line, if it names one. */
export function helpTopic(argv: readonly string[], commands: ReadonlySet<string>): string | null {
  try {
    const command = parseCommandLine(argv).command;
    return command !== null && commands.has(command) ? command : null;
  } catch {
    // A line that does not parse still gets help: the first word that names a command.
    return argv.find((arg) => commands.has(arg)) ?? null;
  }
}

/** Null when HELP has no entry for the command. */
export function commandHelp(command: string): string | null {
  const entries = entriesFor(section('Commands'), command, 6);
  if (entries.length === 0) return null;
  const json = entriesFor(section('JSON output'), command, 12).map((line) => line.trimEnd());
  return (
    `Usage: backbeat <command> [options], for ${command}:\n` +
    `${entries.join('\n')}\n` +
    (json.length > 0 ? `\nJSON output (--json)\n${json.join('\n')}\n` : '') +
    `\nCommon options: --library <db>  --backup-dir <dir>  --json  --help\n` +
    `\`backbeat --help\` prints every command, the environment variables and the exit codes.\n`
  );
}
