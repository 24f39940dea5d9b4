import { defineConfig } from '@playwright/test';
import os from 'node:os';

// E2E tests drive the real renderer and the real engine. Where Electron's binary
// exists they launch the app through `_electron`; elsewhere (like CI here) they run
// the same UI in browser mode in Debian's Chromium. See e2e/fixtures.ts.
export default defineConfig({
  testDir: 'e2e',
  // Ceilings that only catch hangs: every step waits for what it expects to see, so a
  // busy machine makes a test slower, never red. (On this shared two-core machine at a load
  // average of 25, creating the demo library took over a minute.)
  timeout: 900_000,
  expect: { timeout: 180_000 },
  // Spec files run side by side (each test has its own data folder, host and port);
  // the tests inside one file stay in order. Two workers on a two-core machine keep
  // one browser busy while the other waits on the engine.
  fullyParallel: false,
  workers: Number(process.env.BACKBEAT_E2E_WORKERS) || Math.min(2, os.availableParallelism()),
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    viewport: { width: 1024, height: 700 },
    trace: 'off',
    // A locator that never matches (a renamed button) fails in minutes, not at the test ceiling.
    actionTimeout: 180_000,
  },
});
