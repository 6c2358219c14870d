import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { newToken, RequestAuth, tokenCookieName } from '../../../../native/server/requestAuth.js';

const PORT = 4312;
const TOKEN = 'secret-token';

/** Only the headers are read: a request as the server hands it over, without a socket. */
function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

const url = (query = '') => new URL(`http://127.0.0.1:${PORT}/${query}`);

test('a new token is 32 random bytes in base64url, different each launch', () => {
  const a = newToken();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, newToken());
});

test('the token may come in the query, a Bearer header or the launch cookie', () => {
  const auth = new RequestAuth(TOKEN, PORT);
  const host = `127.0.0.1:${PORT}`;
  assert.deepEqual(auth.check(request({ host }), url(`?token=${TOKEN}`)), { ok: true, via: 'query' });
  assert.deepEqual(auth.check(request({ host, authorization: `Bearer ${TOKEN}` }), url()), { ok: true, via: 'header' });
  assert.deepEqual(auth.check(request({ host, cookie: `other=1; ${auth.cookieName}=${TOKEN}` }), url()), { ok: true, via: 'cookie' });
});

test('a foreign Host is refused with 403 before the token is looked at', () => {
  const auth = new RequestAuth(TOKEN, PORT);
  const result = auth.check(request({ host: `evil.example:${PORT}` }), url(`?token=${TOKEN}`));
  assert.deepEqual(result.ok ? null : result.status, 403);
  assert.deepEqual(auth.check(request({ host: `127.0.0.1:${PORT + 1}` }), url(`?token=${TOKEN}`)).ok, false, 'another port is another server');
  assert.equal(auth.check(request({ host: `LOCALHOST:${PORT}` }), url(`?token=${TOKEN}`)).ok, true, 'host names are case-insensitive');
});

test('no token is 401 with how to get one, a wrong token is 403', () => {
  const auth = new RequestAuth(TOKEN, PORT);
  const host = `localhost:${PORT}`;
  const missing = auth.check(request({ host }), url('?token='));
  assert.ok(!missing.ok && missing.status === 401 && /Open the full address/.test(missing.reason));
  const wrong = auth.check(request({ host }), url('?token=guess'));
  assert.ok(!wrong.ok && wrong.status === 403 && /new one each launch/.test(wrong.reason));
  const malformed = auth.check(request({ host, authorization: 'Basic abc' }), url());
  assert.ok(!malformed.ok && malformed.status === 403, 'a header that is not Bearer presents no valid token');
});

test("another launch's cookie is not this launch's token", () => {
  const auth = new RequestAuth(TOKEN, PORT);
  const earlier = tokenCookieName(PORT, 'abcdef');
  assert.notEqual(earlier, auth.cookieName);
  const result = auth.check(request({ host: `127.0.0.1:${PORT}`, cookie: `${earlier}=${TOKEN}` }), url());
  assert.ok(!result.ok && result.status === 401);
});

test('a socket may come from this origin or a client that sends none, never from another page', () => {
  const auth = new RequestAuth(TOKEN, PORT);
  assert.equal(auth.sameOrigin(request({})), true);
  assert.equal(auth.sameOrigin(request({ origin: `http://localhost:${PORT}` })), true);
  assert.equal(auth.sameOrigin(request({ origin: `http://evil.example` })), false);
  assert.equal(auth.sameOrigin(request({ origin: `https://127.0.0.1:${PORT}` })), false);
});

test('matches compares whole tokens only', () => {
  const auth = new RequestAuth(TOKEN, PORT);
  assert.equal(auth.matches(TOKEN), true);
  assert.equal(auth.matches(TOKEN.slice(0, -1)), false);
  assert.equal(auth.matches(`${TOKEN}x`), false);
  assert.equal(auth.matches(''), false);
});
