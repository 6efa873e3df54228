/** Stores a message's uploaded files as attachments (the one place attachment rows are written). */
import type { DialogMessage } from '@helsedialog/core';
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../platform/db-types.ts';
import type { UploadedFile } from './upload.ts';

type Tx = Transaction<DB>;

/** Stores uploaded files as attachments of a message; returns them as listed with the message. */
export async function storeAttachments(
  tx: Tx,
  files: UploadedFile[],
  at: { messageId: string; threadId: string; citizenId: string },
): Promise<DialogMessage['attachments']> {
  if (!files.length) return [];
  const stored = files.map((f) => ({ f, id: randomUUID() }));
  await tx
    .insertInto('attachments')
    .values(
      stored.map(({ f, id }) => ({
        id,
        message_id: at.messageId,
        thread_id: at.threadId,
        citizen_id: at.citizenId,
        filename: f.filename,
        content_type: f.contentType,
        size_bytes: f.data.length,
        sha256: f.sha256,
        data: f.data,
      })),
    )
    .execute();
  return stored.map(({ f, id }) => ({ id, filename: f.filename, contentType: f.contentType, sizeBytes: f.data.length }));
}
