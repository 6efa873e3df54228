/** `npm run test:e2e`: only the browser journeys (builds the web app first). */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const r = spawnSync(process.execPath, [path.join(root, 'scripts/test.ts'), '--e2e-only'], {
  stdio: 'inherit',
  env: { ...process.env, TEST_LABEL: process.env.TEST_LABEL ?? 'e2e' },
});
process.exit(r.status ?? 1);
