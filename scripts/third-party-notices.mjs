#!/usr/bin/env node
// The third-party notices, in two forms made from the same inputs (build/restic-release.json,
// build/restic-go-modules.json, node_modules):
//
//   node scripts/third-party-notices.mjs            writes the summary kept in the repository,
//                                                   build/THIRD_PARTY_NOTICES.md (no network)
//   node scripts/third-party-notices.mjs --check    only says whether that summary is current
//   node scripts/third-party-notices.mjs --package  (run by `npm run dist`) collects every licence
//       text through the Go toolchain (scripts/packaging/go-licences.mjs: needs `go` and the
//       network) and writes the notices the installers ship, with every text, and the licence
//       files into build/third-party/ (not committed)
//
// Exit 1, with the reason, when anything does not check out.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectGoLicences } from './packaging/go-licences.mjs';
import { loadNoticeInputs, renderNotices } from './packaging/notices.mjs';
import { writePackagedNotices } from './packaging/packaged-notices.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'build', 'THIRD_PARTY_NOTICES.md');
try {
  const inputs = loadNoticeInputs(root);
  if (process.argv.includes('--package')) {
    console.log('Collecting the licence texts of restic and its Go modules through the Go toolchain ...');
    const licences = collectGoLicences({ goModules: inputs.goModules });
    const outDir = path.join(root, 'build', 'third-party');
    writePackagedNotices({ outDir, text: renderNotices({ ...inputs, licences }), licences });
    console.log(`Wrote ${path.relative(root, outDir)}/ (THIRD_PARTY_NOTICES.md and licenses/).`);
  } else if (process.argv.includes('--check')) {
    const current = fs.existsSync(target) && fs.readFileSync(target, 'utf8') === renderNotices(inputs);
    console.log(
      current
        ? 'THIRD_PARTY_NOTICES.md is current.'
        : 'THIRD_PARTY_NOTICES.md is out of date: run node scripts/third-party-notices.mjs',
    );
    process.exitCode = current ? 0 : 1;
  } else {
    const temp = `${target}.tmp`;
    fs.writeFileSync(temp, renderNotices(inputs));
    fs.renameSync(temp, target);
    console.log(`Wrote ${path.relative(root, target)}.`);
  }
} catch (err) {
  console.error(`third-party-notices: ${err.message}`);
  process.exit(1);
}
