// Personal pages that hold shared HTML are sent as gzip put together from kept pieces and the
// reader's own text (core/http/gzip-splice.ts, core/shared/markers.ts): the stream must
// decompress to exactly the page, in every encoding, for every reader.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brotliDecompressSync, crc32, gunzipSync } from 'node:zlib';
import { crc32Combine, deflatePiece, KeptPieces, spliceGzip } from '../src/core/http/gzip-splice.js';
import { keptText } from '../src/core/http/html.js';
import { cut, embedMarker, PersonalText, SharedHtml, splitPage } from '../src/core/shared/markers.js';

const cutAround = (text: string) => `${cut()}${text}${cut()}`;
import { SEED, setUp } from './support/news.js';
import { forEachEngine } from './helpers/app.js';

test('crc32Combine gives the CRC-32 of a concatenation from its parts', () => {
  const parts = [Buffer.from(''), Buffer.from('a'), Buffer.from('Čeština '.repeat(999)), Buffer.alloc(70_000, 7)];
  for (const a of parts) {
    for (const b of parts)
      assert.equal(
        crc32Combine(crc32(a), crc32(b), b.length),
        crc32(Buffer.concat([a, b])),
        `${a.length} + ${b.length}`,
      );
  }
});

test(
  'spliceGzip: compressed pieces and stored text, short or long (over one stored block), in any order, ' +
    'decompress to the text in order',
  () => {
    const thread = 'Ein Kommentar über die Finanzierung. '.repeat(1200);
    const kept = deflatePiece(Buffer.from(thread));
    const cases: (string | typeof kept)[][] = [
      [],
      [''],
      ['<p>short</p>'],
      ['x'.repeat(5000)],
      [kept],
      ['<header>Eva Novotná</header>', kept, '<form>token</form>'],
      ['ä'.repeat(3000), kept, kept, ''],
      [kept, 'y'.repeat(900), kept, 'z'.repeat(100_000)],
    ];
    for (const pieces of cases) {
      const expected = pieces.map((p) => (typeof p === 'string' ? p : thread)).join('');
      const body = spliceGzip(pieces);
      assert.equal(gunzipSync(body).toString(), expected, `${pieces.length} pieces`);
    }
    // The kept piece is sent as it was compressed: its bytes are in the stream.
    assert.ok(spliceGzip(['a', kept, 'b']).includes(kept.deflated));
  },
);

test(
  'KeptPieces compresses a text once, keeps the most recently used within its budget, ' +
    'and not text too long to find again',
  () => {
    const kept = new KeptPieces(160 * 1024);
    const text = (n: number) => `<p>Text number ${n} of the page, the same for every reader.</p>`.repeat(40);
    const first = kept.deflated(text(1));
    assert.ok(first);
    assert.equal(kept.deflated(text(1)), first, 'the same piece, not compressed again');
    assert.deepEqual([kept.hits, kept.misses], [1, 1]);
    assert.equal(gunzipSync(spliceGzip([first])).toString(), text(1));
    for (let n = 2; n < 40; n++) kept.deflated(text(n));
    kept.deflated(text(39));
    const misses = kept.misses;
    kept.deflated(text(1));
    assert.equal(kept.misses, misses + 1, 'the least recently used went first');
    assert.equal(kept.deflated('x'.repeat(16_001)), null, 'too long to keep');
  },
);

test('splitPage cuts at this process\u2019s markers only', () => {
  const one = new SharedHtml('<ol><li>one</li></ol>');
  const two = new SharedHtml('<p>two</p>');
  const html = `<main>${embedMarker(0)}<p>between</p>${embedMarker(1)}</main>`;
  assert.deepEqual(splitPage(html, [one, two]), ['<main>', one, '<p>between</p>', two, '</main>']);
  // Someone's text that looks like a marker but lacks the process's random word stays text.
  const forged = '<p>\uE000abc:0\uE001</p>';
  assert.deepEqual(splitPage(forged, [one]), [forged]);
  // Cuts around a reader's own words split the text and leave nothing behind.
  assert.deepEqual(
    splitPage(`<form>${cutAround('Eva Novotná')}${embedMarker(0)}<input value="${cutAround('t0ken')}"></form>`, [one]),
    ['<form>', new PersonalText('Eva Novotná'), one, '<input value="', new PersonalText('t0ken'), '"></form>'],
  );
  // A marker with no piece behind it is left as it is rather than guessed at.
  assert.deepEqual(splitPage(`a${embedMarker(3)}b`, [one]), [`a${embedMarker(3)}b`]);
});

