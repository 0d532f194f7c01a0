import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PageCache } from '../src/core/http/page-cache.js';
import { clearOfMinuteEdge, setUp, SEED } from './support/news.js';
import { forEachEngine } from './helpers/app.js';

/** A fake request and response for the cache's own rules. */
function exchange(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const sent: { status?: number; headers: Record<string, unknown>; body?: Buffer } = { headers: {} };
  const response = {
    statusCode: 0,
    setHeader(name: string, value: unknown) {
      sent.headers[name.toLowerCase()] = value;
    },
    // As Node's: the status, and headers as an array of names and values.
    writeHead(status: number, headers: string[]) {
      this.statusCode = status;
      for (let i = 0; i < headers.length; i += 2) sent.headers[headers[i]!.toLowerCase()] = headers[i + 1];
    },
    end(body?: Buffer) {
      sent.status = this.statusCode;
      sent.body = body;
    },
  };
  return {
    request: { url, method, headers } as unknown as IncomingMessage,
    response: response as unknown as ServerResponse,
    sent,
  };
}

describe('page cache: its own rules', () => {
  const page = `<!DOCTYPE html><p>${'A page long enough to be compressed. '.repeat(60)}</p>`;
  let clock = 1_000_000;
  const make = (maxBytes = 1_000_000) =>
    new PageCache({
      seconds: 60,
      maxBytes,
      sessionCookie: 'urbis_session',
      headers: [['X-Content-Type-Options', 'nosniff']],
      now: () => clock,
    });

  test('a stored page is served with an ETag, in the encoding asked for, and 304 when the copy is current', () => {
    const cache = make();
    const entry = cache.store('/en/x', page, cache.generation);
    assert.equal(cache.size, 1);
    const plain = exchange('/en/x');
    assert.ok(cache.tryServe(plain.request, plain.response));
    assert.equal(plain.sent.status, 200);
    assert.equal(plain.sent.body?.toString(), page);
    assert.equal(plain.sent.headers['etag'], entry.etag);
    assert.equal(plain.sent.headers['cache-control'], 'no-cache');
    assert.equal(plain.sent.headers['x-content-type-options'], 'nosniff');
    const br = exchange('/en/x', { 'accept-encoding': 'gzip, deflate, br' });
    cache.tryServe(br.request, br.response);
    assert.equal(br.sent.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(br.sent.body!).toString(), page);
    const gzip = exchange('/en/x', { 'accept-encoding': 'gzip' });
    cache.tryServe(gzip.request, gzip.response);
    assert.equal(gzip.sent.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gzip.sent.body!).toString(), page);
    for (const tag of [entry.etag, `W/${entry.etag}`, `"other", ${entry.etag}`, '*']) {
      const revalidate = exchange('/en/x', { 'if-none-match': tag });
      cache.tryServe(revalidate.request, revalidate.response);
      assert.equal(revalidate.sent.status, 304, tag);
      assert.equal(revalidate.sent.body, undefined);
    }
    const stale = exchange('/en/x', { 'if-none-match': '"something-else"' });
    cache.tryServe(stale.request, stale.response);
    assert.equal(stale.sent.status, 200);
    const head = exchange('/en/x', {}, 'HEAD');
    cache.tryServe(head.request, head.response);
    assert.equal(head.sent.body, undefined);
    assert.equal(Number(head.sent.headers['content-length']), Buffer.byteLength(page));
  });

  test('never for a session, a token, a write or another address; not after it expires', () => {
    const cache = make();
    cache.store('/en/x', page, cache.generation);
    for (const [headers, method] of [
      [{ cookie: 'urbis_lang=cs; urbis_session=abc' }, 'GET'],
      [{ authorization: 'Bearer x' }, 'GET'],
      [{}, 'POST'],
    ] as const) {
      const other = exchange('/en/x', headers, method);
      assert.equal(cache.tryServe(other.request, other.response), false, JSON.stringify(headers) + method);
    }
    const withLanguageCookie = exchange('/en/x', { cookie: 'urbis_lang=cs' });
    assert.equal(cache.tryServe(withLanguageCookie.request, withLanguageCookie.response), true);
    // As Node gives them: the raw list, in any case, a second Cookie header included.
    for (const [raw, served] of [
      [['Host', 'x', 'COOKIE', 'urbis_lang=cs', 'cookie', 'urbis_session=abc'], false],
      [['Authorization', 'Bearer x'], false],
      [['Cookie', 'urbis_lang=cs', 'Accept-Encoding', 'gzip'], true],
    ] as const) {
      const asked = exchange('/en/x');
      (asked.request as unknown as { rawHeaders: readonly string[] }).rawHeaders = raw;
      assert.equal(cache.tryServe(asked.request, asked.response), served, raw.join(' '));
      if (served) assert.equal(asked.sent.headers['content-encoding'], 'gzip', 'read from the raw headers');
    }
    for (const url of ['/cs/x', '/en/x?page=2', '/en/x/']) {
      const other = exchange(url);
      assert.equal(cache.tryServe(other.request, other.response), false, url);
    }
    clock += 60_000;
    const late = exchange('/en/x');
    assert.equal(cache.tryServe(late.request, late.response), false);
    assert.equal(cache.size, 0);
  });

  test('a write empties it, and a page rendered before the write is not kept', () => {
    const cache = make();
    const before = cache.generation;
    cache.store('/en/a', page, before);
    cache.invalidate();
    assert.equal(cache.size, 0);
    cache.store('/en/b', page, before);
    assert.equal(cache.size, 0, 'rendered before the write: not stored');
    cache.store('/en/b', page, cache.generation);
    assert.equal(cache.size, 1);
  });

  test('it keeps within its memory, dropping the least recently used pages first', () => {
    const one = make().store('/en/0', page, 0).bytes;
    const cache = make(one * 5);
    for (let i = 0; i < 4; i++) cache.store(`/en/${i}`, page, cache.generation);
    const hit = exchange('/en/0');
    assert.ok(cache.tryServe(hit.request, hit.response));
    for (let i = 4; i < 8; i++) cache.store(`/en/${i}`, page, cache.generation);
    assert.equal(cache.size, 5);
    const kept = (url: string) => {
      const x = exchange(url);
      return cache.tryServe(x.request, x.response);
    };
    assert.ok(kept('/en/0'), 'recently used: kept');
    assert.ok(!kept('/en/1') && !kept('/en/2') && !kept('/en/3'), 'least recently used: dropped');
    assert.ok(kept('/en/7'));
    assert.equal(make(10).store('/en/big', page, 0).bytes > 10, true);
    const tiny = make(10);
    tiny.store('/en/big', page, tiny.generation);
    assert.equal(tiny.size, 0, 'a page bigger than a quarter of the memory is not kept');
  });
});

