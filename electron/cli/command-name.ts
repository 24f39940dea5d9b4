// What to call the CLI in a hint ("Try: ... stats --library ..."), so the command
// printed works from where the user is: `backbeat` only when that name on PATH is
// this installation, `npx backbeat` when run through npx or from inside the checkout
// (where npx finds it), else the launcher's full path run by node.
import fs from 'node:fs';
import path from 'node:path';
import { shellQuote } from './format';

/** The repository (or installed package) root, seen from dist/electron/cli/. */
export const INSTALL_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface CommandNameContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  installRoot: string;
  platform: NodeJS.Platform;
}

function realpathOrNull(file: string): string | null {
  try {
    return fs.realpathSync(file);
  } catch {
    return null;
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Whether the first `backbeat` on PATH is (a link to) this installation's launcher. */
function onPathIsThisInstall(ctx: CommandNameContext, launcher: string): boolean {
  const names = ctx.platform === 'win32' ? ['backbeat.cmd', 'backbeat.exe', 'backbeat'] : ['backbeat'];
  for (const dir of (ctx.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const found = realpathOrNull(path.resolve(ctx.cwd, dir, name));
      if (found === null) continue;
      // Windows shims are scripts, not links: trust one that sits in a folder npm made for this package.
      if (ctx.platform === 'win32') return true;
      return found === launcher;
    }
  }
  return false;
}

export function cliCommandName(ctx: CommandNameContext): string {
  // npx puts a temporary folder on PATH for its own run; the user's shell does not have it.
  if (ctx.env.npm_command === 'exec') return 'npx backbeat';
  const launcherPath = path.join(ctx.installRoot, 'bin', 'backbeat.js');
  const launcher = realpathOrNull(launcherPath) ?? launcherPath;
  if (onPathIsThisInstall(ctx, launcher)) return 'backbeat';
  const root = realpathOrNull(ctx.installRoot) ?? ctx.installRoot;
  const cwd = realpathOrNull(ctx.cwd) ?? ctx.cwd;
  if (isInside(cwd, root)) return 'npx backbeat';
  return `node ${shellQuote(launcherPath)}`;
}
