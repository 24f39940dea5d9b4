// Builds the React renderer (renderer/) into dist/renderer/, loadable both from
// file:// inside Electron and from the browser-mode host on 127.0.0.1.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs so index.html works from file:// as well as from the host.
  base: './',
  // No @vitejs/plugin-react: esbuild's automatic JSX runtime is all we need.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'chrome120',
    // The strict CSP forbids inline scripts; Chromium has native modulepreload anyway.
    modulePreload: { polyfill: false },
    // Keep every asset a real file: the CSP allows data: for images only.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod ships comments Rollup cannot use as annotations; harmless, and not ours to fix.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
});
