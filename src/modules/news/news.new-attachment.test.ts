import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Urbis } from '../../app.js';
import { csrfTokenOf, forEachEngine } from '../../../test/helpers/app.js';
import { fieldError, type Browser } from '../../../test/support/accounts.js';
import { ACCEPTED, filesIn, multipart, REFUSED, type FilePart } from '../../../test/support/news-attachments.js';
import { setUp } from '../../../test/support/news.js';

const NEWS = '/en/partnerships/digital-transition/news';

/** Sends the new post's form as a browser does (multipart), with the token of the form's page. */
async function writeWith(browser: Browser, fields: Record<string, string>, files: FilePart[]) {
  const form = await browser.get(`${NEWS}/new`);
  const body = multipart({ _csrf: csrfTokenOf(form.body), ...fields }, files);
  return browser.app.inject({
    method: 'POST',
    url: NEWS,
    headers: { cookie: browser.header(), 'content-type': body.contentType },
    payload: body.payload,
  });
}

async function counts(urbis: Urbis) {
  const db = urbis.ctx.db;
  const [posts, attachments] = await Promise.all([
    db
      .selectFrom('news_posts')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('news_attachments')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { posts: Number(posts.n), attachments: Number(attachments.n), files: filesIn(urbis.ctx.config.uploadsDir) };
}

const TEXT = { title: 'Minutes of the lab', summary: 'What we decided.', body: 'See the **minutes**.', lang: 'en' };

forEachEngine('news: attachments with a new post', (engine) => {
  test('the new post form takes a file: the post and its attachment are stored together', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const form = (await as.member.get(`${NEWS}/new`)).body;
    assert.match(
      form,
      /<form method="post" action="\/en\/partnerships\/digital-transition\/news" enctype="multipart\/form-data"/,
    );
    assert.match(form, /<input type="file" id="field-file" name="file"/);
    const png = ACCEPTED.find((s) => s.type === 'image/png')!;
    const written = await writeWith(as.member, { ...TEXT, description: 'A map of the lab' }, [
      { name: png.name, content: png.content },
    ]);
    assert.equal(written.statusCode, 303, written.body.slice(0, 500));
    const path = String(written.headers.location);
    assert.equal(path, `${NEWS}/minutes-of-the-lab`);
    const api = (await as.member.get(path.replace('/en/', '/api/v1/').replace('/news/', '/posts/'))).json();
    assert.equal(api.status, 'draft');
    assert.deepEqual(
      api.attachments.map((a: { name: string; type: string; description: string }) => [a.name, a.type, a.description]),
      [[png.name, 'image/png', 'A map of the lab']],
    );
    const download = await as.member.get(`${path}/attachments/${api.attachments[0].id}/${png.name}`);
    assert.equal(download.statusCode, 200);
    assert.deepEqual(download.rawPayload, png.content);
    assert.deepEqual((await counts(urbis)).files.temporary, [], 'no temporary file left');
    // Without a file, as before: a post without attachments.
    const plain = await writeWith(as.member, { ...TEXT, title: 'No file' }, [{ name: '', content: Buffer.alloc(0) }]);
    assert.equal(plain.statusCode, 303);
    const none = (await as.member.get(`/api/v1/partnerships/digital-transition/posts/no-file`)).json();
    assert.deepEqual(none.attachments, []);
  });

  test('a post with a field error, or a file that is refused, stores nothing, and says why at the field', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const before = await counts(urbis);
    const png = ACCEPTED.find((s) => s.type === 'image/png')!;
    // The text is wrong (no title), the file is fine: nothing is kept, the file field says nothing.
    const noTitle = await writeWith(as.member, { ...TEXT, title: '' }, [{ name: png.name, content: png.content }]);
    assert.equal(noTitle.statusCode, 400);
    assert.equal(fieldError(noTitle.body, 'title'), 'Enter a value.');
    assert.equal(fieldError(noTitle.body, 'file'), undefined);
    assert.match(noTitle.body, /value="Minutes of the lab"|<textarea[^>]*>See the \*\*minutes\*\*\./);
    // The file is refused: its message at the file field, nothing kept.
    const refused = REFUSED[0]!;
    const bad = await writeWith(as.member, TEXT, [{ name: refused.name, content: refused.content }]);
    assert.equal(bad.statusCode, 400);
    assert.match(fieldError(bad.body, 'file') ?? '', /cannot be attached|does not match|is empty/);
    assert.match(bad.body, /<a href="#field-file">File: /, 'in the error summary');
    assert.match(bad.body, /value="Minutes of the lab"/, 'the text is kept in the form');
    // A description too long for the file.
    const long = await writeWith(as.member, { ...TEXT, description: 'x'.repeat(600) }, [
      { name: png.name, content: png.content },
    ]);
    assert.equal(long.statusCode, 400);
    assert.ok(fieldError(long.body, 'description'));
    const after = await counts(urbis);
    assert.equal(after.posts, before.posts, 'no post');
    assert.equal(after.attachments, before.attachments, 'no attachment');
    assert.deepEqual(after.files.kept.sort(), before.files.kept.sort(), 'no file kept');
    assert.deepEqual(after.files.temporary, [], 'no temporary file left');
  });
});
