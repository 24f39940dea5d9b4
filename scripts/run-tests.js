// `npm test`: every check the project has, in the fewest minutes a two-core machine allows.
//
// Stage 1 runs in two lanes, because ESLint (type-checked rules) is the longest single
// step and needs no build: lane A is ESLint alone; lane B is Prettier, the build (which
// type-checks the engine) and the UI's type checks. Lane B prints as it goes; lane A's
// output is held and printed whole when it ends, so the two never interleave.
// Stage 2 is the unit tests, stage 3 the end-to-end tests (both need the build).
// The first failure stops the run with that step's exit code.
'use strict';
const { spawn } = require('node:child_process');

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs `npm run <script>`; resolves with its exit code and (when held) its output. */
function run(script, { hold = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script], {
      stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
    });
    const chunks = [];
    if (hold) {
      child.stdout.on('data', (d) => chunks.push(d));
      child.stderr.on('data', (d) => chunks.push(d));
    }
    child.on('error', (err) => resolve({ script, code: 1, output: `${script}: ${err.message}\n` }));
    child.on('close', (code, signal) =>
      resolve({ script, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString() }),
    );
  });
}

async function sequence(scripts) {
  for (const script of scripts) {
    console.log(`\n> ${script}`);
    const result = await run(script);
    if (result.code !== 0) return result;
  }
  return { script: scripts.at(-1), code: 0, output: '' };
}

function fail(result) {
  console.error(`\nnpm test: "${result.script}" failed (exit ${result.code}).`);
  process.exit(result.code || 1);
}

async function main() {
  const started = Date.now();
  const eslint = run('lint:eslint', { hold: true });
  const laneB = await sequence(['lint:format', 'build', 'typecheck:ui']);
  const laneA = await eslint;
  console.log('\n> lint:eslint');
  process.stdout.write(laneA.output);
  if (laneA.code !== 0) fail(laneA);
  if (laneB.code !== 0) fail(laneB);
  const rest = await sequence(['test:unit', 'test:e2e']);
  if (rest.code !== 0) fail(rest);
  console.log(`\nnpm test: every step passed in ${Math.round((Date.now() - started) / 1000)} s.`);
}

void main();
