/**
 * A small cookie-keeping HTTP client for tests, so a test walks the same redirects and
 * cookies a browser would (including the OpenID Connect login through the dev IdP).
 */

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

export interface Res {
  status: number;
  headers: Headers;
  body: string;
  /** The body as sent (binary downloads: a PDF). */
  bytes: Buffer;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
  url: string;
}

/** A browser-like client: one cookie jar, manual or followed redirects. */
export class TestClient {
  readonly base: string;
  readonly cookies: StoredCookie[] = [];
  csrfToken: string | undefined;
  constructor(base: string) {
    this.base = base;
  }

  /** The value of a cookie in the jar. */
  cookie(name: string): string | undefined {
    return this.cookies.find((c) => c.name === name)?.value;
  }

  #store(url: URL, headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = false;
      for (const a of attrs) {
        const [k = '', v = ''] = a.split('=');
        if (k.toLowerCase() === 'path') path = v;
        if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
        // eslint-disable-next-line no-restricted-syntax -- a cookie jar, like a browser's, runs on the machine's clock
        if (k.toLowerCase() === 'expires' && new Date(v).getTime() < Date.now()) expired = true;
      }
      const i = this.cookies.findIndex((c) => c.name === name && c.path === path);
      if (i >= 0) this.cookies.splice(i, 1);
      if (!expired && value !== '') this.cookies.push({ name, value, path });
    }
    void url;
  }

  #cookieHeader(url: URL): string {
    return this.cookies
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** One request; follows redirects when follow is true (GET after 303/302). */
  async request(
    method: string,
    path: string,
    opts: { body?: unknown; raw?: string; form?: Record<string, string>; multipart?: FormData; headers?: Record<string, string>; follow?: boolean } = {},
  ): Promise<Res> {
    let url = new URL(path, this.base);
    let m = method;
    let body: string | FormData | undefined;
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.multipart) body = opts.multipart;
    // A body sent as it is (with the caller's content-type): malformed input on purpose.
    else if (opts.raw !== undefined) body = opts.raw;
    else if (opts.form) {
      body = new URLSearchParams(opts.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    if (!['GET', 'HEAD'].includes(m) && this.csrfToken && !('x-csrf-token' in headers)) headers['x-csrf-token'] = this.csrfToken;
    for (let hops = 0; hops < 15; hops++) {
      const cookie = this.#cookieHeader(url);
      const res = await fetch(url, { method: m, headers: { ...headers, ...(cookie ? { cookie } : {}) }, body, redirect: 'manual' });
      this.#store(url, res.headers);
      const loc = res.headers.get('location');
      if (opts.follow && loc && res.status >= 300 && res.status < 400) {
        url = new URL(loc, url);
        if (url.origin !== new URL(this.base).origin) throw new Error(`redirect leaves the test server: ${url.href}`);
        m = 'GET';
        body = undefined;
        delete headers['content-type'];
        continue;
      }
      const bytes = Buffer.from(await res.arrayBuffer());
      const text = bytes.toString('utf8');
      return { status: res.status, headers: res.headers, body: text, bytes, json: () => JSON.parse(text), url: url.href };
    }
    throw new Error('too many redirects');
  }

  get(path: string, opts: { headers?: Record<string, string>; follow?: boolean } = {}) {
    return this.request('GET', path, opts);
  }
  post(path: string, body?: unknown, opts: { headers?: Record<string, string> } = {}) {
    return this.request('POST', path, { ...opts, body });
  }
  put(path: string, body?: unknown, opts: { headers?: Record<string, string> } = {}) {
    return this.request('PUT', path, { ...opts, body });
  }
  /** POST multipart/form-data. */
  upload(path: string, form: FormData, opts: { headers?: Record<string, string> } = {}) {
    return this.request('POST', path, { ...opts, multipart: form });
  }
}

/**
 * Starts a login and stops at the dev IdP's person picker. Returns the interaction path.
 */
export async function startLogin(client: TestClient, kind: 'citizen' | 'staff'): Promise<string> {
  const res = await client.get(`/auth/${kind}/login`, { follow: true });
  if (res.status !== 200 || !res.url.includes('/dev-idp/interaction/')) throw new Error(`expected the IdP login page, got ${res.status} at ${res.url}`);
  return new URL(res.url).pathname;
}

/**
 * Picks a person on the IdP page and returns the callback URL the IdP sends the browser to,
 * without following it (so tests can tamper or replay).
 */
export async function pickPerson(client: TestClient, interactionPath: string, accountId: string, acr = 'idporten-loa-high'): Promise<string> {
  let res = await client.request('POST', `${interactionPath}/login`, { form: { account: accountId, acr } });
  for (let hops = 0; hops < 10; hops++) {
    const loc = res.headers.get('location');
    if (!loc) throw new Error(`IdP did not redirect (status ${res.status}): ${res.body.slice(0, 200)}`);
    const next = new URL(loc, client.base);
    if (next.pathname.startsWith('/auth/callback/')) return next.pathname + next.search;
    res = await client.get(next.pathname + next.search);
  }
  throw new Error('IdP never redirected to the callback');
}

/** Logs in through the dev IdP all the way; returns the final response (the start page). */
export async function login(client: TestClient, kind: 'citizen' | 'staff', accountId: string, acr?: string): Promise<Res> {
  const interaction = await startLogin(client, kind);
  const callback = await pickPerson(client, interaction, accountId, acr);
  const res = await client.get(callback);
  const me = await client.get('/api/me');
  if (me.status === 200) client.csrfToken = me.json().csrfToken;
  return res;
}
