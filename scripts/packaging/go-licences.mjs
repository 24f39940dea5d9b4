// The licence texts of restic and of every Go module compiled into it, collected at
// packaging time (`npm run dist`) through the Go toolchain, never kept in this repository.
//
// 1. `go mod download` fetches restic's own module at the pinned version; go checks it
//    against the Go checksum database, so its go.mod, go.sum and LICENSE are restic's.
// 2. `go mod edit -json` reads that go.mod; its requirements must be exactly the modules,
//    versions and indirect marks of build/restic-go-modules.json (which names each one's
//    SPDX licence), or packaging stops: the notices would otherwise describe another build.
// 3. Each module is downloaded the same way, and its hash must also equal the one in
//    restic's go.sum (the one restic was built with).
// 4. Each module's licence files are read from its verified copy. The go command's module
//    zip already adds the repository's root LICENSE to a module kept in a sub-folder that
//    has none; a module that still has none takes its parent module path's at the same
//    version, and with none there either packaging stops, naming it.
// 5. Go's own licence comes from the Go release restic's binaries report, as the module
//    golang.org/toolchain@v0.0.1-<go version>.linux-amd64 (verified the same way; the
//    licence is the same in every platform's build).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadModules, goEnvironment, runGo } from './go-command.mjs';

// Licence, notice and patent-grant files by name (LICENSE, LICENSE.md, LICENCE-MIT,
// COPYING, NOTICE.txt, PATENTS, ...), not source files that happen to start that way.
const LICENCE_NAME = /^(licen[cs]e|copying|notice|patents|unlicense)([._-][^/]*)?$/i;
const SOURCE_FILE = /\.(go|s|c|h|cc|cpp|proto|py|sh|js|ts|json|ya?ml|toml|html?|tmpl|mod|sum|xml)$/i;
// Folders the go command never compiles: testdata, and names starting with "." or "_".
const NOT_COMPILED = (name) => name === 'testdata' || name.startsWith('.') || name.startsWith('_');

/**
 * The licence files under a module's folder, [{file, text}] sorted by path ("/"
 * separated); `recursive: false` reads only the folder itself.
 */
export function licenceFiles(dir, { recursive = true } = {}) {
  const out = [];
  const walk = (at, rel) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (recursive && !NOT_COMPILED(entry.name)) walk(path.join(at, entry.name), relPath);
      } else if (entry.isFile() && LICENCE_NAME.test(entry.name) && !SOURCE_FILE.test(entry.name)) {
        const text = fs.readFileSync(path.join(at, entry.name), 'utf8').trim();
        if (text) out.push({ file: relPath, text });
      }
    }
  };
  walk(dir, '');
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** "path version" -> "h1:..." from a go.sum text (module lines, not the /go.mod ones). */
export function parseGoSum(text) {
  const sums = new Map();
  for (const line of text.split(/\r?\n/)) {
    const [mod, version, hash] = line.trim().split(/\s+/);
    if (hash && !version.endsWith('/go.mod')) sums.set(`${mod} ${version}`, hash);
  }
  return sums;
}

/**
 * The differences between the modules recorded in restic-go-modules.json and the
 * requirements of restic's go.mod (`go mod edit -json`'s Require), as sentences.
 */
export function moduleListDifferences(recorded, required) {
  const rec = new Map(recorded.map((m) => [m.module, m]));
  const req = new Map(required.map((r) => [r.Path, r]));
  const out = [];
  for (const [name, r] of req) {
    const m = rec.get(name);
    if (!m) out.push(`go.mod requires ${name} ${r.Version}, which restic-go-modules.json does not list`);
    else if (m.version !== r.Version) {
      out.push(`go.mod requires ${name} ${r.Version}, restic-go-modules.json says ${m.version}`);
    } else if (Boolean(m.indirect) !== Boolean(r.Indirect)) {
      out.push(`${name} is ${r.Indirect ? '' : 'not '}indirect in go.mod`);
    }
  }
  for (const name of rec.keys()) {
    if (!req.has(name)) out.push(`restic-go-modules.json lists ${name}, which go.mod does not require`);
  }
  return out;
}

/** The module paths a module's licence may be taken from when it has none: its parents. */
export function parentPaths(modulePath) {
  const parts = modulePath.split('/');
  const out = [];
  for (let n = parts.length - 1; n >= 2; n--) out.push(parts.slice(0, n).join('/'));
  return out;
}

