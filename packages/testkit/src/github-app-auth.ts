import { createPublicKey, type KeyObject, randomBytes, verify } from 'node:crypto';
import type { Reply } from './fake-server.js';
import { GITHUB_DOCS, githubError } from './github-contract.js';
import type { Json } from './json.js';

/** The GitHub App the fake knows: its id (the JWT's `iss`), its installation, and its public key. */
export type FakeGitHubApp = {
  appId: number | string;
  /** The client id, which GitHub also accepts as `iss`. */
  clientId?: string;
  installationId: number;
  /**
   * The app's public key (PEM or key object; a private one is reduced to its public half). Without
   * it the JWT's signature is not checked (its form and claims still are).
   */
  publicKey?: string | KeyObject;
};

export type InstallationToken = { token: string; installationId: number; expiresAt: number; revoked: boolean };

const DOCS = 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app';
const TOKEN_LIFETIME_MS = 60 * 60 * 1000; // "Installation tokens expire one hour from the time you create them."
const MAX_JWT_LIFETIME_S = 600; // GitHub: a JWT may expire at most 10 minutes after it was issued

const decode = (part: string): Json | null => {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Json;
  } catch {
    return null;
  }
};

/**
 * GitHub App authentication as GitHub does it: an RS256 JWT signed by the app's private key buys an
 * installation token (`ghs_…`, one hour), which then works on every route until it expires or is
 * revoked. Messages are GitHub's own (401 unless said otherwise).
 */
export class GitHubAppAuth {
  readonly tokens: InstallationToken[] = [];
  private readonly key: KeyObject | null;

  constructor(
    readonly app: FakeGitHubApp,
    private readonly now: () => number = Date.now,
  ) {
    const key = app.publicKey;
    this.key = !key ? null : typeof key !== 'string' && key.type === 'public' ? key : createPublicKey(key);
  }

  /** Checks the app JWT of an access-token request; the refusal, or null when it is good. */
  checkJwt(authorization: string): Reply | null {
    const undecodable = githubError(401, 'A JSON web token could not be decoded', GITHUB_DOCS);
    const jwt = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const parts = jwt?.split('.');
    if (!jwt || parts?.length !== 3) return undecodable;
    const [h, p, s] = parts as [string, string, string];
    const header = decode(h);
    const claims = decode(p);
    if (!header || !claims || header.alg !== 'RS256') return undecodable;
    if (String(claims.iss) !== String(this.app.appId) && claims.iss !== this.app.clientId) {
      return githubError(404, 'Integration not found', GITHUB_DOCS);
    }
    if (this.key && !verify('RSA-SHA256', Buffer.from(`${h}.${p}`), this.key, Buffer.from(s, 'base64url'))) {
      return undecodable;
    }
    const now = Math.floor(this.now() / 1000);
    if (!Number.isInteger(claims.iat) || claims.iat > now) {
      return githubError(
        401,
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
      );
    }
    if (typeof claims.exp !== 'number' || claims.exp <= now) {
      const future = 'a numeric value representing the future time at which the assertion expires';
      return githubError(401, `'Expiration time' claim ('exp') must be ${future}`);
    }
    if (claims.exp - claims.iat > MAX_JWT_LIFETIME_S || claims.exp > now + MAX_JWT_LIFETIME_S) {
      return githubError(401, "'Expiration time' claim ('exp') is too far in the future");
    }
    return null;
  }

  /** `POST /app/installations/{installation_id}/access_tokens`: a new token, or GitHub's refusal. */
  createToken(authorization: string, installationId: number, body: Json | undefined): Reply {
    const refused = this.checkJwt(authorization);
    if (refused) return refused;
    if (installationId !== this.app.installationId) return githubError(404, 'Not Found', DOCS);
    if ((body?.repositories?.length ?? 0) > 500) {
      // "Up to 500 repositories can be listed in this manner." (the operation's description)
      return githubError(422, 'Validation Failed', DOCS, {
        errors: [{ resource: 'InstallationToken', field: 'repositories', code: 'custom' }],
      });
    }
    const token: InstallationToken = {
      token: `ghs_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`,
      installationId,
      expiresAt: this.now() + TOKEN_LIFETIME_MS,
      revoked: false,
    };
    this.tokens.push(token);
    return {
      status: 201,
      body: {
        token: token.token,
        expires_at: new Date(token.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        permissions: body?.permissions ?? {
          actions: 'write',
          contents: 'read',
          deployments: 'write',
          metadata: 'read',
        },
        repository_selection: body?.repositories || body?.repository_ids ? 'selected' : 'all',
      },
    };
  }

  /** True when `token` is a live installation token (issued, not expired, not revoked). */
  accepts(token: string): boolean {
    const t = this.tokens.find((x) => x.token === token);
    return !!t && !t.revoked && t.expiresAt > this.now();
  }

  /** Revokes every token issued so far: GitHub then answers 401 Bad credentials to them. */
  revokeAll(): void {
    for (const t of this.tokens) t.revoked = true;
  }
}
