/**
 * Issue 15: production never seeds demo data (whose people and FHIR client secrets are public),
 * and refuses to start on a database that holds any.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../platform/config.ts';
import { openMemoryPglite, type Database } from '../platform/db.ts';
import { migrateToLatest } from '../platform/migrate.ts';
import { DemoDataInProductionError, findDemoData, refuseDemoDataInProduction, seedDemo } from './demo.ts';

const PROD = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://helsedialog.example.no',
  CITIZEN_OIDC_ISSUER: 'https://idporten.example.no',
  CITIZEN_OIDC_CLIENT_SECRET: 'x'.repeat(32),
  STAFF_OIDC_ISSUER: 'https://helseid.example.no',
  STAFF_OIDC_CLIENT_SECRET: 'y'.repeat(32),
  DATABASE_URL: 'postgres://hd@db.example.no:5432/hd',
  SMTP_URL: 'smtp://smtp.example.no:587',
  SMS_GATEWAY_URL: 'https://sms.example.no/v1',
  SMS_GATEWAY_KEY: 'k'.repeat(20),
};

// Its own embedded database in both CI passes: the demo data must not meet other files' data.
let database: Database;
beforeAll(async () => {
  database = await openMemoryPglite();
  await migrateToLatest(database.db);
});
afterAll(async () => database?.close());

describe('demo data and production', () => {
  it('production never seeds: SEED_DEMO defaults to never there, and SEED_DEMO=auto is refused', () => {
    expect(loadConfig(PROD).seedDemo).toBe('never');
    expect(() => loadConfig({ ...PROD, SEED_DEMO: 'auto' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...PROD, SEED_DEMO: 'auto' })).toThrow(/SEED_DEMO: demo data is never loaded in production/);
    expect(loadConfig({}).seedDemo).toBe('auto');
  });

  it('a production database holding demo FHIR clients or demo people is refused', async () => {
    const prod = loadConfig(PROD);
    await expect(refuseDemoDataInProduction(database.db, prod)).resolves.toBeUndefined();
    await seedDemo(database.db);
    const found = await findDemoData(database.db);
    expect(found).toEqual(expect.arrayContaining(['the demo FHIR client demo-gp-epj', 'the demo FHIR client demo-hospital-epj', 'the demo person Kari Demodatter']));
    await expect(refuseDemoDataInProduction(database.db, prod)).rejects.toThrow(DemoDataInProductionError);
    await expect(refuseDemoDataInProduction(database.db, prod)).rejects.toThrow(/demo-gp-epj/);
    // Outside production the demo is what it is for.
    await expect(refuseDemoDataInProduction(database.db, loadConfig({}))).resolves.toBeUndefined();
  });
});
