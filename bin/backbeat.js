#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the prepare script).
'use strict';
const path = require('node:path');
const entry = path.join(__dirname, '..', 'dist', 'electron', 'cli', 'main.js');
try {
  require.resolve(entry);
} catch {
  process.stderr.write(
    'backbeat: not built yet. Run `npm install` (or `npm run build`) in the repository first.\n',
  );
  process.exit(2);
}
const cli = require(entry);
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // A cancelled job that never stopped (stuck in the file system) would keep the
    // process alive for good: SIGTERM and Ctrl-C must still end it.
    if (cli.workWasAbandoned()) process.exit(code);
  },
  (err) => {
    process.stderr.write(`backbeat: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
