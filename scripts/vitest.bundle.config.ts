import { defineConfig } from 'vitest/config';

/** The bundle-size check: runs after `npm run build` (scripts/test.ts), never in the unit run. */
export default defineConfig({
  test: { include: ['scripts/bundle-size.check.ts'], testTimeout: 60_000 },
});
