// The third-party notices: restic, Go and the Go modules restic is built from
// (build/restic-go-modules.json), and every npm package the app loads at run time
// (package.json "dependencies" and everything they depend on, read from node_modules),
// each with its declared licence. Two forms from the same inputs: the summary kept in the
// repository (build/THIRD_PARTY_NOTICES.md), and the notices shipped with the app, made at
// packaging with the full text of every licence (the Go ones from go-licences.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { loadRelease } from './restic-archive.mjs';

/** Where Node would load `name` from when required by the package in `fromDir`. */
function resolvePackageDir(root, fromDir, name) {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.resolve(dir) === path.resolve(root)) return null;
    const up = path.dirname(dir);
    dir = path.basename(up) === 'node_modules' ? path.dirname(up) : up;
    if (path.basename(dir).startsWith('@')) dir = path.dirname(path.dirname(dir));
  }
}

/**
 * The runtime dependency closure of the package at `root`: [{name, version, license, dir}],
 * sorted by name. Optional dependencies count when installed; a missing required one is an error.
 */
export function runtimeDependencies(root) {
  const found = new Map();
  const queue = [{ dir: root, pkg: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) }];
  while (queue.length) {
    const { dir, pkg } = queue.shift();
    const required = Object.keys(pkg.dependencies ?? {});
    const optional = Object.keys(pkg.optionalDependencies ?? {});
    for (const name of [...required, ...optional]) {
      const depDir = resolvePackageDir(root, dir, name);
      if (!depDir) {
        if (optional.includes(name)) continue;
        throw new Error(`${name} (needed by ${pkg.name}) is not installed; run npm ci first.`);
      }
      const dep = JSON.parse(fs.readFileSync(path.join(depDir, 'package.json'), 'utf8'));
      const key = `${dep.name}@${dep.version}`;
      if (found.has(key)) continue;
      const license = typeof dep.license === 'string' ? dep.license : (dep.license?.type ?? 'UNKNOWN');
      found.set(key, { name: dep.name, version: dep.version, license, dir: depDir });
      queue.push({ dir: depDir, pkg: dep });
    }
  }
  return [...found.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
}

function licenseText(dir) {
  const file = fs
    .readdirSync(dir)
    .sort()
    .find((f) => /^(licen[cs]e|copying)(\.|$|-)/i.test(f));
  return file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : null;
}

// Decoders that are C libraries compiled to WebAssembly: the package's licence covers
// the JavaScript; the library inside keeps its own.
const EMBEDDED = {
  'mpg123-decoder': 'libmpg123 (LGPL-2.1), compiled to WebAssembly',
  '@wasm-audio-decoders/flac': 'libFLAC (BSD-3-Clause), compiled to WebAssembly',
  '@wasm-audio-decoders/ogg-vorbis': 'libvorbis and libogg (BSD-3-Clause), compiled to WebAssembly',
  'opus-decoder': 'libopus (BSD-3-Clause), compiled to WebAssembly',
  '@wasm-audio-decoders/opus-ml': 'libopus (BSD-3-Clause), compiled to WebAssembly',
  libdeflate: 'libdeflate (MIT), compiled to WebAssembly',
  'better-sqlite3': 'SQLite (public domain), compiled into its native module',
};

/** Everything the committed notices are made of, read from the repository at `root`. */
export function loadNoticeInputs(root) {
  const build = path.join(root, 'build');
  const goModules = JSON.parse(fs.readFileSync(path.join(build, 'restic-go-modules.json'), 'utf8'));
  const release = loadRelease(path.join(build, 'restic-release.json'));
  if (goModules.restic !== release.version) {
    throw new Error(
      `restic-go-modules.json describes restic ${goModules.restic}, restic-release.json pins ${release.version}.`,
    );
  }
  return { root, release, goModules };
}

const fence = (text) => `\`\`\`text\n${text.replace(/```/g, "'''")}\n\`\`\``;

/**
 * Numbers each distinct text once, in order of first use. `items` are [{name, files:
 * [{file, text}]}]; returns {refs, texts}: refs[i] holds the "text N" labels of items[i]'s
 * files, and texts maps each text to {n, users}. Only byte-identical texts are merged,
 * so every copyright line is still shown.
 */
export function numberTexts(items) {
  const texts = new Map();
  const refs = items.map((item) =>
    item.files.map(({ file, text }) => {
      if (!texts.has(text)) texts.set(text, { n: texts.size + 1, users: [] });
      const entry = texts.get(text);
      entry.users.push(`${item.name} (${file})`);
      return `text ${entry.n}`;
    }),
  );
  return { refs, texts };
}

