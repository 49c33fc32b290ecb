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
        // Navigations the precache does not hold fall back to the app only for the app's own page:
        // the folder itself or index.html, with any query. Any other page in the folder (a teacher's
        // lesson.html embedding the element) and a missing page go to the network, which answers
        // with that page or the host's 404. (The worker cannot know the folder it is deployed in, so
        // a missing sub-folder URL ending in '/' still gets the app.)
        navigateFallback: 'index.html',
        navigateFallbackAllowlist: [/^[^?]*\/(?:index\.html)?(?:\?.*)?$/],
        // A new version takes over on the next load, not only after every tab is closed: the new
        // worker activates as soon as it is installed and controls the open pages. Nothing is lost by
        // this: every label is saved to IndexedDB the moment it is given, so no session lives only in
        // an old page. (registerType 'autoUpdate' sets these only with injectRegister 'auto'.)
        skipWaiting: true,
        clientsClaim: true,
      },
    }),
  ],
});
