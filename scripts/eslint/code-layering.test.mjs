// The layering rule must fire on the imports it forbids and stay quiet on the ones it
// allows; linting source text under made-up file names keeps the test off the real tree.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import codeLayering from './code-layering.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');

function problems(file, source) {
  const linter = new Linter({ cwd: root });
  const config = [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parser: tseslint.parser },
      plugins: { local: { rules: { 'code-layering': codeLayering } } },
      rules: { 'local/code-layering': 'error' },
    },
  ];
  return linter.verify(`import { x } from '${source}';\nexport { x };\n`, config, {
    filename: path.join(root, file),
  });
}

const forbidden = [
  ['shared/contract.ts', '../electron/engine/sqlite', /Layer 'shared' must not import/],
  ['electron/engine/backup/backup.ts', 'electron', /must not import 'electron'/],
  ['renderer/src/App.tsx', '../../electron/engine/sqlite', /Layer 'renderer'/],
  ['renderer/src/App.tsx', 'node:fs', /Node built-in/],
  ['electron/engine/runtime/jobs.ts', '../backup/backup', /plumbing/],
  ['electron/engine/fs/paths.ts', '../library/library-lock', /plumbing/],
  ['electron/engine/backup/backup.ts', '../app/service', /must not import engine\/app/],
  ['electron/engine/backup/backup.ts', '../test/fixtures/libraries', /must not import test code/],
  ['electron/cli/commands/backup.ts', '../../engine/backup/backup', /only through its use cases/],
  ['electron/cli/main.ts', '../engine/app/service', /only through its use cases/],
  ['electron/cli/invocation.ts', '../engine/library/library', /only through its use cases/],
  ['electron/host/error-envelope.ts', '../engine/runtime/error-policy', /only through engine\/app/],
];
for (const [file, source, message] of forbidden) {
  test(`code-layering forbids ${file} -> ${source}`, () => {
    const found = problems(file, source);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0].message, message);
  });
}

const allowed = [
  ['electron/engine/backup/backup.ts', '../runtime/jobs'],
  ['electron/engine/backup/backup.ts', '../../../shared/contract'],
  ['electron/engine/runtime/jobs.ts', '../fs/paths'],
  ['electron/engine/runtime/jobs.ts', '../sqlite'],
  ['electron/engine/app/service.ts', '../backup/backup'],
  ['electron/engine/backup/test/backup.test.ts', '../../app/service'],
  ['electron/engine/backup/test/backup.test.ts', '../../test/fixtures/libraries'],
  ['electron/cli/main.ts', '../engine/app/use-cases/runtime'],
  ['electron/cli/commands/backup.ts', '../../engine/app/use-cases/backup'],
  ['electron/cli/commands/serve.ts', '../../host/browser-mode'],
  ['electron/host/browser-mode.ts', '../engine/app/service'],
  ['electron/host/error-envelope.ts', '../engine/app/use-cases/runtime'],
  ['electron/host/test/host-fixture.ts', '../../engine/test/fixtures/temp-dir'],
  ['electron/cli/test/cli-commands.test.ts', '../../engine/test/fixtures/libraries'],
  ['electron/cli/test/cli-commands.test.ts', '../../engine/backup/backup-store'],
  ['renderer/src/App.tsx', '../../shared/contract'],
];
for (const [file, source] of allowed) {
  test(`code-layering allows ${file} -> ${source}`, () => {
    assert.deepEqual(problems(file, source), []);
  });
}
