// `npm install` runs this: it builds the native DSP kernels (electron/engine/dsp) with
// the node-gyp that npm brings. They make the analysis about twice as fast; without a
// C compiler the build fails, this says so plainly, and the analysis runs its
// TypeScript kernels (the same values, slower). BACKBEAT_DSP=native (CI) makes a failed
// build fail the install instead.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const dir = path.join(__dirname, '..', 'electron', 'engine', 'dsp');
// npm puts its own node-gyp on PATH for lifecycle scripts; elsewhere, npm's copy beside node.
const result = spawnSync('node-gyp', ['rebuild', `--directory=${dir}`], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (result.status === 0) process.exit(0);
const why = result.error ? result.error.message : `node-gyp exited with ${result.status ?? result.signal}`;
const message =
  `Backbeat: the native DSP kernels were not built (${why}).\n` +
  'Rescans will use the TypeScript kernels: the same values, about half as fast.\n' +
  'Install a C compiler (build-essential, Xcode command line tools, or Visual Studio Build Tools) and run npm install again.';
if (process.env.BACKBEAT_DSP === 'native') {
  console.error(message);
  process.exit(1);
}
console.warn(message);
