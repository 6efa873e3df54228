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

describe('TRUST_PROXY', () => {
  it('is off by default, true for any peer, or a list of proxy addresses and ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.4.0/24,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.4.0/24', '::1']);
  });

  it('names what is not an address', () => {
    expect(() => loadConfig({ TRUST_PROXY: '127.0.0.1,proxy.example.no' })).toThrow(/TRUST_PROXY: .*not an address: proxy\.example\.no/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });
});

describe('the embedded database in production', () => {
  const prod = {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://helsedialog.example.no',
    CITIZEN_OIDC_ISSUER: 'https://idporten.example.no',
    CITIZEN_OIDC_CLIENT_SECRET: 'citizen-secret',
    STAFF_OIDC_ISSUER: 'https://helseid.example.no',
    STAFF_OIDC_CLIENT_SECRET: 'staff-secret',
    SMTP_URL: 'smtp://smtp.example.no:587',
    SMS_GATEWAY_URL: 'https://sms.example.no/v1/messages',
    SMS_GATEWAY_KEY: 'sms-key',
  };

  it('is refused (it never fsyncs), naming DATABASE_URL and the explicit opt-in', () => {
    expect(() => loadConfig(prod)).toThrow(ConfigError);
    expect(() => loadConfig(prod)).toThrow(/DATABASE_URL: required in production.*never fsyncs.*ALLOW_EMBEDDED_DB_IN_PRODUCTION=yes/s);
    expect(() => loadConfig({ ...prod, ALLOW_EMBEDDED_DB_IN_PRODUCTION: 'no' })).toThrow(/DATABASE_URL: required in production/);
  });

  it('runs only when explicitly allowed', () => {
    const c = loadConfig({ ...prod, ALLOW_EMBEDDED_DB_IN_PRODUCTION: 'yes' });
    expect(c.nodeEnv).toBe('production');
    expect(c.databaseUrl).toBeUndefined();
  });

  it('with a PostgreSQL server needs no opt-in', () => {
    expect(loadConfig({ ...prod, DATABASE_URL: 'postgres://app@db.example.no/helsedialog' }).databaseUrl).toMatch(/^postgres:/);
  });

  it('rejects a value other than yes or no', () => {
    expect(() => loadConfig({ ...prod, ALLOW_EMBEDDED_DB_IN_PRODUCTION: 'true' })).toThrow(/ALLOW_EMBEDDED_DB_IN_PRODUCTION/);
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
