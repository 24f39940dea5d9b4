// A stand-in for the `go` command in the packaging tests (the real one needs the network):
// serves made-up modules from the folder FAKE_GO_MODULES, where <path>@<version>/ holds a
// module's files and sums.json maps "path@version" to its "h1:" hash. It answers the two
// subcommands go-licences.mjs uses, in go's output format, and like a real go whose
// checksum database is on it refuses to run when GOSUMDB, GONOSUMDB, GOPRIVATE or
// GOINSECURE would skip verification, or without a private GOMODCACHE and -mod=mod.
// Each call is appended to FAKE_GO_MODULES/calls.log.
import fs from 'node:fs';
import path from 'node:path';

const root = process.env.FAKE_GO_MODULES;
const args = process.argv.slice(2);
fs.appendFileSync(path.join(root, 'calls.log'), `${args.join(' ')}\n`);

function fail(message) {
  process.stderr.write(`go: ${message}\n`);
  process.exit(1);
}

const env = process.env;
if (env.GOSUMDB !== 'sum.golang.org' || env.GONOSUMDB || env.GOPRIVATE || env.GOINSECURE) {
  fail('checksum database verification is off');
}
if (!env.GOMODCACHE || !(env.GOFLAGS ?? '').split(' ').includes('-mod=mod'))
  fail('no GOMODCACHE or -mod=mod');

/** go mod edit -json FILE: the module line, require lines and blocks (with // indirect), replaces. */
function editJson(file) {
  const out = { Module: {}, Require: [] };
  let block = null;
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === ')') block = null;
    else if (/^(require|replace) \($/.test(line)) block = line.split(' ')[0];
    else if (line.startsWith('module ')) out.Module.Path = line.slice(7).trim();
    else if (line.startsWith('replace ') || block === 'replace') {
      const [old] = line.replace(/^replace /, '').split(' ');
      (out.Replace ??= []).push({ Old: { Path: old } });
    } else if (line.startsWith('require ') || (block === 'require' && line)) {
      const [p, v] = line.replace(/^require /, '').split(/\s+/);
      out.Require.push(
        line.endsWith('// indirect') ? { Path: p, Version: v, Indirect: true } : { Path: p, Version: v },
      );
    }
  }
  return out;
}

if (args[0] === 'mod' && args[1] === 'edit' && args[2] === '-json') {
  process.stdout.write(`${JSON.stringify(editJson(args[3]), null, '\t')}\n`);
} else if (args[0] === 'mod' && args[1] === 'download' && args[2] === '-json') {
  const sums = JSON.parse(fs.readFileSync(path.join(root, 'sums.json'), 'utf8'));
  let status = 0;
  for (const key of args.slice(3)) {
    const [Path, Version] = key.split('@');
    const src = path.join(root, key);
    let answer;
    if (!fs.existsSync(src)) {
      answer = {
        Path,
        Version,
        Error: `${key}: reading https://proxy.golang.org/${Path}/@v/${Version}.info: 404 Not Found`,
      };
      status = 1;
    } else {
      const Dir = path.join(env.GOMODCACHE, key);
      fs.cpSync(src, Dir, { recursive: true });
      answer = { Path, Version, Dir, Sum: sums[key] };
    }
    process.stdout.write(`${JSON.stringify(answer, null, '\t')}\n`);
  }
  process.exit(status);
} else {
  fail(`the fake go does not know "${args.join(' ')}"`);
}
