// App build. Test configuration lives in vitest.config.ts, which extends this file.
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  // Relative asset URLs, so dist/ works when served from any subpath (GitHub Pages, a zip, …).
  base: './',
  build: {
    target: 'es2022',
    outDir: 'dist',
    rollupOptions: {
      // The page, and the embeddable module at a stable name: dist/reward-playground.js.
      input: { index: 'index.html', 'reward-playground': 'src/embed.ts' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'reward-playground' ? 'reward-playground.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  // The learning engine runs in a module worker (`new Worker(new URL(...), { type: 'module' })`).
  worker: {
    format: 'es',
  },
  plugins: [
    // After one visit the whole site — tfjs, the worker and its WASM binaries included — is
    // precached by a service worker, so a workshop room with no internet still works.
    VitePWA({
      registerType: 'autoUpdate',
      // An external registerSW.js rather than an inline script: the site runs under a strict CSP.
      injectRegister: 'script',
      manifest: {
        name: 'Reward Playground',
        short_name: 'Reward Playground',
        description: 'Teach an agent from your preferences, in the browser.',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#f3f5f8',
        theme_color: '#34404c',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,svg,webmanifest}'],
        maximumFileSizeToCacheInBytes: 20 * 1024 * 1024,
        navigateFallback: 'index.html',
      },
    }),
  ],
});
