/**
 * Who may talk to the web server: a request must name this server as its Host (against DNS
 * rebinding) and carry the per-launch token (query, Bearer header or cookie). A WebSocket
 * must also come from this origin, because browsers let any page open a socket anywhere.
 */
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 32 random bytes, base64url: the secret in the URL the server prints. */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/**
 * The cookie `GET /?token=` sets (redirecting to the address without the token) so the page's
 * requests need no token in their URLs. Per port, since cookies ignore ports, and per launch,
 * so an old launch's cookie is never sent in its place.
 */
export function tokenCookieName(port: number, launch: string): string {
  return `lectern_token_${port}_${launch}`;
}

export type AuthResult = { ok: true; via: 'query' | 'header' | 'cookie' } | { ok: false; status: 401 | 403; reason: string };

export class RequestAuth {
  private readonly digest: Buffer;
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;
  /** The token cookie's name for this launch. */
  readonly cookieName: string;

  constructor(
    token: string,
    readonly port: number,
  ) {
    this.digest = sha256(token);
    this.cookieName = tokenCookieName(port, crypto.randomBytes(6).toString('hex'));
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = new Set([...this.hosts].map((h) => `http://${h}`));
  }

  /** Host first (a rebound name must learn nothing, not even 401 vs 403), then the token. */
  check(req: IncomingMessage, url: URL): AuthResult {
    if (!this.hosts.has((req.headers.host ?? '').toLowerCase())) return { ok: false, status: 403, reason: 'This server answers only to 127.0.0.1 and localhost.' };
    const presented = presentedToken(req, url, this.cookieName);
    if (!presented) return { ok: false, status: 401, reason: 'Missing token. Open the full address Lectern printed, with its ?token=….' };
    if (!this.matches(presented.token)) return { ok: false, status: 403, reason: 'Wrong token. Lectern makes a new one each launch: open the address it printed this time.' };
    return { ok: true, via: presented.via };
  }

  /** An Origin header, when a browser sends one, must be this server's own. */
  sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || this.origins.has(origin.toLowerCase());
  }

  /** Constant time: both sides are hashed to equal length first. */
  matches(candidate: string): boolean {
    return crypto.timingSafeEqual(this.digest, sha256(candidate));
  }
}

function presentedToken(req: IncomingMessage, url: URL, cookieName: string): { token: string; via: 'query' | 'header' | 'cookie' } | null {
  const query = url.searchParams.get('token');
  // An empty ?token= is a page that holds its token in the cookie only.
  if (query !== null && query !== '') return { token: query, via: 'query' };
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return { token: match?.[1] ?? '', via: 'header' };
  }
  const cookie = readCookie(req.headers.cookie, cookieName);
  return cookie === null ? null : { token: cookie, via: 'cookie' };
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function sha256(text: string): Buffer {
  return crypto.createHash('sha256').update(text, 'utf8').digest();
}
