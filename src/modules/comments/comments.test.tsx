import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { Urbis } from '../../app.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { CORPORA } from '../../../test/helpers/corpora.js';
import { Browser, createAccessToken } from '../../../test/support/accounts.js';
import { eraseComments, exportComments } from './comments.privacy.js';
import { findComment, insertComment } from './comments.queries.js';
import { addDemoComments } from './index.js';
import { actionLink, actionsOf, articleOf, post, sectionOf, setUp, THING } from '../../../test/support/comments.js';

const notificationsOf = (urbis: Urbis, userId: number) =>
  urbis.ctx.db
    .selectFrom('notifications')
    .select(['kind', 'path', 'read_at'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();

forEachEngine('comments', (engine) => {
  test(
    'comments and replies three levels deep, ' + 'with notifications for the content’s author and the parent’s author',
    async (t) => {
      const { urbis, ids, as } = await setUp(t, engine);
      const ana = await as('ana');
      const first = await post(ana, 'First thoughts.\n\nA second paragraph\nwith a line break.');
      const reply1 = await post(await as('ben'), 'A reply to Ana.', first);
      const reply2 = await post(await as('cy'), 'A reply to Ben.', reply1);
      const reply3 = await post(ana, 'And back to Cy.', reply2);
      const reply4 = await post(await as('owner'), 'The owner answers.', reply3);

      const page = await ana.get(THING);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h2 id="comments-title">5 comments<\/h2>/);
      assert.match(
        articleOf(page.body, first),
        /<p>First thoughts\.<\/p><p>A second paragraph<br\/>with a line break\.<\/p>/,
      );
      assert.match(articleOf(page.body, first), /<a href="\/en\/people\/ana">Ana Horvat<\/a>/);
      assert.match(articleOf(page.body, first), /<time datetime="\d{4}-\d\d-\d\dT[^"]+">/);
      // Nesting: each reply sits in a list inside its parent's item.
      const nested =
        page.body.indexOf(`comment-${reply3}`) > page.body.indexOf(`comment-${reply2}`) &&
        page.body.indexOf(`comment-${reply2}`) > page.body.indexOf(`comment-${reply1}`);
      assert.ok(nested, 'replies follow their parents');
      assert.match(page.body, /comments__replies--3/);
      assert.ok(page.body.includes('Reply to Ben Brandt'), 'reply buttons name whom they answer');
      assert.ok(!articleOf(page.body, reply1).includes('Edit your comment'), 'only the author may edit');
      assert.ok(articleOf(page.body, first).includes('Edit your comment'));

      const deep = await findComment(urbis.ctx.db, reply4);
      assert.equal(deep?.depth, 4);
      assert.equal(deep?.root_id, first);

      // The owner of the thing: told of each new comment but their own; Ana of replies to her.
      const owner = await notificationsOf(urbis, ids.owner);
      assert.deepEqual(
        owner.map((n) => n.kind),
        [
          'comments.notification.comment',
          'comments.notification.comment',
          'comments.notification.comment',
          'comments.notification.comment',
        ],
      );
      assert.deepEqual(
        (await notificationsOf(urbis, ids.ana)).map((n) => [n.kind, n.path]),
        [
          ['comments.notification.reply', `/things/1#comment-${reply1}`],
          ['comments.notification.reply', `/things/1#comment-${reply4}`],
        ],
      );
      assert.deepEqual(
        (await notificationsOf(urbis, ids.ben)).map((n) => n.kind),
        ['comments.notification.reply'],
      );
      assert.deepEqual(await notificationsOf(urbis, ids.mod), []);

      const list = await ana.get('/en/notifications');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /You have 2 unread notifications/);
      assert.ok(list.body.indexOf(`comment-${reply4}`) < list.body.indexOf(`comment-${reply1}`), 'newest first');
      assert.match(list.body, /New reply to your comment on “A thing to talk about”/);
      const read = await ana.post('/en/notifications/read', {}, '/en/notifications');
      assert.equal(read.statusCode, 303);
      assert.match((await ana.get('/en/notifications?done=read')).body, /You have no unread notifications/);
      const czech = await (await as('ben')).get('/cs/notifications');
      assert.match(czech.body, /Máte 1 nepřečtené oznámení/);
    },
  );

  test(
    'each comment’s actions are links to pages of their own, ' + 'with no form in the thread but the new comment’s',
    async (t) => {
      const { urbis, as } = await setUp(t, engine);
      const ana = await as('ana');
      const ben = await as('ben');
      const first = await post(ana, 'A first comment.\n\nWith <b>two</b> paragraphs.');
      const answer = await post(ben, 'Ben answers.', first);

      const page = await ben.get(THING);
      assert.deepEqual(actionsOf(page.body, first), [
        ['Reply to Ana Horvat', `/en/comments/${first}/reply`],
        ['Report the comment by Ana Horvat', `/en/comments/${first}/report`],
      ]);
      assert.deepEqual(actionsOf(page.body, answer), [
        ['Reply to Ben Brandt', `/en/comments/${answer}/reply`],
        ['Edit your comment', `/en/comments/${answer}/edit`],
        ['Delete your comment', `/en/comments/${answer}/delete`],
      ]);
      const moderator = await (await as('mod')).get(THING);
      assert.deepEqual(
        actionsOf(moderator.body, first).map(([text]) => text),
        ['Reply to Ana Horvat', 'Report the comment by Ana Horvat', 'Hide the comment by Ana Horvat'],
      );
      for (const html of [page.body, moderator.body]) {
        const section = sectionOf(html);
        assert.ok(!section.includes('<details'), 'no disclosure');
        assert.equal((section.match(/<form /g) ?? []).length, 1, 'one form: the new comment’s, at the bottom');
        assert.equal((section.match(/name="_csrf"/g) ?? []).length, 1);
        assert.ok(section.lastIndexOf('<article ') < section.indexOf('<form '), 'after the comments');
      }
      assert.equal(actionsOf((await urbis.app.inject(THING)).body, first).length, 0, 'a visitor has no actions');

      // The reply page shows what it answers, and posts a reply.
      const replyPage = actionLink(page.body, first, 'Reply to Ana Horvat');
      const form = await ben.get(replyPage);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<h1>Write a reply<\/h1>/);
      assert.match(
        form.body,
        new RegExp(
          /<p class="comment__meta"><span class="comment__author">Replying to Ana Horvat<\/span> /.source +
            /<time datetime="\d{4}-[^"]+">/.source,
        ),
      );
      assert.match(
        form.body,
        new RegExp(
          /<blockquote><div class="comment__body"><p>A first comment\.<\/p>/.source +
            /<p>With &lt;b>two&lt;\/b> paragraphs\.<\/p><\/div><\/blockquote>/.source,
        ),
        'the text as plain text',
      );
      assert.match(form.body, /<form method="post" action="\/en\/comments" novalidate class="comment-form">/);
      assert.match(
        form.body,
        /<input type="hidden" name="type" value="thing"\/><input type="hidden" name="id" value="1"\/>/,
      );
      assert.match(form.body, new RegExp(`<input type="hidden" name="parent" value="${first}"/>`));
      assert.match(
        form.body,
        new RegExp(`<label class="field__label" for="comment-body-${first}">Your reply to Ana Horvat</label>`),
      );
      assert.match(form.body, new RegExp(`<a href="/en/things/1#comment-${first}">Back without saving</a>`));
      const sent = await ben.post(
        '/en/comments',
        { type: 'thing', id: '1', parent: String(first), body: 'From the reply page.' },
        replyPage,
      );
      assert.equal(sent.statusCode, 303);
      const replyId = Number(/#comment-(\d+)$/.exec(String(sent.headers.location))?.[1]);
      assert.match(articleOf((await ben.get(THING)).body, replyId), /From the reply page\./);
      const empty = await ben.post(
        '/en/comments',
        { type: 'thing', id: '1', parent: String(first), body: '  ' },
        replyPage,
      );
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /Replying to Ana Horvat/, 'sent back, it still shows what it answers');
      assert.match(empty.body, new RegExp(`<a href="#comment-body-${first}">`));
      const czech = await ben.get(`/cs/comments/${first}/reply`);
      assert.match(czech.body, /<h1>Napsat odpověď<\/h1>/);
      assert.match(czech.body, /Odpovídáte uživateli Ana Horvat/);
      assert.match(czech.body, /Vaše odpověď uživateli Ana Horvat/);

      // Whatever may not be answered has no reply page.
      assert.equal(
        (await ana.post(`/en/comments/${first}/delete`, {}, `/en/comments/${first}/delete`)).statusCode,
        303,
      );
      assert.equal((await ben.get(replyPage)).statusCode, 404, 'a deleted comment');
      assert.deepEqual(actionsOf((await ben.get(THING)).body, first), [], 'and no link to it');
    },
  );

  test('editing marks the comment as edited; deleting leaves a placeholder that keeps the replies', async (t) => {
    const { urbis, ids, as } = await setUp(t, engine);
    const ana = await as('ana');
    const id = await post(ana, 'Frist version.');
    const replyId = await post(await as('ben'), 'I answer the first version.', id);
    const form = await ana.get(`/en/comments/${id}/edit`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Frist version\./);
    assert.equal((await (await as('ben')).get(`/en/comments/${id}/edit`)).statusCode, 404, 'not someone else’s');
    const empty = await ana.post(`/en/comments/${id}/edit`, { body: '   ' }, `/en/comments/${id}/edit`);
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /field__error/);
    assert.equal((await findComment(urbis.ctx.db, id))?.body, 'Frist version.', 'nothing stored');
    const saved = await ana.post(
      `/en/comments/${id}/edit`,
      { body: 'First version, spelled right.' },
      `/en/comments/${id}/edit`,
    );
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `/en/things/1#comment-${id}`);
    const page = await ana.get(THING);
    assert.match(articleOf(page.body, id), /First version, spelled right\./);
    assert.match(articleOf(page.body, id), /edited <time datetime=/);

    // Deleting: the thread links to a page that asks first, showing the comment.
    const confirm = actionLink(page.body, id, 'Delete your comment');
    assert.equal(confirm, `/en/comments/${id}/delete`);
    const asked = await ana.get(confirm);
    assert.equal(asked.statusCode, 200);
    assert.match(asked.body, /<h1>Delete your comment\?<\/h1>/);
    assert.match(
      asked.body,
      /<p class="comment__meta"><span class="comment__author">Your comment<\/span> <time datetime="[^"]+">/,
    );
    assert.match(
      asked.body,
      /<blockquote><div class="comment__body"><p>First version, spelled right\.<\/p><\/div><\/blockquote>/,
    );
    assert.match(asked.body, /Replies to it stay in the thread/);
    assert.match(
      asked.body,
      new RegExp(
        `<form method="post" action="/en/comments/${id}/delete" novalidate><input type="hidden" name="_csrf" ` +
          `value="[^"]+"/><button type="submit" class="button button--primary">Delete comment</button></form>`,
      ),
    );
    assert.match(asked.body, new RegExp(`<a href="/en/things/1#comment-${id}">Back without deleting</a>`));
    assert.match((await ana.get(`/cs/comments/${id}/delete`)).body, /<h1>Smazat svůj komentář\?<\/h1>/);
    assert.equal((await (await as('ben')).get(confirm)).statusCode, 404, 'not someone else’s');
    assert.equal((await (await as('mod')).get(confirm)).statusCode, 404, 'not even a moderator’s');
    assert.equal(
      (await (await as('ben')).post(`/en/comments/${id}/delete`, {}, THING)).statusCode,
      404,
      'only the author deletes',
    );
    assert.equal((await ana.post(`/en/comments/${id}/delete`, {}, confirm)).statusCode, 303);
    assert.equal((await ana.get(confirm)).statusCode, 404, 'nothing left to delete');
    const after = await (await as('cy')).get(THING);
    assert.match(articleOf(after.body, id), /Comment deleted\./);
    assert.ok(!articleOf(after.body, id).includes('spelled right'));
    assert.ok(!articleOf(after.body, id).includes('Ana Horvat'), 'the placeholder names nobody');
    assert.match(articleOf(after.body, replyId), /I answer the first version\./);
    assert.equal((await findComment(urbis.ctx.db, id))?.body, '', 'the text is gone from the database too');

    // Erasing a person: their comments become placeholders, without author.
    const other = await post(ana, 'Something personal.');
    const exported = await exportComments(urbis.ctx, ids.ana);
    assert.equal((exported.comments as unknown[]).length, 2);
    await eraseComments(urbis.ctx, ids.ana);
    const erased = await findComment(urbis.ctx.db, other);
    assert.equal(erased?.body, '');
    assert.equal(erased?.author_id, null);
    assert.ok(erased?.deleted_at);
  });

  test('a report counts once per person, and the comment is hidden at the configured number of reports', async (t) => {
    const { urbis, as } = await setUp(t, engine, { URBIS_COMMENT_REPORT_LIMIT: '2' });
    const id = await post(await as('ana'), 'A controversial opinion.');
    const ben = await as('ben');
    // The thread links to the report page, which shows the comment above the reason.
    const reportPage = actionLink((await ben.get(THING)).body, id, 'Report the comment by Ana Horvat');
    assert.equal(reportPage, `/en/comments/${id}/report`);
    const form = await ben.get(reportPage);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<h1>Report a comment<\/h1>/);
    assert.match(form.body, /<span class="comment__author">Comment by Ana Horvat<\/span>/);
    assert.match(form.body, /<p>A controversial opinion\.<\/p>/);
    assert.match(form.body, new RegExp(`<form method="post" action="/en/comments/${id}/report" novalidate>`));
    assert.match(
      form.body,
      new RegExp(`<label class="field__label" for="report-${id}-reason">Why should a moderator look at it\\?</label>`),
    );
    assert.equal((await (await as('ana')).get(reportPage)).statusCode, 404, 'not one’s own');
    const missing = await ben.post(`/en/comments/${id}/report`, { reason: '' }, reportPage);
    assert.equal(missing.statusCode, 400, 'a report needs a reason');
    assert.match(
      missing.body,
      /<span class="comment__author">Comment by Ana Horvat<\/span>/,
      'sent back, the page still shows the comment',
    );
    assert.match(missing.body, new RegExp(`href="#report-${id}-reason"`));
    assert.equal((await ben.post(`/en/comments/${id}/report`, { reason: 'Off topic' }, reportPage)).statusCode, 303);
    const again = await ben.get(reportPage);
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /<p>You reported this comment\.<\/p>/, 'once reported, the page says so');
    assert.ok(!again.body.includes('name="reason"'), 'and has no form');
    assert.match(again.body, new RegExp(`<a href="/en/things/1#comment-${id}">Back to the comments</a>`));
    assert.deepEqual(
      actionsOf((await ben.get(THING)).body, id),
      [['Reply to Ana Horvat', `/en/comments/${id}/reply`], ['You reported this comment.']],
      'the thread says so too, without a link',
    );
    assert.equal((await ben.post(`/en/comments/${id}/report`, { reason: 'Still off topic' }, THING)).statusCode, 303);
    assert.equal((await findComment(urbis.ctx.db, id))?.report_count, 1, 'once per person');
    assert.match((await ben.get(THING)).body, /You reported this comment\./);
    assert.equal(
      (await (await as('ana')).post(`/en/comments/${id}/report`, { reason: 'Me' }, THING)).statusCode,
      404,
      'not one’s own',
    );
    assert.equal((await (await as('cy')).post(`/en/comments/${id}/report`, { reason: 'Rude' }, THING)).statusCode, 303);
    const row = await findComment(urbis.ctx.db, id);
    assert.equal(row?.report_count, 2);
    assert.ok(row?.hidden_at, 'hidden at the limit');
    assert.match(articleOf((await (await as('dee')).get(THING)).body, id), /Hidden by a moderator\./);
    assert.ok(!articleOf((await (await as('dee')).get(THING)).body, id).includes('controversial'));
    assert.match(articleOf((await (await as('ana')).get(THING)).body, id), /several readers reported it/);
  });

  test('a moderator hides with a reason that only the author sees; others cannot hide', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const id = await post(await as('ana'), 'Buy cheap watches at example.com');
    assert.equal((await (await as('ben')).post(`/en/comments/${id}/hide`, { reason: 'Spam' }, THING)).statusCode, 404);
    const mod = await as('mod');
    const hidePage = actionLink((await mod.get(THING)).body, id, 'Hide the comment by Ana Horvat');
    assert.equal(hidePage, `/en/comments/${id}/hide`);
    for (const who of ['ana', 'ben'] as const)
      assert.equal((await (await as(who)).get(hidePage)).statusCode, 404, `${who} is no moderator`);
    const form = await mod.get(hidePage);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<h1>Hide a comment<\/h1>/);
    assert.match(form.body, /<span class="comment__author">Comment by Ana Horvat<\/span>/);
    assert.match(form.body, /Buy cheap watches at example\.com/);
    assert.match(form.body, /Reason \(the author will see it\)/);
    assert.equal((await mod.post(`/en/comments/${id}/hide`, { reason: '' }, hidePage)).statusCode, 400);
    assert.equal(
      (await mod.post(`/en/comments/${id}/hide`, { reason: 'Advertising is not allowed here' }, hidePage)).statusCode,
      303,
    );
    assert.equal((await mod.get(hidePage)).statusCode, 404, 'hidden by a moderator: no second hiding');
    const forAuthor = articleOf((await (await as('ana')).get(THING)).body, id);
    assert.match(forAuthor, /Reason: Advertising is not allowed here/);
    for (const who of ['ben', 'mod'] as const) {
      const seen = articleOf((await (await as(who)).get(THING)).body, id);
      assert.match(seen, /Hidden by a moderator\./);
      assert.ok(!seen.includes('Advertising is not allowed'), `${who} does not see the reason`);
      assert.ok(!seen.includes('cheap watches'), `${who} does not see the text`);
    }
    const visitor = await urbis.app.inject(THING);
    assert.ok(!visitor.body.includes('cheap watches'));
    const audit = await urbis.ctx.db
      .selectFrom('core_audit_log')
      .select('action')
      .where('action', '=', 'comments.hide')
      .execute();
    assert.equal(audit.length, 1);
  });

  test('a visitor reads comments, is offered to sign in, and cannot post', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const id = await post(await as('ana'), 'Visible to all.');
    const page = await urbis.app.inject(THING);
    assert.match(page.body, /Visible to all\./);
    assert.match(page.body, /<a href="\/en\/sign-in\?next=%2Fen%2Fthings%2F1%23comments">Sign in to comment<\/a>/);
    assert.ok(!page.body.includes('name="body"'), 'no comment form');
    assert.ok(!page.body.includes('Reply to'), 'no reply form');
    for (const action of ['reply', 'report']) {
      const asked = await urbis.app.inject(`/en/comments/${id}/${action}`);
      assert.equal(asked.statusCode, 303, action);
      assert.equal(
        asked.headers.location,
        `/en/sign-in?next=${encodeURIComponent(`/en/comments/${id}/${action}`)}`,
        'a visitor is asked to sign in',
      );
    }
    const visitor = new Browser(urbis.app);
    const tried = await visitor.post('/en/comments', { type: 'thing', id: '1', body: 'Anonymous' }, '/en/sign-in');
    assert.equal(tried.statusCode, 404);
    const count = await urbis.ctx.db.selectFrom('comments').select('id').execute();
    assert.equal(count.length, 1);
  });

  test(
    'a target the actor may not see is a 404 for every comment route, ' + 'and a sent-back form keeps what was typed',
    async (t) => {
      const { urbis, ids, as } = await setUp(t, engine);
      const hidden = await insertComment(urbis.ctx.db, {
        subjectType: 'thing',
        subjectId: 2,
        parent: null,
        authorId: ids.ana,
        body: 'On a secret thing',
        lang: 'en',
        createdAt: new Date().toISOString(),
      });
      const ana = await as('ana');
      const mod = await as('mod');
      assert.equal((await ana.post('/en/comments', { type: 'thing', id: '2', body: 'Hello' }, THING)).statusCode, 404);
      assert.equal(
        (await ana.post('/en/comments', { type: 'nothing', id: '1', body: 'Hello' }, THING)).statusCode,
        404,
      );
      assert.equal(
        (await ana.post('/en/comments', { type: 'thing', id: '1', parent: String(hidden), body: 'Hello' }, THING))
          .statusCode,
        404,
        'a parent under another target',
      );
      for (const page of ['reply', 'edit', 'delete', 'report', 'hide', 'unhide']) {
        for (const browser of [ana, mod])
          assert.equal((await browser.get(`/en/comments/${hidden}/${page}`)).statusCode, 404, `GET ${page}`);
      }
      assert.equal((await ana.get('/en/comments/12x/reply')).statusCode, 404, 'not an id');
      for (const action of ['edit', 'delete', 'report', 'hide']) {
        for (const browser of [ana, mod]) {
          assert.equal(
            (await browser.post(`/en/comments/${hidden}/${action}`, { body: 'x', reason: 'x' }, THING)).statusCode,
            404,
            action,
          );
        }
      }
      assert.equal((await urbis.app.inject('/api/v1/comments?type=thing&id=2')).statusCode, 404);
      assert.equal((await findComment(urbis.ctx.db, hidden))?.body, 'On a secret thing');

      const long = 'x'.repeat(5001);
      const sent = await ana.post('/en/comments', { type: 'thing', id: '1', body: long }, THING);
      assert.equal(sent.statusCode, 400);
      assert.ok(sent.body.includes(long), 'what was typed comes back');
      assert.match(sent.body, /5000/);
      assert.equal((await urbis.ctx.db.selectFrom('comments').select('id').execute()).length, 1, 'nothing stored');
    },
  );

  test(
    '50 top-level comments a page, ' + 'and long reply chains folded behind a link that works without JavaScript',
    async (t) => {
      const { urbis, ids, as } = await setUp(t, engine);
      const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
      const tops: number[] = [];
      for (let i = 0; i < 51; i += 1)
        tops.push(
          await insertComment(urbis.ctx.db, {
            subjectType: 'thing',
            subjectId: 1,
            parent: null,
            authorId: ids.ana,
            body: `Top ${i}`,
            lang: 'en',
            createdAt: at(i),
          }),
        );
      let parent = await findComment(urbis.ctx.db, tops[0]!);
      const replies: number[] = [];
      for (let i = 0; i < 8; i += 1) {
        const id = await insertComment(urbis.ctx.db, {
          subjectType: 'thing',
          subjectId: 1,
          parent,
          authorId: ids.ben,
          body: `Reply ${i}`,
          lang: 'en',
          createdAt: at(100 + i),
        });
        replies.push(id);
        parent = await findComment(urbis.ctx.db, id);
      }
      const ben = await as('ben');
      const first = await ben.get(THING);
      assert.equal(
        (first.body.match(/<article id="comment-/g) ?? []).length,
        50 + 5,
        '50 top-level comments and the first 5 replies',
      );
      assert.ok(!first.body.includes('Top 50'));
      assert.ok(!first.body.includes('Reply 5'));
      const more = new RegExp(
        `<a href="(/en/things/1\\?thread=${tops[0]}#comment-${tops[0]})">Show 3 more replies</a>`,
      ).exec(first.body);
      assert.ok(more?.[1], 'a "show 3 more replies" link');
      const next = /<a href="([^"]+)" rel="next">/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
      assert.equal(next, `/en/things/1?comments_after=${tops[49]}#comments`);
      const second = await ben.get(next!.replace(/#.*/, ''));
      assert.match(second.body, /Top 50/);
      assert.equal((second.body.match(/<article id="comment-/g) ?? []).length, 1);
      const branch = await ben.get(more[1].replace(/#.*/, ''));
      assert.equal((branch.body.match(/<article id="comment-/g) ?? []).length, 9, 'the whole branch');
      assert.match(branch.body, /Reply 7/);
      assert.match(branch.body, /Show all comments/);
      const czech = await ben.get('/cs/things/1');
      assert.match(czech.body, /Zobrazit 3 další odpovědi/);
      assert.match(czech.body, /59 komentářů/);
    },
  );

  test(
    'the pages of comments go back as well as forward, ' + 'by keyset, in a navigation landmark of their own',
    async (t) => {
      const { urbis, ids, as } = await setUp(t, engine);
      const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
      const tops: number[] = [];
      for (let i = 0; i < 120; i += 1)
        tops.push(
          await insertComment(urbis.ctx.db, {
            subjectType: 'thing',
            subjectId: 1,
            parent: null,
            authorId: ids.ana,
            body: `Top ${i}`,
            lang: 'en',
            createdAt: at(i),
          }),
        );
      const ben = await as('ben');
      const shown = (html: string) => [...html.matchAll(/<article id="comment-(\d+)"/g)].map((m) => Number(m[1]));
      const links = (html: string) => {
        const nav = /<nav class="pagination" aria-label="Comment pages"><ul>(.*?)<\/ul><\/nav>/.exec(html)?.[1] ?? '';
        return [...nav.matchAll(/<a href="([^"]+)"(?: rel="(prev|next)")?>([^<]+)<\/a>/g)].map((m) => [
          m[3],
          m[1]!.replace(/&amp;/g, '&'),
        ]);
      };
      const first = await ben.get(THING);
      assert.deepEqual(shown(first.body), tops.slice(0, 50));
      assert.deepEqual(links(first.body), [['Later comments', `/en/things/1?comments_after=${tops[49]}#comments`]]);
      const second = await ben.get(`${THING}?comments_after=${tops[49]}`);
      assert.deepEqual(shown(second.body), tops.slice(50, 100));
      assert.deepEqual(links(second.body), [
        ['Earlier comments', '/en/things/1#comments'],
        ['Later comments', `/en/things/1?comments_after=${tops[99]}#comments`],
      ]);
      const third = await ben.get(`${THING}?comments_after=${tops[99]}`);
      assert.deepEqual(shown(third.body), tops.slice(100));
      assert.deepEqual(links(third.body), [
        ['First comments', '/en/things/1#comments'],
        ['Earlier comments', `/en/things/1?comments_before=${tops[100]}#comments`],
      ]);
      const back = await ben.get(`${THING}?comments_before=${tops[100]}`);
      assert.deepEqual(shown(back.body), tops.slice(50, 100), 'back to the second page');
      assert.deepEqual(links(back.body), links(second.body));
      // Less than a page before the cursor: the first page, so that pages keep their boundaries.
      const start = await ben.get(`${THING}?comments_before=${tops[7]}`);
      assert.deepEqual(shown(start.body), tops.slice(0, 50));
      assert.deepEqual(links(start.body), links(first.body));
      assert.match(first.body, /<h2 id="comments-title">120 comments<\/h2>/);
      assert.match(
        (await ben.get('/cs/things/1?comments_after=' + tops[99])).body,
        new RegExp(
          /<nav class="pagination" aria-label="Stránky komentářů">/.source +
            /<ul><li><a href="\/cs\/things\/1#comments">První komentáře<\/a>/.source,
        ),
      );

      const api = async (query: string) => (await urbis.app.inject(`/api/v1/comments?type=thing&id=1${query}`)).json();
      const last = await api(`&after=${tops[99]}`);
      assert.equal(last.items.length, 20);
      assert.equal(last.next, null);
      assert.equal(last.previous, tops[100]);
      const middle = await api(`&before=${last.previous}`);
      assert.deepEqual(
        middle.items.map((c: { id: number }) => c.id),
        tops.slice(50, 100),
      );
      assert.equal(middle.next, tops[99]);
      assert.equal(middle.previous, tops[50]);
      const opening = await api(`&before=${middle.previous}`);
      assert.equal(opening.items[0].id, tops[0]);
      assert.equal(opening.previous, null);
      assert.equal((await urbis.app.inject('/api/v1/comments?type=thing&id=1&before=0')).statusCode, 400);
    },
  );

  test('the API reads a thread with placeholders, and writes with a personal access token', async (t) => {
    const { urbis, ids, as } = await setUp(t, engine);
    const ana = await as('ana');
    const first = await post(ana, 'Readable.');
    const gone = await post(ana, 'Soon gone.');
    await ana.post(`/en/comments/${gone}/delete`, {}, THING);
    const { token } = await createAccessToken(urbis.ctx, ids.ben, 'script');
    const created = await urbis.app.inject({
      method: 'POST',
      url: '/api/v1/comments',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: { type: 'thing', id: 1, parent: first, body: 'Through the API.' },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().author.handle, 'ben');
    assert.equal(created.json().parentId, first);
    const invalid = await urbis.app.inject({
      method: 'POST',
      url: '/api/v1/comments',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: { type: 'thing', id: 1, body: '' },
    });
    assert.equal(invalid.statusCode, 400);
    assert.match(String(invalid.headers['content-type']), /application\/problem\+json/);
    assert.deepEqual(
      invalid.json().errors.map((e: { pointer: string }) => e.pointer),
      ['/body/body'],
    );
    const anonymous = await urbis.app.inject({
      method: 'POST',
      url: '/api/v1/comments',
      headers: { 'content-type': 'application/json' },
      payload: { type: 'thing', id: 1, body: 'x' },
    });
    assert.equal(anonymous.statusCode, 401);
    const secret = await urbis.app.inject({
      method: 'POST',
      url: '/api/v1/comments',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: { type: 'thing', id: 2, body: 'x' },
    });
    assert.equal(secret.statusCode, 404);

    const thread = (await urbis.app.inject('/api/v1/comments?type=thing&id=1')).json();
    assert.equal(thread.total, 3);
    assert.deepEqual(
      thread.items.map((c: { id: number; state: string; body: string | null }) => [c.id, c.state, c.body]),
      [
        [first, 'visible', 'Readable.'],
        [gone, 'deleted', null],
      ],
    );
    assert.equal(thread.items[0].replies[0].body, 'Through the API.');
    assert.equal(thread.next, null);
    assert.equal((await urbis.app.inject('/api/v1/posts/1/comments')).statusCode, 404, 'no posts in this app');
    // Ids and cursors out of any table's range are refused, not looked for (no 500 on PostgreSQL).
    for (const query of ['id=3000000000', 'id=1&after=1e300', 'id=1&before=99999999999999999999']) {
      const refused = await urbis.app.inject(`/api/v1/comments?type=thing&${query}`);
      assert.equal(refused.statusCode, 400, query);
    }
    // In the path, an id no table holds is a page that does not exist.
    assert.equal((await urbis.app.inject('/api/v1/posts/3000000000/comments')).statusCode, 404);
    // The thread comes from what is kept until the next write: a new comment shows at once.
    const before = (await urbis.app.inject('/api/v1/comments?type=thing&id=1')).json().total;
    await post(await as('ana'), 'One more.');
    assert.equal((await urbis.app.inject('/api/v1/comments?type=thing&id=1')).json().total, before + 1);
    const openapi = (await urbis.app.inject('/api/openapi.json')).json();
    assert.ok(openapi.paths['/api/v1/comments']?.post, 'documented');
  });

  test('hostile text in comments renders as inert text', async (t) => {
    const { urbis, ids, as } = await setUp(t, engine);
    const lines = readFileSync(path.join(CORPORA, 'xss-payload-list/Intruder/xss-payload-list.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .slice(0, 200);
    assert.equal(lines.length, 200);
    const ana = await as('ana');
    // A few through the form, the rest straight into the table.
    for (const line of lines.slice(0, 5)) await post(ana, line);
    for (const line of lines.slice(5))
      await insertComment(urbis.ctx.db, {
        subjectType: 'thing',
        subjectId: 1,
        parent: null,
        authorId: ids.ana,
        body: line.slice(0, 5000),
        lang: 'en',
        createdAt: new Date().toISOString(),
      });
    let url: string | undefined = THING;
    let pages = 0;
    while (url) {
      const page = await ana.get(url);
      assert.equal(page.statusCode, 200);
      assert.ok(!/<script/i.test(page.body), `no script element on ${url}`);
      const handlers = page.body.match(/<[a-z][^>]*\son[a-z]+\s*=/gi) ?? [];
      assert.deepEqual(handlers, [], `no event handler attribute on ${url}`);
      pages += 1;
      url = /<a href="([^"]+)" rel="next">/.exec(page.body)?.[1]?.replace(/&amp;/g, '&').replace(/#.*/, '');
    }
    assert.equal(pages, 4);
    const json = await urbis.app.inject('/api/v1/comments?type=thing&id=1');
    assert.equal(json.json().items[0].body, lines[0]?.trim());
  });

  test('the demo comments: a question from Lyon and an answer from DG CNECT, added once', async (t) => {
    const { urbis } = await setUp(t, engine, {}, true);
    await addDemoComments(urbis.ctx, { type: 'thing', id: 1 });
    await addDemoComments(urbis.ctx, { type: 'thing', id: 1 });
    const page = await urbis.app.inject('/cs/things/1');
    assert.match(page.body, /2 komentáře/);
    assert.match(page.body, /Camille Girard/);
    assert.match(page.body, /in the pipeline/);
    assert.match(page.body, /Eva Novotná/);
    assert.match(
      page.body,
      /<div class="comment__body" lang="en">/,
      'English comments on a Czech page carry their language',
    );
    const thread = (await urbis.app.inject('/api/v1/comments?type=thing&id=1')).json();
    assert.equal(thread.items.length, 1);
    assert.equal(thread.items[0].replies.length, 1);
  });
});
