import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import type { Logger } from '../../core/logger.js';
import { SEED } from '../../../test/support/news.js';
import { attachBytes } from './news.attachments.js';
import { findPostBySlug } from './news.queries.js';
import { partnershipIdOf } from '../partnerships/index.js';

/** A logger at `info` whose lines are kept, parsed, for the test to read. */
function keptLogger(): { log: Logger; lines: { level: number; msg?: string }[] } {
  const lines: { level: number; msg?: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'info' }, sink) as unknown as Logger, lines };
}

forEachEngine('attachment downloads', (engine) => {
  test('a download, and a second one answered 304, log no error or warning', async (t) => {
    const { log, lines } = keptLogger();
    const urbis = await buildTestApp(t, engine, { demo: true, logger: log });
    const page = await urbis.app.inject(`/en${SEED}`);
    const href = /href="([^"]+\/attachments\/\d+\/[^"]+)"/.exec(page.body)?.[1];
    assert.ok(href, 'the seed post links to its attachment');
    const file = await urbis.app.inject(href);
    assert.equal(file.statusCode, 200);
    assert.ok(file.rawPayload.length > 0);
    const again = await urbis.app.inject({ url: href, headers: { 'if-none-match': String(file.headers.etag) } });
    assert.equal(again.statusCode, 304);
    const api = href.replace(
      /^\/en\/partnerships\/([^/]+)\/news\/([^/]+)\/attachments\/(\d+)\/.*$/,
      '/api/v1/partnerships/$1/posts/$2/attachments/$3',
    );
    assert.equal((await urbis.app.inject(api)).statusCode, 200);
    // Lines are written asynchronously by pino's stream: give it a turn.
    await new Promise((resolve) => setImmediate(resolve));
    const loud = lines.filter((l) => l.level >= 40);
    assert.deepEqual(
      loud.map((l) => l.msg),
      [],
      'nothing at warn or above: ' + JSON.stringify(loud[0]),
    );
  });
});

/** The parameters of a Content-Disposition as a naive reader takes them: split at every `;`. */
const naive = (header: string) => header.split(';').map((p) => p.trim());

forEachEngine('attachment names in Content-Disposition', (engine) => {
  test('a name cannot smuggle a parameter into the plain filename: one of each, the UTF-8 one exact', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const dtp = (await partnershipIdOf(urbis.ctx.db, 'digital-transition'))!;
    const post = (await findPostBySlug(urbis.ctx.db, dtp, SEED.split('/').pop()!))!;
    const name = `Zápis; filename*=UTF-8''evil.html; x="a b" 100%.txt`;
    assert.ok(
      await attachBytes(urbis.ctx, post, post.authorId!, { name, content: Buffer.from('notes\n'), description: '' }),
    );
    const page = await urbis.app.inject(`/en${SEED}`);
    const href = [...page.body.matchAll(/href="([^"]+\/attachments\/\d+\/[^"]+)"/g)]
      .map((m) => m[1]!)
      .find((h) => h.includes('Zapis'));
    assert.ok(href, 'the post links to the new file');
    const file = await urbis.app.inject(href);
    assert.equal(file.statusCode, 200);
    const header = String(file.headers['content-disposition']);
    const parts = naive(header);
    assert.equal(parts.length, 3, `attachment, filename, filename*: ${header}`);
    const [disposition, plain, utf8] = parts as [string, string, string];
    assert.equal(disposition, 'attachment');
    assert.match(plain, /^filename="[\x20-\x7e]*"$/, 'the plain one is a quoted ASCII string');
    assert.doesNotMatch(
      plain.slice('filename="'.length, -1),
      /["\\;=*%]/,
      'holding nothing that ends or starts a parameter',
    );
    assert.equal(
      (header.match(/filename\*=/g) ?? []).length,
      1,
      'one filename*, even for a reader that looks for it anywhere',
    );
    assert.ok(utf8.startsWith("filename*=UTF-8''"));
    assert.equal(decodeURIComponent(utf8.slice("filename*=UTF-8''".length)), name, 'the UTF-8 one is the name itself');
  });
});
