/**
 * Live updates as server-sent events. Every server process LISTENs to the database; an event
 * committed by any process reaches the clients of all. Events carry ids and a type only: the
 * client fetches what changed through the ordinary, authorised routes.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app.ts';
import type { DomainEvent, LiveEvent } from '../../platform/events.ts';
import { loadSession } from '../../platform/session.ts';
import { citizenActor, staffActor } from '../../access/actors.ts';
import { decideStaff, isStaffOnlyEvent, mayKnowEvent } from '../../access/policy.ts';
import { representationOf } from '../representation/representation.service.ts';
import { access } from '../../access/route-access.ts';

/** The staff-only events' ids (presence: who and in what state; notices: to whom and what kind), for staff streams only. */
function staffFields(e: LiveEvent): Record<string, string> {
  if (e.type === 'resync' || !isStaffOnlyEvent(e)) return {};
  switch (e.type) {
    case 'staff.presence':
      return { staffId: e.staffId, state: e.state };
    case 'staff.notice':
      return { staffId: e.staffId, notice: e.notice };
  }
}

/** What a stream sends of an event (ids only; the same fields for every type, null where it has none). */
function liveData(e: LiveEvent) {
  return {
    type: e.type,
    threadId: 'threadId' in e ? e.threadId : null,
    messageId: 'messageId' in e ? e.messageId : null,
    unitId: e.unitId,
    by: e.by,
    ...staffFields(e),
  };
}

/** Registers GET /api/events. */
export async function eventRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/api/events',
    {
      config: access('session', 'live_event', 'see'),
      schema: { tags: ['live'], summary: 'Server-sent events for the signed-in person (ids only)', hide: false },
    },
    async (request, reply) => {
      const session = await loadSession(ctx.db, ctx.config, request, ctx.activity);
      // Each event is decided by the access policy against the stream's representation as it
      // is now (access/policy.ts mayKnowEvent): a parent is not told about a youth's own
      // conversations or hidden items, and a stream whose representation ended (revoked power
      // of attorney, the child came of age) ends at its next event or heartbeat.
      let accept: (e: DomainEvent) => Promise<'yes' | 'no' | 'ended'>;
      let stillActing: () => Promise<boolean> = async () => true;
      if (session.kind === 'citizen') {
        const a = await citizenActor(ctx, request);
        accept = async (e) => (e.citizenId !== a.subjectId ? 'no' : mayKnowEvent(ctx.db, a.userId, e));
        if (a.representing) stillActing = async () => !!(await representationOf(ctx.db, a.userId, a.subjectId));
      } else {
        const a = await staffActor(ctx, request);
        accept = async (e) => (e.unitId && decideStaff(a, e.unitId).allowed ? 'yes' : 'no');
      }
      // Subscribe before the headers go out: once a client sees the stream open, no event
      // committed after that moment may be missed (the LISTEN is in place). Decisions run one
      // after another so events keep their order.
      const res = reply.raw;
      let queue: Promise<void> = Promise.resolve();
      const unsubscribe = await ctx.events.onLive((e) => {
        if (!res.headersSent) return;
        queue = queue.then(async () => {
          if (res.writableEnded) return;
          if (e.type !== 'resync') {
            const verdict = await accept(e).catch(() => 'no' as const);
            if (verdict === 'ended') return void res.end();
            if (verdict === 'no') return;
          }
          res.write(`event: ${e.type}\ndata: ${JSON.stringify(liveData(e))}\n\n`);
        });
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
        loadSession(ctx.db, ctx.config, request, ctx.activity, { recheck: true })
          .then(stillActing)
          .then(
            (acting) => (acting ? res.write(': ping\n\n') : res.end()),
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
