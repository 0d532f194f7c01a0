import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Urbis } from '../../app.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { createUser } from '../accounts/index.js';
import { Browser, createAccessToken, STRONG_PASSWORD } from '../../../test/support/accounts.js';
import { findComment, insertComment, insertReport, markDeleted, markHidden } from './comments.queries.js';
import { actionLink, actionsOf, articleOf, post, setUp, THING } from '../../../test/support/comments.js';

const notificationsOf = (urbis: Urbis, userId: number) =>
  urbis.ctx.db
    .selectFrom('notifications')
    .select(['kind', 'path'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
const auditOf = (urbis: Urbis, action: string) =>
  urbis.ctx.db
    .selectFrom('core_audit_log')
    .select(['actor_id', 'subject_id', 'details'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
const detailsOf = (raw: unknown) => (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
const QUEUE = '/en/comments/reported';
const articles = (html: string) => [...html.matchAll(/<article id="comment-(\d+)"/g)].map((m) => Number(m[1]));

forEachEngine('comment moderation', (engine) => {
  test(
    'a moderator shows a hidden comment again: its author read the reason meanwhile, everyone sees it again, ' +
      'and it is in the audit log',
    async (t) => {
      const { urbis, ids, as } = await setUp(t, engine);
      const ana = await as('ana');
      const mod = await as('mod');
      const id = await post(ana, 'A sharp remark about the budget.');
      assert.equal(
        (await mod.post(`/en/comments/${id}/hide`, { reason: 'Please keep it civil' }, THING)).statusCode,
        303,
      );
      assert.match(
        articleOf((await ana.get(THING)).body, id),
        /A moderator hid your comment from others\. Reason: Please keep it civil/,
        'the author reads the reason',
      );
      assert.deepEqual(
        await notificationsOf(urbis, ids.ana),
        [{ kind: 'comments.notification.hidden', path: `/things/1#comment-${id}` }],
        'and is told',
      );

      const thread = (await mod.get(THING)).body;
      assert.deepEqual(
        actionsOf(thread, id),
        [['Show the comment by Ana Horvat again', `/en/comments/${id}/unhide`]],
        'hidden by a moderator: no reply, report or second hiding',
      );
      const unhidePage = actionLink(thread, id, 'Show the comment by Ana Horvat again');
      const form = await mod.get(unhidePage);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<h1>Show a hidden comment again<\/h1>/);
      assert.match(form.body, /<span class="comment__author">Comment by Ana Horvat<\/span>/);
      assert.match(form.body, /<p>A sharp remark about the budget\.<\/p>/, 'the moderator reads the hidden text there');
      assert.match(
        form.body,
        new RegExp(
          `<label class="field__label" for="unhide-${id}-reason">Why may it be seen again\\? \\(kept in the ` +
            `audit log\\)</label>`,
        ),
      );
      assert.ok(!form.body.includes('name="from"'), 'from the thread, back to the thread');
      for (const who of ['ben', 'ana'] as const)
        assert.equal((await (await as(who)).get(unhidePage)).statusCode, 404, `${who} is no moderator`);
      assert.equal((await mod.get(`/en/comments/${id}/hide`)).statusCode, 404, 'no second hiding');
      assert.equal(
        (await (await as('ben')).post(`/en/comments/${id}/unhide`, { reason: 'I like it' }, THING)).statusCode,
        404,
        'not a moderator',
      );
      assert.equal(
        (await ana.post(`/en/comments/${id}/unhide`, { reason: 'Mine' }, THING)).statusCode,
        404,
        'not its author either',
      );

      const empty = await mod.post(`/en/comments/${id}/unhide`, { reason: '  ' }, unhidePage);
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /<h1>Show a hidden comment again<\/h1>/);
      assert.match(empty.body, /<p class="field__error" id="unhide-\d+-reason-error">/);
      assert.match(empty.body, /href="#unhide-\d+-reason"/, 'the summary links to the field');
      const long = 'x'.repeat(501);
      const tooLong = await mod.post(`/en/comments/${id}/unhide`, { reason: long }, THING);
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /500/);
      assert.ok(tooLong.body.includes(`value="${long}"`), 'what was typed comes back');
      assert.ok((await findComment(urbis.ctx.db, id))?.hidden_at, 'still hidden: nothing stored');

      const shown = await mod.post(`/en/comments/${id}/unhide`, { reason: 'Sharp but on topic' }, THING);
      assert.equal(shown.statusCode, 303);
      assert.equal(shown.headers.location, `/en/things/1#comment-${id}`);
      for (const page of [await (await as('dee')).get(THING), await urbis.app.inject(THING)]) {
        assert.match(articleOf(page.body, id), /A sharp remark about the budget\./);
        assert.ok(!articleOf(page.body, id).includes('Hidden by a moderator'));
      }
      const forAuthor = articleOf((await ana.get(THING)).body, id);
      assert.ok(!forAuthor.includes('Reason:'), 'the author no longer sees the notice');
      assert.match(forAuthor, /Edit your comment/, 'and may edit again');
      const row = await findComment(urbis.ctx.db, id);
      assert.equal(row?.hidden_at, null);
      assert.equal(row?.hidden_by, null);
      assert.equal(row?.hidden_reason, null);
      assert.ok(row?.reviewed_at);

      const [unhide] = await auditOf(urbis, 'comments.unhide');
      assert.equal(unhide?.actor_id, ids.mod);
      assert.equal(unhide?.subject_id, String(id));
      assert.deepEqual(detailsOf(unhide?.details), {
        reason: 'Sharp but on topic',
        reports: 0,
        hiddenBy: 'moderator',
        hiddenReason: 'Please keep it civil',
      });
      assert.equal((await auditOf(urbis, 'comments.hide')).length, 1);
      assert.deepEqual(
        (await notificationsOf(urbis, ids.ana)).map((n) => n.kind),
        ['comments.notification.hidden', 'comments.notification.unhidden'],
      );
      assert.equal(
        (await mod.post(`/en/comments/${id}/unhide`, { reason: 'Again' }, THING)).statusCode,
        404,
        'nothing left to show again',
      );
      assert.equal((await mod.get(unhidePage)).statusCode, 404, 'nor a page for it');
    },
  );

  test(
    'after a moderator’s review the report count starts again, ' + 'and those who reported cannot hide it again alone',
    async (t) => {
      const { urbis, as } = await setUp(t, engine, { URBIS_COMMENT_REPORT_LIMIT: '2' });
      const id = await post(await as('ana'), 'Not everyone will like this.');
      for (const who of ['ben', 'cy'] as const)
        assert.equal(
          (await (await as(who)).post(`/en/comments/${id}/report`, { reason: 'I disagree' }, THING)).statusCode,
          303,
        );
      assert.equal((await findComment(urbis.ctx.db, id))?.hidden_by, null);
      assert.ok((await findComment(urbis.ctx.db, id))?.hidden_at, 'hidden automatically');
      const mod = await as('mod');
      assert.deepEqual(actionsOf((await mod.get(THING)).body, id), [
        ['Keep the comment by Ana Horvat hidden, with a reason', `/en/comments/${id}/hide`],
        ['Show the comment by Ana Horvat again', `/en/comments/${id}/unhide`],
      ]);
      assert.match(
        (await mod.get(`/en/comments/${id}/unhide`)).body,
        /<p>Not everyone will like this\.<\/p>/,
        'hidden automatically: the moderator reads it there',
      );
      assert.equal(
        (
          await mod.post(
            `/en/comments/${id}/unhide`,
            { reason: 'Disagreement is not abuse' },
            `/en/comments/${id}/unhide`,
          )
        ).statusCode,
        303,
      );
      const reviewed = await findComment(urbis.ctx.db, id);
      assert.equal(reviewed?.hidden_at, null);
      assert.equal(reviewed?.report_count, 0);
      const [audit] = await auditOf(urbis, 'comments.unhide');
      assert.deepEqual(detailsOf(audit?.details), {
        reason: 'Disagreement is not abuse',
        reports: 2,
        hiddenBy: 'reports',
        hiddenReason: '',
      });

      // Ben reported before: once per person still holds.
      const ben = await as('ben');
      assert.match(articleOf((await ben.get(THING)).body, id), /You reported this comment\./);
      assert.equal((await ben.post(`/en/comments/${id}/report`, { reason: 'Again' }, THING)).statusCode, 303);
      assert.equal((await findComment(urbis.ctx.db, id))?.report_count, 0);
      assert.equal(
        (await (await as('dee')).post(`/en/comments/${id}/report`, { reason: 'Rude' }, THING)).statusCode,
        303,
      );
      assert.equal((await findComment(urbis.ctx.db, id))?.hidden_at, null, 'one new report is below the limit');
      // Reported but visible: the moderator may hide it, or dismiss the report, each on its page.
      const dismissPage = actionLink(
        (await mod.get(THING)).body,
        id,
        'Dismiss the reports on the comment by Ana Horvat',
      );
      assert.equal(dismissPage, `/en/comments/${id}/unhide`);
      const dismiss = await mod.get(dismissPage);
      assert.match(dismiss.body, /<h1>Dismiss the reports on a comment<\/h1>/);
      assert.match(dismiss.body, /Why may it stay\? \(kept in the audit log\)/);
      assert.equal((await (await as('dee')).get(dismissPage)).statusCode, 404, 'not for those who reported it');
      assert.match(
        (await mod.get(actionLink((await mod.get(THING)).body, id, 'Hide the comment by Ana Horvat'))).body,
        /<h1>Hide a comment<\/h1>/,
      );
      assert.equal(
        (await (await as('owner')).post(`/en/comments/${id}/report`, { reason: 'Rude indeed' }, THING)).statusCode,
        303,
      );
      assert.ok((await findComment(urbis.ctx.db, id))?.hidden_at, 'two new reports hide it again');
    },
  );

  test(
    'a moderator keeps an automatically hidden comment hidden with a reason, ' + 'which the author then reads',
    async (t) => {
      const { urbis, ids, as } = await setUp(t, engine, { URBIS_COMMENT_REPORT_LIMIT: '1' });
      const ana = await as('ana');
      const id = await post(ana, 'Visit my shop.');
      await (await as('ben')).post(`/en/comments/${id}/report`, { reason: 'Spam' }, THING);
      assert.match(articleOf((await ana.get(THING)).body, id), /several readers reported it/);
      const mod = await as('mod');
      const keepPage = actionLink(
        (await mod.get(THING)).body,
        id,
        'Keep the comment by Ana Horvat hidden, with a reason',
      );
      const form = await mod.get(keepPage);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /<h1>Keep a comment hidden<\/h1>/);
      assert.match(form.body, /<p>Visit my shop\.<\/p>/);
      assert.match(form.body, new RegExp(`<form method="post" action="/en/comments/${id}/hide" novalidate>`));
      const empty = await mod.post(`/en/comments/${id}/hide`, { reason: '' }, keepPage);
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /<h1>Keep a comment hidden<\/h1>/);
      assert.match(empty.body, /<p>Visit my shop\.<\/p>/, 'sent back, the page still shows the comment');
      assert.equal((await mod.post(`/en/comments/${id}/hide`, { reason: 'Advertising' }, THING)).statusCode, 303);
      assert.match(articleOf((await ana.get(THING)).body, id), /Reason: Advertising/);
      assert.equal((await findComment(urbis.ctx.db, id))?.hidden_by, ids.mod);
      assert.equal(
        (await mod.post(`/en/comments/${id}/hide`, { reason: 'Twice' }, THING)).statusCode,
        404,
        'a moderator’s decision is not hidden over',
      );
      const [audit] = await auditOf(urbis, 'comments.hide');
      assert.deepEqual(detailsOf(audit?.details), { reason: 'Advertising', wasHiddenAutomatically: true, reports: 1 });
    },
  );

  test('the moderation queue: who may open it, what it lists, its pages, and acting from it', async (t) => {
    const { urbis, ids, as } = await setUp(t, engine);
    const db = urbis.ctx.db;
    const at = (i: number) => new Date(Date.UTC(2026, 5, 1, 0, 0, i)).toISOString();
    await createUser(db, {
      email: 'admin@example.eu',
      handle: 'admin',
      displayName: 'Ada Admin',
      password: STRONG_PASSWORD,
      isAdmin: true,
    });
    const admin = new Browser(urbis.app, { remoteAddress: '10.0.1.1' });
    assert.equal((await admin.signIn('admin@example.eu', STRONG_PASSWORD)).statusCode, 303);
    const mod = await as('mod');
    const ben = await as('ben');

    // Visitors are asked to sign in; people who moderate nothing do not learn the page exists.
    assert.equal((await urbis.app.inject(QUEUE)).headers.location, `/en/sign-in?next=${encodeURIComponent(QUEUE)}`);
    const anonymous = await urbis.app.inject('/api/v1/comments/reported');
    assert.equal(anonymous.statusCode, 401);
    assert.match(String(anonymous.headers['content-type']), /application\/problem\+json/);
    assert.equal((await ben.get(QUEUE)).statusCode, 404);
    assert.equal((await ben.get('/api/v1/comments/reported')).statusCode, 404);
    // A moderator of content that has no comments yet has nothing to moderate; an administrator always may look.
    assert.equal((await mod.get(QUEUE)).statusCode, 404);
    const adminEmpty = await admin.get(QUEUE);
    assert.equal(adminEmpty.statusCode, 200);
    assert.match(adminEmpty.body, /Nothing to review/);

    const quiet = await insertComment(db, {
      subjectType: 'thing',
      subjectId: 1,
      parent: null,
      authorId: ids.ana,
      body: 'Nothing wrong here',
      lang: 'en',
      createdAt: at(0),
    });
    const first = await mod.get(QUEUE);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /Nothing to review/);
    assert.deepEqual(articles(first.body), []);
    assert.match(
      (await mod.get(THING)).body,
      /<a href="\/en\/comments\/reported">Reported and hidden comments<\/a>/,
      'moderators find the queue under the thread',
    );
    assert.ok(!(await ben.get(THING)).body.includes('/en/comments/reported'), 'others do not');

    // 52 reported comments on thing 1, a deleted and a hidden one, and a reported one on thing 2 that nobody may see.
    const flagged: number[] = [];
    for (let i = 0; i < 52; i += 1) {
      const id = await insertComment(db, {
        subjectType: 'thing',
        subjectId: 1,
        parent: null,
        authorId: ids.ana,
        body: `Flagged ${i}`,
        lang: 'en',
        createdAt: at(10 + i),
      });
      await insertReport(db, id, ids.ben, `Reason ${i}`, at(100 + i));
      flagged.push(id);
    }
    await insertReport(db, flagged[51]!, ids.cy, 'A second reason', at(200));
    const gone = await insertComment(db, {
      subjectType: 'thing',
      subjectId: 1,
      parent: null,
      authorId: ids.ana,
      body: 'Reported then deleted',
      lang: 'en',
      createdAt: at(300),
    });
    await insertReport(db, gone, ids.ben, 'Whatever', at(301));
    await markDeleted(db, gone, at(302));
    const secret = await insertComment(db, {
      subjectType: 'thing',
      subjectId: 2,
      parent: null,
      authorId: ids.ana,
      body: 'On a secret thing',
      lang: 'en',
      createdAt: at(400),
    });
    await insertReport(db, secret, ids.ben, 'Hidden thing', at(401));
    // A reply deep in a long thread: the link in context opens the whole branch.
    let parent = await findComment(db, quiet);
    for (let i = 0; i < 7; i += 1) {
      const id = await insertComment(db, {
        subjectType: 'thing',
        subjectId: 1,
        parent,
        authorId: ids.cy,
        body: `Reply ${i}`,
        lang: 'en',
        createdAt: at(500 + i),
      });
      parent = await findComment(db, id);
    }
    const deep = parent!.id;
    await markHidden(db, deep, ids.mod, 'Off topic', at(600));

    const page1 = await mod.get(QUEUE);
    assert.equal(page1.statusCode, 200);
    const listed = articles(page1.body);
    assert.equal(listed.length, 50);
    assert.deepEqual(
      listed,
      [deep, ...flagged.slice(3).reverse()],
      'newest first; deleted comments and others’ targets left out',
    );
    assert.ok(!page1.body.includes('On a secret thing'));
    assert.ok(!page1.body.includes('Reported then deleted'));
    const newest = articleOf(page1.body, flagged[51]!);
    assert.match(newest, /2 open reports/);
    assert.match(newest, /<li>A second reason<\/li><li>Reason 51<\/li>/, 'reasons newest first, reporters not named');
    assert.ok(!newest.includes('Ben Brandt'));
    assert.match(newest, /Visible to everyone\./);
    assert.match(newest, /Hide the comment by Ana Horvat/);
    assert.match(newest, /Dismiss the reports on the comment by Ana Horvat/);
    assert.match(newest, /<input type="hidden" name="from" value="reported"\/>/);
    const hidden = articleOf(page1.body, deep);
    assert.match(hidden, /Hidden by a moderator\. Reason given to the author: Off topic/);
    assert.match(hidden, /Reply 6/, 'moderators read the text of hidden comments here');
    const inContext = new RegExp(
      `<a href="(/en/things/1\\?thread=${quiet}#comment-${deep})">See the comment by Cy Costa in its thread</a>`,
    ).exec(hidden)?.[1];
    assert.ok(inContext, 'a link to it in its thread');
    assert.match(
      articleOf((await mod.get(inContext.replace(/#.*/, ''))).body, deep),
      /Hidden by a moderator/,
      'which shows it, folded away on the first page',
    );
    assert.match(page1.body, /<nav class="pagination" aria-label="Pages of reported comments">/);
    assert.ok(!page1.body.includes('Newest reported comments'), 'no way back from the first page');
    const older = /<a href="([^"]+)" rel="next">Older reported comments<\/a>/.exec(page1.body)?.[1];
    assert.equal(older, `/en/comments/reported?before=${flagged[3]}`);
    const page2 = await mod.get(older!);
    assert.deepEqual(articles(page2.body), [flagged[2], flagged[1], flagged[0]]);
    assert.match(page2.body, /<a href="\/en\/comments\/reported">Newest reported comments<\/a>/);
    assert.ok(!page2.body.includes('rel="next"'));
    assert.deepEqual(
      articles((await admin.get(QUEUE)).body),
      [],
      'an administrator sees only what they may moderate (the things module lets only mod)',
    );

    // The JSON twin, documented.
    const json = (await mod.get('/api/v1/comments/reported')).json();
    assert.equal(json.items.length, 50);
    assert.equal(json.next, flagged[3]);
    assert.deepEqual(json.items[1], {
      id: flagged[51],
      parentId: null,
      state: 'visible',
      author: { handle: 'ana', displayName: 'Ana Horvat' },
      body: 'Flagged 51',
      lang: 'en',
      createdAt: at(61),
      editedAt: null,
      target: { type: 'thing', id: 1, title: 'A thing to talk about', lang: 'en', path: '/things/1' },
      inContext: `/things/1?thread=${flagged[51]}#comment-${flagged[51]}`,
      reports: 2,
      reasons: ['A second reason', 'Reason 51'],
      hidden: null,
    });
    assert.deepEqual(json.items[0].hidden, { at: at(600), byModerator: true, reason: 'Off topic' });
    assert.equal((await mod.get(`/api/v1/comments/reported?before=${json.next}`)).json().items.length, 3);
    const bad = await mod.get('/api/v1/comments/reported?before=soon');
    assert.equal(bad.statusCode, 400);
    assert.match(String(bad.headers['content-type']), /application\/problem\+json/);
    assert.deepEqual(
      bad.json().errors.map((e: { pointer: string }) => e.pointer),
      ['/querystring/before'],
    );
    const openapi = (await urbis.app.inject('/api/openapi.json')).json();
    assert.ok(openapi.paths['/api/v1/comments/reported']?.get, 'documented');

    // Acting from the queue comes back to it, saying what was done.
    const dismissed = await mod.post(
      `/en/comments/${flagged[51]}/unhide`,
      { reason: 'Fine by the rules', from: 'reported' },
      QUEUE,
    );
    assert.equal(dismissed.headers.location, `/en/comments/reported?done=dismissed#comment-${flagged[51]}`);
    const afterDismiss = await mod.get('/en/comments/reported?done=dismissed');
    assert.match(afterDismiss.body, /The reports are dismissed; the comment stays visible\./);
    assert.ok(!articles(afterDismiss.body).includes(flagged[51]!), 'settled: off the queue');
    assert.equal((await auditOf(urbis, 'comments.dismissReports')).length, 1);
    assert.deepEqual(
      await notificationsOf(urbis, ids.ana),
      [],
      'nothing to tell the author of a comment that stayed visible',
    );
    const hideFromQueue = await mod.post(
      `/en/comments/${flagged[50]}/hide`,
      { reason: 'Insulting', from: 'reported' },
      QUEUE,
    );
    assert.equal(hideFromQueue.headers.location, `/en/comments/reported?done=hidden#comment-${flagged[50]}`);
    assert.match(
      articleOf((await mod.get(QUEUE)).body, flagged[50]!),
      /Reason given to the author: Insulting/,
      'hidden ones stay listed, to be shown again',
    );
    const sentBack = await mod.post(`/en/comments/${deep}/unhide`, { reason: '', from: 'reported' }, QUEUE);
    assert.equal(sentBack.statusCode, 400);
    assert.match(
      sentBack.body,
      /<input type="hidden" name="from" value="reported"\/>/,
      'a form sent back still returns to the queue',
    );
    assert.match(sentBack.body, /<a href="\/en\/comments\/reported#comment-\d+">Back without saving<\/a>/);
    const unhidden = await mod.post(
      `/en/comments/${deep}/unhide`,
      { reason: 'On topic after all', from: 'reported' },
      QUEUE,
    );
    assert.equal(unhidden.headers.location, `/en/comments/reported?done=unhidden#comment-${deep}`);
    assert.match((await mod.get('/en/comments/reported?done=unhidden')).body, /The comment is visible again\./);

    // Forms need their CSRF token.
    const noToken = await urbis.app.inject({
      method: 'POST',
      url: `/en/comments/${flagged[49]}/unhide`,
      headers: { cookie: mod.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'reason=No+token',
    });
    assert.equal(noToken.statusCode, 403);
    assert.equal((await findComment(db, flagged[49]!))?.report_count, 1);
  });

  test('the queue in Czech', async (t) => {
    const { urbis, ids, as } = await setUp(t, engine, { URBIS_COMMENT_REPORT_LIMIT: '2' });
    const id = await insertComment(urbis.ctx.db, {
      subjectType: 'thing',
      subjectId: 1,
      parent: null,
      authorId: ids.ana,
      body: 'Text',
      lang: 'en',
      createdAt: new Date().toISOString(),
    });
    for (const who of ['ben', 'cy'] as const)
      await (await as(who)).post(`/cs/comments/${id}/report`, { reason: 'Nevhodné' }, '/cs/things/1');
    const page = await (await as('mod')).get('/cs/comments/reported');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Nahlášené a skryté komentáře<\/h1>/);
    assert.match(page.body, /2 otevřená hlášení/);
    assert.match(page.body, /Skrytý automaticky po hlášeních/);
    assert.match(page.body, /Ponechat komentář uživatele Ana Horvat skrytý, s důvodem/);
    assert.match(page.body, /Znovu zobrazit komentář uživatele Ana Horvat/);
    assert.match(
      page.body,
      /<div class="comment__body" lang="en">/,
      'English text on a Czech page carries its language',
    );
    const keep = await (await as('mod')).get(`/cs/comments/${id}/hide`);
    assert.equal(keep.statusCode, 200);
    assert.match(keep.body, /<h1>Ponechat komentář skrytý<\/h1>/);
    assert.match(keep.body, /<span class="comment__author">Komentář uživatele Ana Horvat<\/span>/);
    assert.match(keep.body, /<blockquote><div class="comment__body" lang="en"><p>Text<\/p><\/div><\/blockquote>/);
    assert.match(keep.body, /<a href="\/cs\/things\/1#comment-\d+">Zpět bez uložení<\/a>/);
  });

  test(
    'the API: a moderator hides, shows again and dismisses with a token; others learn nothing; ' +
      'a missing reason is a problem',
    async (t) => {
      const { urbis, ids, as } = await setUp(t, engine);
      const ana = await as('ana');
      const id = await post(ana, 'Something sharp about the budget.');
      const tokens = {
        mod: (await createAccessToken(urbis.ctx, ids.mod, 'moderation')).token,
        ben: (await createAccessToken(urbis.ctx, ids.ben, 'script')).token,
      };
      const call = (who: keyof typeof tokens, action: 'hide' | 'unhide', payload: unknown, target = id) =>
        urbis.app.inject({
          method: 'POST',
          url: `/api/v1/comments/${target}/${action}`,
          headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });

      assert.equal(
        (await call('ben', 'hide', { reason: 'I do not like it' })).statusCode,
        404,
        'not a moderator: as if there were no such comment',
      );
      assert.equal((await call('mod', 'hide', { reason: 'x' }, 999999)).statusCode, 404);
      assert.equal(
        (await call('mod', 'unhide', { reason: 'Nothing to review' })).statusCode,
        404,
        'neither hidden nor reported',
      );
      const missing = await call('mod', 'hide', {});
      assert.equal(missing.statusCode, 400);
      assert.match(String(missing.headers['content-type']), /^application\/problem\+json/);
      assert.deepEqual(
        missing.json().errors.map((e: { pointer: string }) => e.pointer),
        ['/body/reason'],
      );
      assert.equal((await findComment(urbis.ctx.db, id))?.hidden_at, null, 'nothing stored');

      const hidden = await call('mod', 'hide', { reason: 'Please keep it civil' });
      assert.equal(hidden.statusCode, 200);
      assert.equal(hidden.json().outcome, 'hidden');
      assert.equal(hidden.json().comment.state, 'hidden');
      assert.equal(hidden.json().comment.body, null, 'shown as the thread shows it');
      assert.match(articleOf((await ana.get(THING)).body, id), /Please keep it civil/, 'the author reads the reason');
      assert.deepEqual(await notificationsOf(urbis, ids.ana), [
        { kind: 'comments.notification.hidden', path: `/things/1#comment-${id}` },
      ]);
      assert.equal((await call('mod', 'hide', { reason: 'Again' })).statusCode, 404, 'no second hiding');

      const shown = await call('mod', 'unhide', { reason: 'Sharp but on topic' });
      assert.equal(shown.statusCode, 200);
      assert.deepEqual(
        [shown.json().outcome, shown.json().comment.state, shown.json().comment.body],
        ['unhidden', 'visible', 'Something sharp about the budget.'],
      );
      assert.equal(
        (await (await as('ben')).post(`/en/comments/${id}/report`, { reason: 'Rude' }, THING)).statusCode,
        303,
      );
      const dismissed = await call('mod', 'unhide', { reason: 'Disagreement is not abuse' });
      assert.equal(dismissed.json().outcome, 'dismissed');
      assert.deepEqual(
        (await auditOf(urbis, 'comments.hide'))
          .concat(await auditOf(urbis, 'comments.unhide'), await auditOf(urbis, 'comments.dismissReports'))
          .map((r) => [r.actor_id, detailsOf(r.details).reason]),
        [
          [ids.mod, 'Please keep it civil'],
          [ids.mod, 'Sharp but on topic'],
          [ids.mod, 'Disagreement is not abuse'],
        ],
      );
      // Visible in the OpenAPI document.
      const openapi = (await urbis.app.inject({ url: '/api/openapi.json' })).json();
      assert.ok(openapi.paths['/api/v1/comments/{id}/hide']?.post, 'hide is documented');
      assert.ok(openapi.paths['/api/v1/comments/{id}/unhide']?.post, 'unhide is documented');
    },
  );
});
