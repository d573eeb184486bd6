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
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
});
