/**
 * Structured JSON logs (pino). Never log message text, national ids, tokens or cookies:
 * requests are logged by method, path without query string, status and request id only.
 */
import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';

/** Removes the query string: it may carry authorization codes, state or search terms. */
export function pathOnly(url: string | undefined): string {
  if (!url) return '';
  const i = url.indexOf('?');
  return i === -1 ? url : url.slice(0, i);
}

/** Pino options for Fastify's logger. */
export function loggerOptions(config: Pick<Config, 'logLevel'>): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    base: { service: 'helsedialog' },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.nationalId',
        '*.national_id',
        '*.text',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(req: { method?: string; url?: string; id?: string }) {
        return { method: req.method, path: pathOnly(req.url), id: req.id };
      },
      res(res: { statusCode?: number }) {
        return { statusCode: res.statusCode };
      },
    },
  };
}