forEachEngine('page cache in the application', (engine) => {
  test(
    'visitors get the seed post from the cache with an ETag and 304; a comment empties it; ' +
      'signed-in readers never share it',
    async (t) => {
      const { urbis, as } = await setUp(t, engine);
      const { pageCache } = urbis.app;
      const url = `/en${SEED}`;
      await clearOfMinuteEdge();
      const first = await urbis.app.inject({ url });
      assert.equal(first.statusCode, 200);
      assert.equal(first.headers['cache-control'], 'no-cache');
      assert.match(String(first.headers['vary']), /Cookie/);
      assert.match(String(first.headers['content-security-policy']), /default-src 'self'/);
      const etag = String(first.headers['etag']);
      assert.match(etag, /^"[\w-]+"$/);
      assert.equal(first.headers['set-cookie'], undefined);

      const hits = pageCache.hits;
      const second = await urbis.app.inject({ url, headers: { 'accept-encoding': 'br' } });
      assert.equal(pageCache.hits, hits + 1, 'served from the cache');
      assert.equal(second.headers['content-encoding'], 'br');
      assert.equal(brotliDecompressSync(second.rawPayload).toString(), first.body);
      assert.match(String(second.headers['content-security-policy']), /default-src 'self'/);
      const revalidated = await urbis.app.inject({ url, headers: { 'if-none-match': etag } });
      assert.equal(revalidated.statusCode, 304);
      assert.equal(revalidated.body, '');

      // A signed-in member sees the page with a comment form, not the visitors' copy.
      const member = await as.member.get(url);
      assert.equal(member.statusCode, 200);
      assert.equal(member.headers['cache-control'], 'private, no-store');
      assert.match(member.body, /name="_csrf"/);
      assert.doesNotMatch(first.body, /name="_csrf"/);
      assert.equal(pageCache.hits, hits + 2, 'the member was not served from the cache');

      // A form that fails stores nothing and keeps the cache; a comment empties it.
      const postId = /name="id" value="(\d+)"/.exec(member.body)?.[1];
      assert.ok(postId, 'the comment form names the post');
      const bad = await as.member.post('/en/comments', { type: 'post', id: postId, body: '' }, url);
      assert.equal(bad.statusCode, 400);
      assert.ok(pageCache.size > 0, 'a failed write keeps the cache');
      const good = await as.member.post(
        '/en/comments',
        { type: 'post', id: postId, body: 'A comment that visitors must see at once.' },
        url,
      );
      assert.equal(good.statusCode, 303);
      assert.equal(pageCache.size, 0, 'a write empties the cache');
      const after = await urbis.app.inject({ url, headers: { 'if-none-match': etag } });
      assert.equal(after.statusCode, 200, 'the old copy is no longer current');
      assert.match(after.body, /A comment that visitors must see at once\./);
      assert.notEqual(after.headers['etag'], etag);

      // Signing in and out changes no page: the cache stays.
      const kept = pageCache.size;
      assert.ok(kept > 0);
      await as.visitor.signIn('lotte@example.eu', 'a long enough password for tests');
      assert.equal(pageCache.size, kept);
    },
  );

  test('a real server answers cached pages before Fastify, with the same bytes', async (t) => {
    const { urbis } = await setUp(t, engine);
    await urbis.app.listen({ host: '127.0.0.1', port: 0 });
    const address = urbis.app.server.address();
    assert.ok(address && typeof address === 'object');
    const url = `http://127.0.0.1:${address.port}/cs${SEED}`;
    await clearOfMinuteEdge();
    const first = await fetch(url);
    const body = await first.text();
    const hits = urbis.app.pageCache.hits;
    const second = await fetch(url);
    assert.equal(await second.text(), body);
    assert.equal(second.headers.get('etag'), first.headers.get('etag'));
    assert.match(second.headers.get('content-encoding') ?? '', /^(br|gzip)$/, 'fetch asks for compression');
    assert.equal(urbis.app.pageCache.hits, hits + 1);
    const revalidated = await fetch(url, { headers: { 'if-none-match': first.headers.get('etag')! } });
    assert.equal(revalidated.status, 304);
  });
});
