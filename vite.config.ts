import { defineConfig } from 'vite';

// The renderer is a static bundle: relative URLs (base './') so it loads from file://, a custom
// protocol or the web server alike, and everything (pdf.js worker included) is bundled: no CDN.
export default defineConfig({
  root: 'renderer',
  base: './',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2500,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
});
