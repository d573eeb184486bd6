import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server (apps/server) serves `dist/` with an SPA fallback and a strict CSP
// (`script-src 'self'; style-src 'self'`): the build must not need inline scripts or styles.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Keep everything as files: a data: URL or inline asset would be fine for img-src, but fonts/CSS must be 'self'.
    assetsInlineLimit: 0,
    sourcemap: false,
    // The spreadsheet library (~0.9 MB, loaded only for a report's spreadsheet export) is the one chunk above Vite's
    // 500 kB warning. What each screen may add is checked by apps/web/e2e/bundle.test.ts instead of this warning.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
});
