/**
 * Attachments: read from multipart/form-data with hard limits, typed by their content
 * (magic bytes), never by name or declared type. Only PDF, JPEG and PNG are accepted.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '@helsedialog/core';
import { AppError } from '../../platform/errors.ts';
import { findInputProblem, inputError } from '../../platform/input-guard.ts';
import { ScannerUnavailable, type MalwareScanner } from '../../platform/malware-scan.ts';

export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export interface UploadedFile {
  filename: string;
  contentType: AttachmentType;
  data: Buffer;
  sha256: string;
}

/** The type of a file from its first bytes, or undefined if it is none we accept. */
export function sniffType(data: Buffer): AttachmentType | undefined {
  if (data.length >= 5 && data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return undefined;
}

/** A file name safe to store and to send back in Content-Disposition. */
export function safeFilename(name: string | undefined, type: AttachmentType): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .slice(0, 120);
  const ext = type === 'application/pdf' ? '.pdf' : type === 'image/png' ? '.png' : '.jpg';
  const stem = clean.replace(/\.[^.]*$/, '') || 'vedlegg';
  return `${stem}${ext}`;
}

/** Scans one uploaded file (when scanning is on): refused when flagged, 503 when clamd cannot be asked. */
export async function scanUpload(scanner: MalwareScanner | undefined, filename: string, data: Buffer): Promise<void> {
  if (!scanner) return;
  let result;
  try {
    result = await scanner.scan(data);
  } catch (err) {
    if (err instanceof ScannerUnavailable) throw new AppError('UNAVAILABLE', 'Attachments cannot be checked for viruses right now. Try again in a few minutes.');
    throw err;
  }
  if (!result.clean) throw new AppError('ATTACHMENT_MALWARE', `The file ${filename} was refused: the virus scanner found ${result.signature}.`);
}

/** The field name of a file a form's answer names (`valueAttachment.url` is the same `cid:` URL). */
export const ANSWER_FILE_FIELD = /^cid:[A-Za-z0-9._-]{1,64}$/;

/**
 * Reads a message request: JSON, or multipart with a `payload` field holding the JSON and
 * up to MAX_ATTACHMENTS files. Refuses too many, too large and wrongly typed files clearly.
 * With `answerFiles` (a message with a service's form), file parts whose field name is a
 * `cid:` URL are the files the form's answers name: up to MAX_ATTACHMENTS more, with the
 * same checks, returned by field name.
 */
export async function readMessageRequest(
  request: FastifyRequest,
  scanner: MalwareScanner | undefined,
  opts: { answerFiles?: boolean } = {},
): Promise<{ body: unknown; files: UploadedFile[]; answerFiles: Map<string, UploadedFile> }> {
  const answerFiles = new Map<string, UploadedFile>();
  if (!request.isMultipart()) return { body: request.body ?? {}, files: [], answerFiles };
  let body: unknown = {};
  const files: UploadedFile[] = [];
  let count = 0;
  const maxFiles = opts.answerFiles ? 2 * MAX_ATTACHMENTS : MAX_ATTACHMENTS;
  try {
    for await (const part of request.parts({ limits: { files: maxFiles + 1, fileSize: MAX_ATTACHMENT_BYTES, fields: 10, fieldSize: 64 * 1024 } })) {
      if (part.type === 'field') {
        if (part.fieldname === 'payload') {
          try {
            body = JSON.parse(String(part.value));
          } catch {
            throw new AppError('BAD_REQUEST', 'The payload field is not valid JSON.');
          }
          // The same guards as a JSON body (NUL, depth): multipart is parsed here, after the hooks.
          const problem = findInputProblem(body, 'body');
          if (problem) throw inputError(problem);
        }
        continue;
      }
      const forAnswer = !!opts.answerFiles && ANSWER_FILE_FIELD.test(part.fieldname);
      if (forAnswer) {
        if (answerFiles.has(part.fieldname)) {
          part.file.resume();
          throw new AppError('VALIDATION_FAILED', `The file field ${part.fieldname} is sent twice; each answer's file needs its own name.`);
        }
        if (answerFiles.size >= MAX_ATTACHMENTS) {
          part.file.resume();
          throw new AppError('TOO_MANY_ATTACHMENTS', `At most ${MAX_ATTACHMENTS} files can be attached to the answers of a form.`);
        }
      } else {
        count++;
        if (count > MAX_ATTACHMENTS) {
          part.file.resume();
          throw new AppError('TOO_MANY_ATTACHMENTS', `At most ${MAX_ATTACHMENTS} attachments can be sent with one message.`);
        }
      }
      const data = await part.toBuffer();
      if (part.file.truncated) throw new AppError('ATTACHMENT_TOO_LARGE', `The file ${part.filename} is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`);
      if (data.length === 0) throw new AppError('VALIDATION_FAILED', `The file ${part.filename} is empty.`);
      const type = sniffType(data);
      if (!type) throw new AppError('ATTACHMENT_TYPE_NOT_ALLOWED', `The file ${part.filename} is not a PDF, JPEG or PNG. Only those types can be attached.`);
      await scanUpload(scanner, part.filename, data);
      const file = { filename: safeFilename(part.filename, type), contentType: type, data, sha256: createHash('sha256').update(data).digest('hex') };
      if (forAnswer) answerFiles.set(part.fieldname, file);
      else files.push(file);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError('ATTACHMENT_TOO_LARGE', `An attached file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`);
    if (code === 'FST_FILES_LIMIT') throw new AppError('TOO_MANY_ATTACHMENTS', `At most ${MAX_ATTACHMENTS} attachments can be sent with one message.`);
    throw new AppError('BAD_REQUEST', 'The upload could not be read. Try again.');
  }
  return { body, files, answerFiles };
}