function goMod(file, options) {
  const res = runGo(['mod', 'edit', '-json', file], options);
  if (res.status !== 0) throw new Error(`go mod edit could not read ${file}: ${res.stderr.trim()}`);
  return JSON.parse(res.stdout);
}

function downloadOne(key, options) {
  const answer = downloadModules([key], options).get(key);
  if (answer.Error || !answer.Dir)
    throw new Error(`${key} could not be fetched and verified: ${answer.Error}`);
  return answer;
}

/** The first parent module (same version) that has licence files: {from, files} or null. */
function parentLicence(mod, options) {
  for (const parent of parentPaths(mod.module)) {
    const answer = downloadModules([`${parent}@${mod.version}`], options).get(`${parent}@${mod.version}`);
    if (answer.Error || !answer.Dir) continue;
    const files = licenceFiles(answer.Dir);
    if (files.length) return { from: `${parent} ${mod.version}`, files };
  }
  return null;
}

/**
 * Collects every licence text, as described at the top of this file. `goModules` is
 * build/restic-go-modules.json; `go` the command to run; `env` the environment to start
 * from. Returns {restic: {version, files}, go: {version, license, files},
 * modules: [{module, version, license, indirect, repository, files, from?}]}. Throws,
 * naming every problem found, when anything does not check out.
 */
export function collectGoLicences({ goModules, go = 'go', env = process.env }) {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bb-go-licences-'));
  const options = { go, env: goEnvironment(env, cacheDir), cwd: cacheDir };
  try {
    const restic = downloadOne(`github.com/restic/restic@v${goModules.restic}`, options);
    const mod = goMod(path.join(restic.Dir, 'go.mod'), options);
    if (mod.Replace?.length) {
      throw new Error(`restic's go.mod replaces modules (${mod.Replace.map((r) => r.Old.Path).join(', ')}).`);
    }
    const differences = moduleListDifferences(goModules.modules, mod.Require ?? []);
    if (differences.length) {
      throw new Error(
        `restic ${goModules.restic}'s go.mod and build/restic-go-modules.json differ: ${differences.join('; ')}.`,
      );
    }
    const goSumFile = path.join(restic.Dir, 'go.sum');
    const sums = parseGoSum(fs.existsSync(goSumFile) ? fs.readFileSync(goSumFile, 'utf8') : '');
    const keys = goModules.modules.map((m) => `${m.module}@${m.version}`);
    const answers = downloadModules(keys, options);
    const problems = [];
    const modules = goModules.modules.map((m) => {
      const answer = answers.get(`${m.module}@${m.version}`);
      const entry = { ...m, files: [] };
      if (answer.Error || !answer.Dir) {
        problems.push(`${m.module} ${m.version} could not be fetched and verified: ${answer.Error}`);
        return entry;
      }
      const pinned = sums.get(`${m.module} ${m.version}`);
      if (pinned !== answer.Sum) {
        problems.push(
          `${m.module} ${m.version} has hash ${answer.Sum}, restic's go.sum ${pinned ? `says ${pinned}` : 'has none'}`,
        );
        return entry;
      }
      entry.files = licenceFiles(answer.Dir);
      if (entry.files.length === 0) {
        const parent = parentLicence(m, options);
        if (parent) Object.assign(entry, parent);
        else {
          problems.push(
            `${m.module} ${m.version} has no licence file, nor has any parent module at that version (${parentPaths(m.module).join(', ') || 'none'})`,
          );
        }
      }
      return entry;
    });
    const toolchain = downloadOne(`golang.org/toolchain@v0.0.1-${goModules.go.version}.linux-amd64`, options);
    const goFiles = licenceFiles(toolchain.Dir, { recursive: false });
    if (!goFiles.some((f) => f.file === 'LICENSE'))
      problems.push(`Go ${goModules.go.version} has no LICENSE`);
    const resticFiles = licenceFiles(restic.Dir);
    if (!resticFiles.some((f) => f.file === 'LICENSE'))
      problems.push(`restic ${goModules.restic} has no LICENSE`);
    if (problems.length) throw new Error(`Licence texts: ${problems.join('; ')}.`);
    return {
      restic: { version: goModules.restic, files: resticFiles },
      go: { ...goModules.go, files: goFiles },
      modules,
    };
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}
