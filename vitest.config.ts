import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:unit` (and the first step of `npm test`): two projects in one run.
 * - node: core, server, scripts, and the web's pure logic (`web/src/**\/*.test.ts`).
 * - web-dom: the web's component tests (`web/src/**\/*.test.tsx`), rendered with Testing Library
 *   in happy-dom (web/src/test/setup.ts), as the app renders them: React 19, the Helsenorge design
 *   system and the I18n provider.
 */
export default defineConfig({
  test: {
    testTimeout: 90_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['core/src/**/*.test.ts', 'server/src/**/*.test.ts', 'web/src/**/*.test.ts', 'scripts/**/*.test.ts'],
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'web-dom',
          include: ['web/src/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['web/src/test/setup.ts'],
          // The Helsenorge packages import their (S)CSS modules: Vite loads them (as empty styles),
          // where Node would refuse the .scss files.
          server: { deps: { inline: [/@helsenorge\//] } },
        },
      },
    ],
  },
});