forEachEngine('spliced pages', (engine) => {
  test(
    'a member reads the seed post in every encoding: ' + 'the same page, with the thread kept once for both readers',
    async (t) => {
      const { as } = await setUp(t, engine);
      // A comment whose text looks like a marker is only text.
      const page = await as.member.get(`/en${SEED}`);
      const written = await as.member.post(
        '/en/comments',
        {
          type: 'post',
          id: /name="id" value="(\d+)"/.exec(page.body)![1]!,
          body: 'Looks like \uE000x:0\uE001 a marker',
        },
        `/en${SEED}`,
      );
      assert.equal(written.statusCode, 303);

      for (const who of ['member', 'otherMember', 'outsider', 'coordinator'] as const) {
        const plain = await as[who].get(`/en${SEED}`);
        assert.equal(plain.statusCode, 200);
        assert.equal(plain.headers['content-encoding'], undefined);
        assert.match(plain.body, /<section class="comments"/);
        assert.match(plain.body, /Looks like \uE000x:0\uE001 a marker/);
        assert.doesNotMatch(
          plain.body.replace('\uE000x:0\uE001', ''),
          /[\uE000\uE001]/,
          `${who}: no marker is left in the page`,
        );

        const gzip = await as[who].get(`/en${SEED}`, { 'accept-encoding': 'gzip, deflate, br' });
        // Every reader's page is spliced, and gzip is chosen for it: the member's own comment is
        // on the page too, and only its links are theirs alone (the rest of the thread comes in
        // pieces made once for the readers of their class).
        const expected = 'gzip';
        assert.equal(gzip.headers['content-encoding'], expected, `${who}: ${expected}`);
        assert.equal(
          (expected === 'gzip' ? gunzipSync(gzip.rawPayload) : brotliDecompressSync(gzip.rawPayload)).toString(),
          plain.body,
          `${who}: ${expected}`,
        );

        const br = await as[who].get(`/en${SEED}`, { 'accept-encoding': 'br' });
        assert.equal(br.headers['content-encoding'], 'br');
        assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body, `${who}: Brotli`);
      }
      // Two readers who wrote nothing on this page and moderate nothing read the same thread: one kept piece.
      const before = { hits: keptText.hits, misses: keptText.misses };
      const a = await as.otherMember.get(`/en${SEED}`, { 'accept-encoding': 'gzip' });
      const b = await as.outsider.get(`/en${SEED}`, { 'accept-encoding': 'gzip' });
      // The text around their names and tokens is either short (stored as it is), shared (the
      // page's frame, the post's body, the thread: compressed once) or was compressed when they
      // read it above and kept: nothing is compressed for these two responses.
      assert.equal(keptText.misses, before.misses, 'no text compressed again');
      assert.notEqual(
        gunzipSync(a.rawPayload).toString(),
        gunzipSync(b.rawPayload).toString(),
        'two readers, two pages',
      );
      const longestCommonRun = (x: Buffer, y: Buffer) => {
        let best = 0;
        for (let size = 256; size <= x.length; size *= 2) {
          const found = Array.from({ length: Math.floor(x.length / 64) }, (_, i) => i * 64).some(
            (at) => at + size <= x.length && y.includes(x.subarray(at, at + size)),
          );
          if (!found) break;
          best = size;
        }
        return best;
      };
      assert.ok(
        longestCommonRun(a.rawPayload, b.rawPayload) >= 512,
        'their compressed pages share the kept thread byte for byte',
      );

      // Visitors still get the page cache's pages, with no marker in them.
      const visitor = await as.visitor.get(`/en${SEED}`, { 'accept-encoding': 'br' });
      assert.doesNotMatch(
        brotliDecompressSync(visitor.rawPayload).toString().replace('\uE000x:0\uE001', ''),
        /[\uE000\uE001]/,
      );
    },
  );
});
