/**
 * Live updates as server-sent events. Every server process LISTENs to the database; an event
 * committed by any process reaches the clients of all. Events carry ids and a type only: the
 * client fetches what changed through the ordinary, authorised routes.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app.ts';
import { RESYNC, type DomainEvent } from '../../platform/events.ts';
import { loadSession } from '../../platform/session.ts';
import { citizenActor, staffActor } from '../../access/actors.ts';

/** Registers GET /api/events. */
export async function eventRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/api/events',
    { schema: { tags: ['live'], summary: 'Server-sent events for the signed-in person (ids only)', hide: false } },
    async (request, reply) => {
      const session = await loadSession(ctx.db, ctx.config, request, ctx.activity);
      let accept: (e: DomainEvent) => boolean;
      if (session.kind === 'citizen') {
        const a = await citizenActor(ctx, request);
        accept = (e) => e.citizenId === a.subjectId && e.type !== 'audit';
      } else {
        const a = await staffActor(ctx, request);
        accept = (e) => !!e.unitId && a.memberships.has(e.unitId);
      }
      // Subscribe before the headers go out: once a client sees the stream open, no event
      // committed after that moment may be missed (the LISTEN is in place).
      const res = reply.raw;
      const unsubscribe = await ctx.events.onLive((e) => {
        if (!res.headersSent || (e !== RESYNC && !accept(e))) return;
        const data = { type: e.type, threadId: e.threadId ?? null, messageId: e.messageId ?? null, unitId: e.unitId, by: e.by ?? null };
        res.write(`event: ${e.type}\ndata: ${JSON.stringify(data)}\n\n`);
      });
      reply.hijack();
      if (request.raw.destroyed) {
        unsubscribe();
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
        'X-Content-Type-Options': 'nosniff',
      });
      res.write(': connected\n\n');
      // Heartbeats (LIVE_HEARTBEAT_SECONDS) keep proxies from closing the stream; the session is
      // read again each time (an open tab is not activity: it does not keep the session from
      // idling out), and the stream ends once the session has.
      const timer = setInterval(() => {
        loadSession(ctx.db, ctx.config, request, ctx.activity, { recheck: true }).then(
          () => res.write(': ping\n\n'),
          () => res.end(),
        );
      }, ctx.config.liveHeartbeatMs);
      const stop = () => {
        clearInterval(timer);
        unsubscribe();
      };
      request.raw.on('close', stop);
      res.on('close', stop);
    },
  );
}
