/**
 * The relying-party side of OpenID Connect: authorization code flow with PKCE (S256),
 * state and nonce, for two providers: citizens (ID-porten profile, acr idporten-loa-high
 * required) and staff (HelseID profile). Discovery happens on first use and is cached.
 */
import * as client from 'openid-client';
import type { Config } from '../../platform/config.ts';
import { devIssuer } from '../../dev-idp/dev-idp.ts';

export type LoginKind = 'citizen' | 'staff';

/** The acr a citizen login must reach (ID-porten's "high", formerly level 4). */
export const REQUIRED_CITIZEN_ACR = 'idporten-loa-high';

const SCOPES: Record<LoginKind, string> = {
  citizen: 'openid profile',
  staff: 'openid profile helseid://scopes/identity/pid helseid://scopes/hpr/hpr_number',
};

/** Caches one discovered configuration per kind. */
export class OidcClients {
  readonly #config: Config;
  readonly #cache = new Map<LoginKind, Promise<client.Configuration>>();
  constructor(config: Config) {
    this.#config = config;
  }

  /** The issuer URL used for a kind. */
  issuer(kind: LoginKind): string {
    const c = kind === 'citizen' ? this.#config.citizenOidc : this.#config.staffOidc;
    return c.issuer ?? devIssuer(this.#config);
  }

  redirectUri(kind: LoginKind): string {
    return `${this.#config.publicUrl}/auth/callback/${kind}`;
  }

  /** The discovered client configuration (fetched once). */
  get(kind: LoginKind): Promise<client.Configuration> {
    let p = this.#cache.get(kind);
    if (!p) {
      const c = kind === 'citizen' ? this.#config.citizenOidc : this.#config.staffOidc;
      const issuer = new URL(this.issuer(kind));
      const insecure = issuer.protocol === 'http:';
      p = client.discovery(
        issuer,
        c.clientId,
        undefined,
        client.ClientSecretPost(c.clientSecret),
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      p.catch(() => this.#cache.delete(kind));
      this.#cache.set(kind, p);
    }
    return p;
  }

  /** Builds the authorization URL for a new login attempt. */
  async authorizationUrl(kind: LoginKind, attempt: { state: string; nonce: string; codeVerifier: string }): Promise<URL> {
    const cfg = await this.get(kind);
    const params: Record<string, string> = {
      redirect_uri: this.redirectUri(kind),
      scope: SCOPES[kind],
      code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
      state: attempt.state,
      nonce: attempt.nonce,
      // Always ask the person to log in: a shared computer must not reuse someone else's IdP session.
      prompt: 'login',
    };
    if (kind === 'citizen') params.acr_values = REQUIRED_CITIZEN_ACR;
    return client.buildAuthorizationUrl(cfg, params);
  }

  /** Exchanges the code; verifies state, nonce, PKCE and the ID token. Returns its claims. */
  async finish(kind: LoginKind, currentUrl: URL, attempt: { state: string; nonce: string; codeVerifier: string }): Promise<client.IDToken> {
    const cfg = await this.get(kind);
    const tokens = await client.authorizationCodeGrant(cfg, currentUrl, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('no ID token');
    return claims;
  }
}

export { client as openidClient };