/**
 * The Go section: Go itself and each module with its version, SPDX licence and source
 * repository. With `licences` (what go-licences.mjs collected at packaging) the table also
 * says which texts each carries, and each distinct licence or NOTICE text follows once,
 * after the modules and files that carry it; without, it says when they are added.
 */
export function renderGoModules(release, goModules, licences) {
  const out = [`### Go and the Go modules compiled into restic ${release.version}`, ''];
  out.push(`${goModules.source} Some indirect modules are used only by tests or debug builds.`);
  out.push('');
  const rows = [{ module: 'Go standard library and runtime', ...goModules.go }, ...goModules.modules];
  if (!licences) {
    out.push(
      'The full text of every licence and NOTICE file of Go and of each module is added when the app ' +
        'is packaged (`npm run dist`), read from the modules as the Go toolchain downloads them and ' +
        'verifies them against the Go checksum database; the packaged app carries them.',
    );
    out.push('');
    out.push('| Module | Version | Licence | Repository |');
    out.push('| --- | --- | --- | --- |');
    for (const m of rows) out.push(`| ${m.module} | ${m.version} | ${m.license} | ${m.repository} |`);
    out.push('');
    return out;
  }
  const items = [
    { name: `Go ${licences.go.version}`, files: licences.go.files },
    ...licences.modules.map((m) => ({ name: `${m.module} ${m.version}`, files: m.files, from: m.from })),
  ];
  const { refs, texts } = numberTexts(items);
  out.push(
    'The full text of every licence and NOTICE file follows the table, each distinct text once, after ' +
      'the modules that carry it. They were read when this copy was packaged, from the modules as the Go ' +
      'toolchain downloaded them and verified them against the Go checksum database.',
  );
  out.push('');
  out.push('| Module | Version | Licence | Repository | Texts |');
  out.push('| --- | --- | --- | --- | --- |');
  rows.forEach((m, i) =>
    out.push(
      `| ${m.module} | ${m.version} | ${m.license} | ${m.repository} | ${[...new Set(refs[i])].join(', ')} |`,
    ),
  );
  out.push('');
  const borrowed = items.filter((m) => m.from);
  if (borrowed.length) {
    out.push("Modules without a licence file of their own carry their parent module's:");
    out.push('');
    for (const m of borrowed) out.push(`- ${m.name}: from ${m.from}.`);
    out.push('');
  }
  for (const [text, { n, users }] of texts) {
    out.push(`#### Go licence text ${n}`, '', `Carried by ${users.join('; ')}.`, '', fence(text), '');
  }
  return out;
}

/**
 * The notices as Markdown. Without `licences` this is the summary kept in the repository
 * (build/THIRD_PARTY_NOTICES.md): every component with its licence, and where the texts
 * come from. With them (packaging), every licence text is included.
 */
export function renderNotices({ root, release, goModules, licences }) {
  const out = ['# Third-party notices', ''];
  out.push(
    licences
      ? 'Backbeat ships the software below, each under its own licence, whose full text is given here. ' +
          'This file was generated by `node scripts/third-party-notices.mjs --package` when this copy was ' +
          'packaged.'
      : 'Backbeat ships the software below, each under its own licence. This summary is generated by ' +
          '`node scripts/third-party-notices.mjs`; do not edit it by hand. The notices shipped with the ' +
          'app are made from the same inputs by `npm run dist` and also carry the full text of every licence.',
  );
  out.push('');
  out.push(`## restic ${release.version}`, '');
  out.push(
    `The installers include the official restic ${release.version} binary (https://github.com/restic/restic), ` +
      'unmodified; its download is refused unless its SHA-256 equals the one pinned in Backbeat and the one ' +
      "the release's SHA256SUMS lists, a list trusted only when it bears a good signature by restic's " +
      'release key. Licence: BSD-2-Clause.',
  );
  out.push('');
  if (licences) {
    for (const { file, text } of licences.restic.files) out.push(`restic's ${file}:`, '', fence(text), '');
  }
  out.push(...renderGoModules(release, goModules, licences));
  out.push('## npm packages loaded at run time', '');
  for (const dep of runtimeDependencies(root)) {
    out.push(`### ${dep.name}@${dep.version}`, '');
    out.push(`Licence: ${dep.license}.${EMBEDDED[dep.name] ? ` Contains ${EMBEDDED[dep.name]}.` : ''}`);
    out.push('');
    if (licences) {
      const text = licenseText(dep.dir);
      out.push(
        text
          ? fence(text)
          : 'The package ships no licence file; its package.json declares the licence above.',
      );
      out.push('');
    }
  }
  out.push('## Electron', '');
  out.push(
    'The app runs on Electron (MIT); the licences of Electron and of Chromium and its components ' +
      'are shipped next to the application as LICENSE and LICENSES.chromium.html.',
  );
  out.push('');
  return out.join('\n');
}
