import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The long jobs' worker and the daily backup's child are bundled beside main (the core finds them there).
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'jobs-worker': resolve(__dirname, 'electron/core/jobs/worker.ts'),
          // The daily backup of a large database, run in a child process (electron/core/backup/daily.ts).
          'backup-daily': resolve(__dirname, 'electron/core/backup/daily-child.ts'),
          // A batch import's next package opened in a helper thread (electron/core/exchange/open-ahead.ts).
          'exchange-open': resolve(__dirname, 'electron/core/exchange/open-worker.ts'),
          // A large demo's households drawn in a helper thread while the build writes (electron/core/demo/draw-ahead.ts).
          'demo-draw': resolve(__dirname, 'electron/core/demo/draw-worker.ts'),
          // The command line and the HTTP host, bundled too: `node out/main/cli.js` starts with about
          // half the CPU tsx takes to load the sources (the tests spawn them often).
          cli: resolve(__dirname, 'electron/host/cli.ts'),
          serve: resolve(__dirname, 'electron/host/serve.ts'),
        },
        // Shared chunks beside the entries, not in chunks/: the core finds the worker file at
        // './jobs-worker.js' from its own module, whichever file the bundler put it in.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS.
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
