#!/usr/bin/env node
// Writes build/THIRD_PARTY_NOTICES.md (shipped in the installers' resources folder) from
// the pinned restic release, restic's licence and go.mod modules (build/licenses/), and
// node_modules. `--check` only says whether the committed file is current (exit 1 if not).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderNotices } from './packaging/notices.mjs';
import { loadRelease } from './packaging/restic-archive.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = path.join(root, 'build');
const text = renderNotices({
  root,
  release: loadRelease(path.join(build, 'restic-release.json')),
  resticLicense: fs.readFileSync(path.join(build, 'licenses', 'restic-LICENSE.txt'), 'utf8'),
  goModules: JSON.parse(fs.readFileSync(path.join(build, 'licenses', 'restic-go-modules.json'), 'utf8')),
});
const target = path.join(build, 'THIRD_PARTY_NOTICES.md');
if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) && fs.readFileSync(target, 'utf8') === text;
  console.log(
    current
      ? 'THIRD_PARTY_NOTICES.md is current.'
      : 'THIRD_PARTY_NOTICES.md is out of date: run node scripts/third-party-notices.mjs',
  );
  process.exit(current ? 0 : 1);
}
const temp = `${target}.tmp`;
fs.writeFileSync(temp, text);
fs.renameSync(temp, target);
console.log(`Wrote ${path.relative(root, target)}.`);
