// The exact names behind the lossy ones in a snapshot's listing. restic's `ls --json`
// turns each byte of a name that is not UTF-8 into U+FFFD (lossy-names.ts), but its own
// tree objects keep the name, escaped (`\xff` for the byte, `\\` for a backslash). For
// each listed path holding U+FFFD, the trees from the nearest clean folder down are read
// (`cat tree SNAPSHOT:FOLDER`, then `cat blob SUBTREE` below a lossy folder) and the path
// is given a display form that shows the bytes (escapedName). Only snapshots that have
// such names pay for this, one restic call per folder involved.
import { z } from 'zod';
import { escapedName, goLossyName, isLossy } from './lossy-names';
import { runResticSerialized, type RepoAccess } from './restic-runner';

const treeSchema = z.object({
  nodes: z
    .array(z.object({ name: z.string(), type: z.string(), subtree: z.string().nullish() }).passthrough())
    .nullable(),
});
type TreeNode = { bytes: Buffer; subtree: string | null };

const SIMPLE: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  '"': 34,
  "'": 39,
};

/** A name as restic's tree stores it, back to its bytes; null when it cannot be read. */
export function unescapeTreeName(stored: string): Buffer | null {
  const out: number[] = [];
  for (let i = 0; i < stored.length; i++) {
    const c = stored[i]!;
    if (c !== '\\') {
      const cp = stored.codePointAt(i)!;
      if (cp > 0xffff) i++;
      out.push(...Buffer.from(String.fromCodePoint(cp)));
      continue;
    }
    const e = stored[++i];
    if (e === undefined) return null;
    if (e in SIMPLE) out.push(SIMPLE[e]!);
    else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(stored.slice(i + 1, i + 3))) {
      out.push(parseInt(stored.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (
      (e === 'u' || e === 'U') &&
      /^[0-9a-fA-F]+$/.test(stored.slice(i + 1, i + (e === 'u' ? 5 : 9)))
    ) {
      const n = e === 'u' ? 4 : 8;
      out.push(...Buffer.from(String.fromCodePoint(parseInt(stored.slice(i + 1, i + 1 + n), 16))));
      i += n;
    } else return null;
  }
  return Buffer.from(out);
}

async function readTree(access: RepoAccess, args: string[], signal?: AbortSignal): Promise<TreeNode[]> {
  const r = await runResticSerialized(access, args, { collect: true, ...(signal ? { signal } : {}) });
  const parsed = treeSchema.safeParse(r.messages[0]);
  if (!parsed.success) return [];
  const nodes: TreeNode[] = [];
  for (const n of parsed.data.nodes ?? []) {
    const bytes = unescapeTreeName(n.name);
    if (bytes) nodes.push({ bytes, subtree: n.subtree ?? null });
  }
  return nodes;
}

/**
 * The display form of each lossy path in `paths` (absolute, as `ls --json` lists them):
 * every lossy component shown with its bytes escaped. A path whose name cannot be told
 * apart from a sibling's (two names alike but for their invalid bytes' values... which
 * restic's JSON makes the same) keeps no display form.
 */
export async function displayPaths(
  access: RepoAccess,
  snapshotId: string,
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const trees = new Map<string, Promise<TreeNode[]>>();
  /** The tree of a folder, by its listed path; `via` is its subtree id when the path is lossy. */
  const treeOf = (dir: string, via: string | null): Promise<TreeNode[]> => {
    let t = trees.get(dir);
    if (!t) {
      t = via
        ? readTree(access, ['cat', 'blob', via], signal)
        : readTree(access, ['cat', 'tree', `${snapshotId}:${dir}`], signal);
      trees.set(dir, t);
    }
    return t;
  };
  const shown = new Map<string, string>();
  for (const p of paths) {
    if (!isLossy(p)) continue;
    const parts = p.split('/').filter(Boolean);
    let dir = '';
    let display = '';
    let subtree: string | null = null;
    let ok = true;
    for (const part of parts) {
      if (!isLossy(part) && subtree === null) {
        dir += `/${part}`;
        display += `/${part}`;
        continue;
      }
      const nodes = await treeOf(dir || '/', subtree);
      const matches = nodes.filter((n) => goLossyName(n.bytes) === part);
      if (matches.length !== 1) {
        ok = false;
        break;
      }
      dir += `/${part}`;
      display += `/${isLossy(part) ? escapedName(matches[0]!.bytes) : part}`;
      subtree = matches[0]!.subtree;
    }
    if (ok) shown.set(p, display);
  }
  return shown;
}
