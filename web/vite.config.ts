import react from '@vitejs/plugin-react';
import path from 'node:path';
import { defineConfig } from 'vite';

// @helsenorge/refero ships its stylesheet beside its bundle without exporting it: resolve the file.
const referoCss = path.resolve(import.meta.dirname, '../node_modules/@helsenorge/refero/index.css');

/** The API server in development (`npm run dev` at the repository root). */
const apiTarget = process.env.HELSEDIALOG_API ?? 'http://localhost:3000';

// Everything the server answers itself; the browser sees one origin in dev as in production.
const proxy = Object.fromEntries(['/api', '/auth', '/dev-idp'].map((prefix) => [prefix, { target: apiTarget, changeOrigin: false }]));

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { alias: [{ find: /^@helsenorge\/refero\/index\.css$/, replacement: referoCss }] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Emit every asset as a file, never a data: URI, so a strict CSP (font-src/img-src 'self') holds.
    assetsInlineLimit: 0,
    // .vite/manifest.json: which chunks each page needs (scripts/bundle-size.ts measures them per route).
    manifest: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // "use client" in react-query/react-router means nothing in a client-only bundle
        // (@vitejs/plugin-react hides these too when it is active).
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'SOURCEMAP_ERROR') return;
        warn(warning);
      },
    },
  },
  css: {
    preprocessorOptions: {
      scss: {
        // The design system still uses Sass @import for its Bootstrap grid; its warnings are not ours.
        quietDeps: true,
        silenceDeprecations: ['import', 'global-builtin', 'color-functions', 'if-function'],
      },
    },
  },
  server: { proxy },
  preview: { proxy },
});
