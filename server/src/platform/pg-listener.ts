/**
 * LISTEN/NOTIFY on PostgreSQL: one listening connection per process, shared by every channel.
 * When the connection is lost (a server restart, a failover, an idle timeout in a proxy) it is
 * opened again with backoff and every channel is listened to again, so live events resume on
 * their own. Notifications sent while it was down are lost — NOTIFY keeps no history — so
 * subscribers are told (`onResume`): the SSE route sends its clients a `resync`, and what the
 * notifications signal (new messages, new jobs) is durable in tables (the job runner also polls).
 */
import pg from 'pg';

type Handler = (payload: string) => void;
type ResumeHandler = () => void;

export class PgListener {
  readonly #url: string;
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #onResume = new Set<ResumeHandler>();
  #client: Promise<pg.Client> | undefined;
  #closed = false;
  #retryMs = 0;
  #retry: NodeJS.Timeout | undefined;
  /** Times the connection was opened again after a loss (for tests and metrics). */
  reconnects = 0;

  constructor(url: string) {
    this.#url = url;
  }

  /**
   * Subscribes to a channel; resolves once its LISTEN is in place. `onResume` is called after
   * the connection came back from a loss: notifications may have been missed in between.
   */
  async listen(channel: string, onPayload: Handler, onResume?: ResumeHandler): Promise<() => Promise<void>> {
    let set = this.#handlers.get(channel);
    const first = !set;
    if (!set) {
      set = new Set();
      this.#handlers.set(channel, set);
    }
    set.add(onPayload);
    if (onResume) this.#onResume.add(onResume);
    try {
      const client = await this.#connection();
      // A new connection listens to every known channel itself; an existing one needs this one.
      if (first) await client.query(`LISTEN ${quote(channel)}`);
    } catch (err) {
      set.delete(onPayload);
      if (onResume) this.#onResume.delete(onResume);
      throw err;
    }
    const handlers = set;
    return async () => {
      handlers.delete(onPayload);
      if (onResume) this.#onResume.delete(onResume);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const c = this.#client;
    this.#client = undefined;
    await c?.then((client) => client.end()).catch(() => undefined);
  }

  #connection(): Promise<pg.Client> {
    this.#client ??= this.#open().catch((err: unknown) => {
      this.#client = undefined;
      throw err;
    });
    return this.#client;
  }

  async #open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.#url });
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      client.end().catch(() => undefined);
      if (this.#closed) return;
      this.#client = undefined;
      this.#scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (n) => {
      for (const h of this.#handlers.get(n.channel) ?? []) h(n.payload ?? '');
    });
    await client.connect();
    for (const channel of this.#handlers.keys()) await client.query(`LISTEN ${quote(channel)}`);
    this.#retryMs = 0;
    return client;
  }

  #scheduleReconnect(): void {
    this.#retryMs = Math.min(this.#retryMs ? this.#retryMs * 2 : 250, 30_000);
    this.#retry = setTimeout(() => {
      if (this.#closed || this.#client) return;
      this.#connection().then(
        () => {
          this.reconnects++;
          for (const h of this.#onResume) h();
        },
        () => this.#scheduleReconnect(),
      );
    }, this.#retryMs);
    this.#retry.unref();
  }
}

function quote(channel: string): string {
  return `"${channel.replace(/"/g, '')}"`;
}
