// local/code-layering: imports may only point down the layers.
//
//   shared/            -> nothing of ours (third-party schema helpers are fine)
//   electron/engine/   -> shared/ and engine only; never `electron`
//   electron/cli|host  -> engine, shared; never `electron`; the CLI (tests aside) reaches
//                         the engine only through the use cases (engine/app/use-cases),
//                         the HTTP host only through engine/app (the service it carries)
//   electron/main|preload -> anything on the Node side
//   renderer/          -> renderer and shared only; no Node built-ins, no `electron`
//   bench/             -> engine, shared
//
// Inside the engine, the same idea one level down:
//   engine/runtime, engine/fs  -> each other, engine/sqlite.ts and shared only (the
//                                 plumbing knows no capability)
//   capability folders         -> never engine/app (the use-case layer sits on top)
//   engine/test/fixtures       -> anything (test doubles), but only tests import it
import path from 'node:path';
import { builtinModules } from 'node:module';

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function layerOf(file, root) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (rel.startsWith('shared/')) return 'shared';
  if (rel.startsWith('electron/engine/')) return 'engine';
  if (rel.startsWith('electron/cli/')) return 'cli';
  if (rel.startsWith('electron/host/')) return 'host';
  if (rel.startsWith('electron/main/') || rel.startsWith('electron/preload/')) return 'electron';
  if (rel.startsWith('electron/')) return 'electron';
  if (rel.startsWith('renderer/')) return 'renderer';
  if (rel.startsWith('bench/')) return 'bench';
  if (rel.startsWith('e2e/')) return 'e2e';
  return 'other';
}

// Which of our layers each layer may import from.
const ALLOWED = {
  shared: ['shared'],
  engine: ['engine', 'shared'],
  cli: ['cli', 'host', 'engine', 'shared'],
  host: ['host', 'engine', 'shared'],
  electron: ['electron', 'host', 'engine', 'shared'],
  renderer: ['renderer', 'shared'],
  bench: ['bench', 'engine', 'shared', 'cli', 'host'],
  e2e: ['e2e', 'shared', 'engine', 'host', 'electron'],
  other: ['other', 'shared', 'engine', 'cli', 'host', 'electron', 'renderer', 'bench', 'e2e'],
};

const ENGINE_PLUMBING = new Set(['runtime', 'fs']);

/** The engine folder a path is in ('runtime', 'backup', ...), or '' for the engine root. */
function engineFolderOf(file, root) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const m = /^electron\/engine\/([^/]+)\//.exec(rel);
  return m ? m[1] : '';
}

function isTestFile(file) {
  return /\/test\//.test(file.split(path.sep).join('/')) || /\.test\.tsx?$/.test(file);
}

/** The engine's own rule for an import from `file` to `target` (both in the engine). */
function engineViolation(file, target, root) {
  const from = engineFolderOf(file, root);
  const to = engineFolderOf(target, root);
  if (from === to) return null;
  if (to === 'test' && !isTestFile(file)) return `Product code must not import test code (engine/test).`;
  if (isTestFile(file)) return null;
  if (ENGINE_PLUMBING.has(from) && to !== '' && !ENGINE_PLUMBING.has(to)) {
    return `engine/${from} is plumbing and must not import the capability folder engine/${to}.`;
  }
  if (to === 'app' && from !== 'app') {
    return `engine/${from} must not import engine/app: the use-case layer calls capabilities, not the other way.`;
  }
  return null;
}

const USE_CASES = 'electron/engine/app/use-cases/';

/** The CLI calls the same use cases as the service and the scheduler, never what is below them. */
function cliViolation(file, target, root) {
  if (isTestFile(file)) return null;
  const rel = path.relative(root, target).split(path.sep).join('/');
  if (rel.startsWith(USE_CASES)) return null;
  return `The CLI may import the engine only through its use cases (engine/app/use-cases).`;
}

const APP = 'electron/engine/app/';

/** The HTTP host carries the service: it reaches the engine only through engine/app. */
function hostViolation(file, target, root) {
  if (isTestFile(file)) return null;
  const rel = path.relative(root, target).split(path.sep).join('/');
  if (rel.startsWith(APP)) return null;
  return `The HTTP host may import the engine only through engine/app.`;
}

const NO_ELECTRON = new Set(['shared', 'engine', 'cli', 'host', 'renderer', 'bench']);

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports pointing down the layers (shared <- engine <- transports).' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = layerOf(file, root);
    function check(node, source) {
      if (typeof source !== 'string') return;
      if (source === 'electron' || source.startsWith('electron/')) {
        if (NO_ELECTRON.has(from)) {
          context.report({ node, message: `Layer '${from}' must not import 'electron'.` });
        }
        return;
      }
      if (from === 'renderer' && NODE_BUILTINS.has(source)) {
        context.report({ node, message: `The renderer must not import Node built-in '${source}'.` });
        return;
      }
      if (!source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      const to = layerOf(target, root);
      if (!ALLOWED[from].includes(to)) {
        context.report({ node, message: `Layer '${from}' must not import from layer '${to}' (${source}).` });
        return;
      }
      if (from === 'engine' && to === 'engine') {
        const why = engineViolation(file, target, root);
        if (why) context.report({ node, message: `${why} (${source})` });
      }
      if (from === 'cli' && to === 'engine') {
        const why = cliViolation(file, target, root);
        if (why) context.report({ node, message: `${why} (${source})` });
      }
      if (from === 'host' && to === 'engine') {
        const why = hostViolation(file, target, root);
        if (why) context.report({ node, message: `${why} (${source})` });
      }
    }
    return {
      ImportDeclaration(node) {
        check(node, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value);
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value);
      },
      CallExpression(node) {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        ) {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};
