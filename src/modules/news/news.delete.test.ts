// Deleting a post: who may, what it asks first, and that nothing of it is left behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { notify } from '../notifications/index.js';
import { filesIn } from '../../../test/support/news-attachments.js';
import { DRAFT, MEMBERS_ONLY, SEED, setUp } from '../../../test/support/news.js';

const NEWS = '/en/partnerships/digital-transition/news';

forEachEngine('news: deleting a post', (engine) => {
  test(
    'a coordinator deletes the seed post: asked first, then it goes with its comments, tags, ' +
      'translations and attachment, audited',
    async (t) => {
      const { urbis, as, ids } = await setUp(t, engine);
      const db = urbis.ctx.db;
      const slug = SEED.split('/').pop()!;
      const post = await db
        .selectFrom('news_posts')
        .select(['id', 'title'])
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow();
      const count = async (table: 'comments' | 'taggings') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('subject_type', '=', 'post')
              .where('subject_id', '=', post.id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      assert.ok(
        (await count('comments')) >= 2 && (await count('taggings')) === 6,
        'the seed post has comments and six tags',
      );
      // Links to the post elsewhere: notifications about it or a comment on it, the activity stream.
      for (const path of [SEED, `${SEED}#comment-1`, `${SEED}?thread=2#comment-3`, `${SEED}-2`]) {
        await notify({ db }, ids.member, { kind: 'comments.notification.reply', subject: post.title, path });
      }
      const activityAbout = () =>
        db
          .selectFrom('partnership_activity')
          .select(['subject', 'path'])
          .where('subject_type', '=', 'post')
          .where('subject_id', '=', post.id)
          .execute();
      assert.deepEqual(await activityAbout(), [{ subject: '', path: null }], 'the activity stream refers to the post');
      assert.match((await as.visitor.get('/en/partnerships/digital-transition')).body, new RegExp(`href="/en${SEED}"`));
      const filesBefore = filesIn(urbis.ctx.config.uploadsDir).kept.length;
      assert.ok(filesBefore >= 1, 'the seed post has an attachment on disk');

      // Only coordinators (and administrators) are offered it, and only they reach the page.
      assert.match((await as.coordinator.get(`/en${SEED}`)).body, new RegExp(`href="/en${SEED}/delete"`));
      assert.doesNotMatch((await as.member.get(`/en${SEED}`)).body, /\/delete"/);
      for (const who of ['member', 'otherMember', 'outsider'] as const) {
        assert.equal((await as[who].get(`/en${SEED}/delete`)).statusCode, 404, who);
        assert.equal((await as[who].post(`/en${SEED}/delete`, {}, `/en${SEED}`)).statusCode, 404, who);
      }
      const ask = await as.coordinator.get(`/en${SEED}/delete`);
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /<h1>Delete this post\?<\/h1>/);
      assert.match(ask.body, /with its 3 comments, its 1 attachment, its translations and its tags\./);
      const cs = await as.coordinator.get(`/cs${SEED}/delete`);
      assert.match(cs.body, /<h1>Smazat tento příspěvek\?<\/h1>/);
      assert.match(cs.body, /spolu s 3 komentáři, 1 přílohou, překlady a štítky\./);

      const done = await as.coordinator.post(`/en${SEED}/delete`, {}, `/en${SEED}/delete`);
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, `${NEWS}?done=deleted`);
      assert.match(
        (await as.coordinator.get(String(done.headers.location))).body,
        /The post was deleted\./,
        'the list says so',
      );
      assert.doesNotMatch((await as.coordinator.get(NEWS)).body, /The post was deleted/);
      for (const who of ['visitor', 'member', 'coordinator'] as const)
        assert.equal((await as[who].get(`/en${SEED}`)).statusCode, 404, `${who}: gone`);
      assert.doesNotMatch((await as.visitor.get(NEWS)).body, new RegExp(post.title.slice(0, 30)));
      assert.doesNotMatch((await as.visitor.get('/en/tags/dg-cnect')).body, new RegExp(slug));
      assert.doesNotMatch((await as.visitor.get(`${NEWS}.atom`)).body, new RegExp(slug));
      assert.equal(await count('comments'), 0);
      assert.equal(await count('taggings'), 0);
      assert.equal(
        (await db.selectFrom('news_post_translations').select('post_id').where('post_id', '=', post.id).execute())
          .length,
        0,
      );
      assert.equal(
        (await db.selectFrom('news_attachments').select('id').where('post_id', '=', post.id).execute()).length,
        0,
      );
      assert.equal(filesIn(urbis.ctx.config.uploadsDir).kept.length, filesBefore - 1, 'the file is gone from the disk');
      // Notifications about it are gone (not one about another address that begins the same);
      // so is the activity line about it, and with it everything of it the stream showed.
      const left = await db.selectFrom('notifications').select('path').where('user_id', '=', ids.member).execute();
      assert.deepEqual(
        left.map((n) => n.path),
        [`${SEED}-2`],
      );
      assert.deepEqual(await activityAbout(), []);
      assert.doesNotMatch((await as.visitor.get('/en/partnerships/digital-transition')).body, /Luxembourg meeting/);
      const audit = await db
        .selectFrom('core_audit_log')
        .select(['actor_id', 'subject_id'])
        .where('action', '=', 'news.delete')
        .execute();
      assert.deepEqual(audit, [{ actor_id: ids.coordinator, subject_id: String(post.id) }]);
    },
  );

  test(
    'an author deletes their own draft, not once it is out; the API deletes with a token (204), ' +
      'then it is not there',
    async (t) => {
      const { as } = await setUp(t, engine);
      const written = await as.member.post(
        NEWS,
        { title: 'A note to withdraw', summary: '', body: 'Text.', tags: 'lab', lang: 'en' },
        `${NEWS}/new`,
      );
      assert.equal(written.statusCode, 303);
      const path = String(written.headers.location);
      assert.match((await as.member.get(path)).body, new RegExp(`href="${path}/delete"`), 'its author is offered it');
      assert.equal((await as.otherMember.get(`${path}/delete`)).statusCode, 404, 'not another member');
      assert.equal((await as.member.post(`${path}/delete`, {}, `${path}/delete`)).statusCode, 303);
      assert.equal((await as.member.get(path)).statusCode, 404);

      // Someone else's draft, and a published post, are not the member's to delete.
      assert.equal((await as.member.get(`/en${DRAFT}/delete`)).statusCode, 404);
      const again = await as.member.post(
        NEWS,
        { title: 'A note that stays', summary: '', body: 'Text.', tags: '', lang: 'en' },
        `${NEWS}/new`,
      );
      const kept = String(again.headers.location);
      assert.equal((await as.coordinator.post(`${kept}/publish`, {}, kept)).statusCode, 303);
      assert.equal((await as.member.get(`${kept}/delete`)).statusCode, 404, 'out: only coordinators delete it now');

      const created = await as.coordinator.post('/en/settings/tokens', { name: 'cleanup' }, '/en/settings/tokens');
      const token = /<code id="new-token">([^<]+)<\/code>/.exec(created.body)?.[1];
      assert.ok(token);
      const api = `/api/v1/partnerships/digital-transition/posts/${MEMBERS_ONLY.split('/').pop()}`;
      const call = (method: 'GET' | 'DELETE') =>
        as.visitor.app.inject({ method, url: api, headers: { authorization: `Bearer ${token}` } });
      assert.equal((await call('GET')).statusCode, 200);
      const deleted = await call('DELETE');
      assert.equal(deleted.statusCode, 204);
      assert.equal(deleted.body, '');
      assert.equal((await call('GET')).statusCode, 404);
      assert.equal((await call('DELETE')).statusCode, 404);
      const openapi = (await as.visitor.get('/api/openapi.json')).json();
      assert.ok(openapi.paths['/api/v1/partnerships/{slug}/posts/{post}']?.delete, 'documented');
    },
  );
});
