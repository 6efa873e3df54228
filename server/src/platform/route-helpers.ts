/** Small helpers shared by the dialog routes. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from './errors.ts';

/** A params schema with one UUID path parameter. */
export function IdParam<K extends string>(name: K) {
  return z.object({ [name]: z.uuid({ message: `${name} must be a UUID` }) } as { [P in K]: z.ZodUUID });
}

/** Validates a body against a shared schema (used where multipart bodies bypass Fastify's validation). */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const where = first?.path.length ? `${first.path.join('.')}: ` : '';
  const msg = first?.code === 'invalid_union' && first.path.length === 0 ? 'Unknown or missing message kind.' : `${where}${first?.message ?? 'is invalid'}`;
  throw new AppError('VALIDATION_FAILED', `The request is not valid: ${msg}`, {
    errors: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

/** Sends a file as a download that the browser will never render inline. */
export function sendDownload(reply: FastifyReply, file: { filename: string; content_type: string; data: Buffer }) {
  const ascii = file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('Content-Type', file.content_type)
    .header('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', 'private, no-store')
    .send(file.data);
}
