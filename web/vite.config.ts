import react from '@vitejs/plugin-react';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { precompress } from '../scripts/precompress.ts';
import { writeRoutePreloads } from '../scripts/route-preloads.ts';

// @helsenorge/refero ships its stylesheet beside its bundle without exporting it: resolve the file.
const referoCss = path.resolve(import.meta.dirname, '../node_modules/@helsenorge/refero/index.css');

/** The API server in development (`npm run dev` at the repository root). */
const apiTarget = process.env.HELSEDIALOG_API ?? 'http://localhost:3000';

// Everything the server answers itself; the browser sees one origin in dev as in production.
const proxy = Object.fromEntries(['/api', '/auth', '/dev-idp'].map((prefix) => [prefix, { target: apiTarget, changeOrigin: false }]));

/**
 * Brotli and gzip copies of the built files (scripts/precompress.ts), which the app server sends
 * with Content-Encoding (server/src/app.ts): the portal arrives compressed with or without nginx.
 */
function precompressed(): Plugin {
  let outDir = '';
  return {
    name: 'helsedialog-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle() {
      const files = await precompress(outDir);
      const kB = (n: number) => `${(n / 1024).toFixed(0)} kB`;
      const sum = (k: 'bytes' | 'brBytes' | 'gzBytes') => files.reduce((n, f) => n + f[k], 0);
      this.info(`precompressed ${files.length} files: ${kB(sum('bytes'))} → ${kB(sum('brBytes'))} brotli, ${kB(sum('gzBytes'))} gzip`);
    },
  };
}

/**
 * web/dist/route-preloads.json (scripts/route-preloads.ts): each route's page chunk and what it
 * imports, which the server names in that page's HTML so they download beside the entry chunk.
 * After the bundle is closed: the manifest it reads is written by then.
 */
function routePreloadList(): Plugin {
  let outDir = '';
  return {
    name: 'helsedialog-route-preloads',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const routes = writeRoutePreloads(outDir, path.resolve(import.meta.dirname, 'src/App.tsx'));
      this.info(`route preloads for ${routes.length} routes`);
    },
  };
}

/**
 * The faces of the design system's typeface the start pages use (body text, semibold headings, bold),
 * preloaded from index.html: they download beside the entry chunk instead of after the first render,
 * so text is not laid out again in another font once they arrive (layout shift). Other faces load
 * when used (web/src/styles/_fonts.scss).
 */
const PRELOADED_FONTS = /^assets\/source-sans-pro-(400-regular|600-semibold|700-bold)-[\w-]{8}\.woff2$/;

function preloadFonts(): Plugin {
  return {
    name: 'helsedialog-preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const fonts = Object.keys(ctx.bundle ?? {}).filter((file) => PRELOADED_FONTS.test(file));
        if (fonts.length !== 3) throw new Error(`preloadFonts: expected the 3 start-page fonts in the bundle, found ${fonts.join(', ') || 'none'}`);
        return fonts.map((file) => ({
          tag: 'link',
          attrs: { rel: 'preload', href: `/${file}`, as: 'font', type: 'font/woff2', crossorigin: '' },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), preloadFonts(), precompressed(), routePreloadList()],
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
