/**
 * Storage for the development IdP's short-lived state (interactions, codes, sessions), in the
 * process's memory. Deliberately so: the development IdP runs in one process and its state may
 * be lost on restart (you log in again). oidc-provider's own default does the same but warns
 * loudly at every start, which a newcomer would read as a fault.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
const grantIndex = new Map<string, Set<string>>();
const userCodes = new Map<string, string>();
const uids = new Map<string, string>();

/** A Map-backed adapter per model name. */
export class DevIdpMemoryAdapter implements Adapter {
  readonly #model: string;
  constructor(model: string) {
    this.#model = model;
  }
  #key(id: string): string {
    return `${this.#model}:${id}`;
  }
  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    const key = this.#key(id);
    store.set(key, { payload, expiresAt: performance.now() + expiresIn * 1000 });
    if (payload.grantId) {
      const set = grantIndex.get(payload.grantId) ?? new Set();
      set.add(key);
      grantIndex.set(payload.grantId, set);
    }
    if (payload.userCode) userCodes.set(payload.userCode, id);
    if (payload.uid) uids.set(payload.uid, id);
  }
  async find(id: string): Promise<AdapterPayload | undefined> {
    const e = store.get(this.#key(id));
    if (!e) return undefined;
    if (e.expiresAt < performance.now()) {
      store.delete(this.#key(id));
      return undefined;
    }
    return e.payload;
  }
  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = userCodes.get(userCode);
    return id ? this.find(id) : undefined;
  }
  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = uids.get(uid);
    return id ? this.find(id) : undefined;
  }
  async consume(id: string): Promise<void> {
    const e = store.get(this.#key(id));
    // eslint-disable-next-line no-restricted-syntax -- oidc-provider reads the machine's clock itself; its timestamps must match
    if (e) e.payload.consumed = Math.floor(Date.now() / 1000);
  }
  async destroy(id: string): Promise<void> {
    store.delete(this.#key(id));
  }
  async revokeByGrantId(grantId: string): Promise<void> {
    for (const key of grantIndex.get(grantId) ?? []) store.delete(key);
    grantIndex.delete(grantId);
  }
}
