// Running the Go toolchain for packaging: the licence texts of restic and of the Go
// modules compiled into it are read from module copies that `go mod download` fetched
// and verified against the Go checksum database (sum.golang.org), in a module cache made
// for the run. Nothing here trusts the release machine's own Go settings to keep that
// check on: the environment below turns it on whatever `go env -w` or the shell say.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The environment `go` runs in: a private module cache under `cacheDir`, writable so it
 * can be deleted afterwards (-modcacherw), -mod=mod so go.mod files are read as they are,
 * and the checksum database on for every module (no GONOSUMDB/GOPRIVATE/GOINSECURE
 * exceptions, GOSUMDB not "off"). GOPROXY is left as it is: a proxy cannot change what
 * the checksum database vouches for.
 */
export function goEnvironment(base, cacheDir) {
  return {
    ...base,
    GO111MODULE: 'on',
    GOWORK: 'off',
    GOMODCACHE: path.join(cacheDir, 'mod'),
    GOFLAGS: '-mod=mod -modcacherw',
    GOSUMDB: 'sum.golang.org',
    GONOSUMDB: '',
    GOPRIVATE: '',
    GOINSECURE: '',
  };
}

/** Runs `go` with `args`; a missing Go toolchain is said in a sentence. */
export function runGo(args, { go = 'go', env, cwd }) {
  const res = spawnSync(go, args, { env, cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (res.error) {
    throw new Error(
      res.error.code === 'ENOENT'
        ? 'Packaging needs the Go toolchain (`go` on PATH, Go 1.21 or newer) to collect the licence texts of restic and its Go modules; install Go and run it again.'
        : `go ${args.slice(0, 2).join(' ')} could not run: ${res.error.message}`,
    );
  }
  return res;
}

/**
 * The objects of a stream of JSON values written one after another (what `go mod
 * download -json` prints: one indented object per module, not an array).
 */
export function parseJsonStream(text) {
  const out = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
  }
  if (depth !== 0) throw new Error('go printed an incomplete JSON object.');
  return out;
}

/**
 * `go mod download -json` of `wanted` ("path@version" each). Returns a Map from
 * "path@version" to go's answer ({Path, Version, Dir, Sum, ...}); a module go could not
 * fetch or verify has an `Error` field instead of a `Dir`. Throws when go says nothing usable.
 */
export function downloadModules(wanted, options) {
  const res = runGo(['mod', 'download', '-json', ...wanted], options);
  let answers;
  try {
    answers = parseJsonStream(res.stdout ?? '');
  } catch (err) {
    throw new Error(`go mod download printed something that is not JSON (${err.message}): ${res.stderr}`);
  }
  const byKey = new Map(answers.map((a) => [`${a.Path}@${a.Version}`, a]));
  for (const key of wanted) {
    if (!byKey.has(key)) {
      byKey.set(key, {
        Error: `go mod download said nothing about it (${res.stderr.trim() || 'no message'})`,
      });
    }
  }
  return byKey;
}
