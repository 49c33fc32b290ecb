// App build. Test configuration lives in vitest.config.ts, which extends this file.
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs, so dist/ works when served from any subpath (GitHub Pages, a zip, …).
  base: './',
  build: {
    target: 'es2022',
    outDir: 'dist',
  },
  // The learning engine runs in a module worker (`new Worker(new URL(...), { type: 'module' })`).
  worker: {
    format: 'es',
  },
});
