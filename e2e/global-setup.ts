/** Starts the platform as `npm start` would (built web app, fresh data folder, demo data). */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { root, startDemoServer } from './server.ts';

export default async function setup(project: TestProject) {
  const server = await startDemoServer({ logFile: path.join(root, 'test-results', 'e2e-server.log') });
  project.provide('baseUrl', server.base);
  return () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
