/** Configuration validation, and that the server refuses to start with bad settings. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const main = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../main.ts');

function start(env: Record<string, string>) {
  const res = spawnSync(process.execPath, [main, 'serve'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: res.status, out: `${res.stdout}${res.stderr}` };
}

describe('configuration', () => {
  it('has working defaults for development', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.devIdp).toBe(true);
    expect(c.databaseUrl).toBeUndefined();
  });

  it('names the variable and the fix for a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
  });

  it('lists every missing production setting, and never runs the dev IdP in production', () => {
    try {
      loadConfig({ NODE_ENV: 'production' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      for (const v of ['PUBLIC_URL', 'CITIZEN_OIDC_ISSUER', 'STAFF_OIDC_ISSUER', 'DATABASE_URL', 'CITIZEN_OIDC_CLIENT_SECRET']) expect(msg).toContain(v);
      expect(msg).toMatch(/development identity provider never runs in production/);
    }
  });
});

describe('development tools', () => {
  it('run only on a loopback HOST unless DEV_TOOLS=on (they let anyone log in as anyone)', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) expect(loadConfig({ HOST: host }).host).toBe(host);
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      expect(() => loadConfig({ HOST: host }), host).toThrow(ConfigError);
      expect(() => loadConfig({ HOST: host }), host).toThrow(/HOST: .* not a loopback address.*DEV_TOOLS=on/);
    }
    expect(loadConfig({ HOST: '0.0.0.0', DEV_TOOLS: 'on' }).host).toBe('0.0.0.0');
  });
});

describe('start refuses', () => {
  it('development tools on a HOST that is not loopback', () => {
    const r = start({ HOST: '0.0.0.0', PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/DEV_TOOLS=on/);
  });

  it('a malformed DATABASE_URL, with a clear message', () => {
    const r = start({ DATABASE_URL: 'not-a-url', PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/helsedialog cannot start/);
    expect(r.out).toMatch(/DATABASE_URL: must be a postgres/);
  });

  it('a DATABASE_URL where no server answers, with a clear message', () => {
    const r = start({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/nowhere', PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Cannot connect to the PostgreSQL server in DATABASE_URL/);
    expect(r.out).not.toContain('secret');
  });

  it('production without its required settings', () => {
    const r = start({ NODE_ENV: 'production', PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/PUBLIC_URL: required in production/);
  });
});
