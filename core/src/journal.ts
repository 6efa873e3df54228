/** Response shapes of the journal (EPJ) API: status per journaled item, the unit's list, its endpoint. */
import { z } from 'zod';

/** Where a journaled item (a message, an appointment, a letter) is on its way to the unit's EPJ. */
export const JournalStatusSchema = z.enum(['waiting', 'sending', 'documented', 'rejected', 'dead']);
export type JournalStatus = z.infer<typeof JournalStatusSchema>;

/** One item's journal state, with the EPJ's receipt when it answered. */
export const JournalViewSchema = z.object({
  itemId: z.string(),
  status: JournalStatusSchema,
  reason: z.string().nullable(),
  updatedAt: z.string(),
  attempts: z.number().int(),
  receipt: z.object({ status: z.enum(['ok', 'rejected', 'partial']), errors: z.array(z.object({ code: z.string(), text: z.string() })) }).nullable(),
});
export type JournalView = z.infer<typeof JournalViewSchema>;

/** GET /api/staff/threads/{id}/journal: each message's journal state (null: not journaled). */
export const ThreadJournalSchema = z.object({
  threadId: z.string(),
  items: z.array(z.object({ messageId: z.string(), seq: z.number().int(), journal: JournalViewSchema.nullable() })),
});
export type ThreadJournal = z.infer<typeof ThreadJournalSchema>;

/** The unit's journal list: the items that need someone, and how many wait (since when). */
export const UnitJournalSchema = z.object({
  waiting: z.object({ count: z.number().int(), oldestAt: z.string().nullable() }),
  items: z.array(
    JournalViewSchema.extend({
      objectType: z.string(),
      objectId: z.string(),
      threadId: z.string().nullable(),
      eventType: z.string(),
      /** When the appointment is, or when the letter was sent (null for messages). */
      at: z.string().nullable(),
      seq: z.number().int(),
      createdAt: z.string(),
    }),
  ),
});
export type UnitJournal = z.infer<typeof UnitJournalSchema>;
export type UnitJournalItem = UnitJournal['items'][number];

/** GET/PUT /api/staff/units/{id}/epj-endpoint: the unit's EPJ endpoint as members see it, everything but secrets. */
export const EndpointViewSchema = z.object({
  unitId: z.string(),
  configured: z.boolean(),
  canEdit: z.boolean(),
  endpoint: z
    .object({
      protocol: z.enum(['fhir', 'kith']),
      transport: z.enum(['http', 'amqp', 'amqp1']),
      url: z.string(),
      queue: z.string().nullable(),
      replyQueue: z.string().nullable(),
      auth: z
        .object({ tokenUrl: z.string().nullable(), clientId: z.string().nullable(), scope: z.string().nullable(), clientSecretSet: z.boolean() })
        .nullable(),
      settings: z.object({ senderName: z.string().optional(), senderHerId: z.string().optional(), receiverHerId: z.string().optional() }),
      enabled: z.boolean(),
      updatedAt: z.string(),
    })
    .nullable(),
});
export type EndpointView = z.output<typeof EndpointViewSchema>;
