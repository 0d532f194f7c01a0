// The search sources of actions, deliverables, the register's items, organisations, people,
// partnerships and comments, on the demo, on both engines: the demo is indexed for every type; each
// source's item is found by those its content type's one rule lets see it and by no one else (a
// members-only action and its deliverable, a suggestion, a proposed organisation, a deleted account, a
// hidden comment and one under a members-only post), after the index job ran; the new content types
// say what their module's pages show (describe, visibleIds and the page agree, for every role).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { forEachEngine } from '../../../test/helpers/app.js';
import { MEMBERS_ONLY, SEED, setUp, type Role } from '../../../test/support/news.js';
import { createOpportunity, storeProfile } from '../../../test/support/search-sources.js';
import { contentTypesOf, describeContent, type ContentAudience } from '../../core/module.js';
import { deleteAccount } from '../accounts/index.js';
import { createAction, maySeeAction } from '../actions/index.js';
import { audienceOf, partnershipIdOf } from '../partnerships/index.js';
import { runIndexJob } from './index.js';

type Who = Role | 'visitor';
const EVERYONE: Who[] = ['visitor', 'outsider', 'member', 'otherMember', 'coordinator', 'admin'];
const MEMBERS: Who[] = ['member', 'otherMember', 'coordinator', 'admin'];

forEachEngine('search sources', (engine) => {
  test('every type is indexed and found by those who may see it; the content types agree with the pages', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const ctx = urbis.ctx;
    const db = ctx.db;
    const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
    const actorOf = (who: Who) =>
      who === 'visitor'
        ? ({ kind: 'visitor' } as const)
        : ({ kind: 'user', id: ids[who], isAdmin: who === 'admin' } as Parameters<typeof audienceOf>[1]);
    const audiences = new Map<Who, ContentAudience>();
    for (const who of EVERYONE) audiences.set(who, await audienceOf(ctx, actorOf(who)));

    /** Who finds `path` (of `type`) with `q`, by the API; the page agrees for the first and last reader. */
    const finders = async (q: string, type: string, path: string) => {
      const found: Who[] = [];
      for (const who of EVERYONE) {
        const response = await as[who].get(`/api/v1/search?q=${encodeURIComponent(q)}`);
        assert.equal(response.statusCode, 200, response.body.slice(0, 300));
        const results = (JSON.parse(response.body) as { results: { path: string; type: string }[] }).results;
        const api = results.some((r) => r.path === path && r.type === type);
        if (who === 'visitor' || who === 'admin') {
          const page = await as[who].get(`/en/search?q=${encodeURIComponent(q)}`);
          assert.equal(page.body.includes(`href="/en${path.replaceAll('&', '&amp;')}"`), api, `${who}: page and API`);
        }
        if (api) found.push(who);
      }
      return found;
    };
    /** describe, visibleIds and (when given) the page agree for every reader, on these ids of `type`. */
    const agree = async (type: string, itemIds: number[], page?: (who: Who, id: number) => Promise<boolean>) => {
      const content = contentTypesOf(ctx.modules).get(type);
      assert.ok(content, `${type} has a content type`);
      for (const who of EVERYONE) {
        const audience = audiences.get(who)!;
        const now = new Date();
        const visible = sql<Record<string, unknown>>`select * from (${content.visibleIds(db, audience, now)}) v`;
        const result: { rows: Record<string, unknown>[] } = await visible.execute(db);
        const filtered = new Set<number>(result.rows.map((r) => Number(Object.values(r)[0])));
        const named = await describeContent(
          ctx,
          itemIds.map((id) => ({ type, id })),
          audience,
          'en',
          now,
        );
        for (const id of itemIds) {
          const seen: boolean = filtered.has(id);
          assert.equal(named(type, id) !== undefined, seen, `${type} ${id}: describe and visibleIds agree for ${who}`);
          if (page) assert.equal(await page(who, id), seen, `${type} ${id}: the page agrees for ${who}`);
        }
      }
    };

    await t.test('the demo is indexed: every new type has documents', async () => {
      const counts = new Map(
        (
          await db
            .selectFrom('search_documents')
            .select((eb) => ['type', eb.fn.countAll<number>().as('n')])
            .groupBy('type')
            .execute()
        ).map((r) => [r.type, Number(r.n)]),
      );
      for (const type of ['action', 'deliverable', 'opportunity', 'organisation', 'person', 'partnership', 'comment'])
        assert.ok((counts.get(type) ?? 0) > 0, `${type}: ${counts.get(type) ?? 0} documents`);
      assert.equal(
        counts.get('action'),
        Number(
          (
            await db
              .selectFrom('actions')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      );
      // Only what a profile shows: never an e-mail address.
      const people = await db.selectFrom('search_documents').select('body').where('type', '=', 'person').execute();
      assert.ok(
        people.every((p) => !p.body.includes('@')),
        'no e-mail address in a person’s document',
      );
    });

    await t.test('a partnership, an organisation, a person: found by everyone', async () => {
      // The test's people were added after the demo's index was built: their accounts were marked.
      await runIndexJob(ctx);
      assert.deepEqual(
        await finders('digital transition', 'partnership', '/partnerships/digital-transition'),
        EVERYONE,
      );
      const org = await db
        .selectFrom('organisations')
        .select(['slug', 'name'])
        .where('status', '=', 'approved')
        .where('kind', '=', 'city')
        .executeTakeFirstOrThrow();
      assert.deepEqual(await finders(org.name, 'organisation', `/organisations/${org.slug}`), EVERYONE);
      assert.deepEqual(await finders('kaja tamm', 'person', '/people/kaja'), EVERYONE);
      // In Czech without diacritics.
      const cs = await as.visitor.get(`/cs/search?q=${encodeURIComponent('pavel dvorak')}`);
      assert.match(cs.body, /Pavel Dvořák/);
    });

    await t.test('a members-only action and its deliverable: its partnership’s members', async () => {
      const action = await createAction(
        db,
        {
          partnershipId: dtp,
          title: 'Quokka sensors for the tram depot',
          description: 'Counting wombats.',
          lang: 'en',
          status: 'planned',
          membersOnly: true,
          deliverables: [{ title: 'Narwhal report on the depot', type: 'report', status: 'planned' }],
        },
        { userId: ids.coordinator, at: new Date().toISOString() },
      );
      const path = `/partnerships/digital-transition/actions/${action.number}`;
      assert.deepEqual(await finders('quokka', 'action', path), [], 'not before the job ran');
      await runIndexJob(ctx);
      assert.deepEqual(await finders('quokka sensors', 'action', path), MEMBERS);
      assert.deepEqual(await finders('wombats', 'action', path), MEMBERS);
      assert.deepEqual(await finders('narwhal', 'deliverable', `${path}#action-deliverables`), MEMBERS);
      const deliverables = await db.selectFrom('action_deliverables').select(['id', 'action_id']).execute();
      await agree(
        'deliverable',
        deliverables.map((d) => d.id),
      );
      for (const who of EVERYONE)
        assert.equal(
          (
            await describeContent(
              ctx,
              [{ type: 'deliverable', id: deliverables.at(-1)!.id }],
              audiences.get(who)!,
              'en',
              new Date(),
            )
          )('deliverable', deliverables.at(-1)!.id) !== undefined,
          maySeeAction(audiences.get(who)!, { partnershipId: dtp, membersOnly: true }),
        );
    });

    await t.test('a suggestion to the register: the person who made it', async () => {
      const item = await createOpportunity(
        db,
        {
          kind: 'call',
          title: 'Axolotl grants for river cities',
          summary: 'Suggested by a member.',
          lang: 'en',
          timeZone: 'Europe/Brussels',
          state: 'suggested',
          suggestedBy: ids.member,
        },
        { userId: ids.member, at: new Date().toISOString() },
      );
      await runIndexJob(ctx);
      assert.deepEqual(await finders('axolotl', 'opportunity', `/funding/${item.id}`), ['member']);
    });

    await t.test('a proposed organisation: its proposer and administrators; then everyone', async () => {
      const proposed = await as.member.post(
        '/en/organisations/propose',
        { name: 'Pangolin Valley Water Board', kind: 'other', country: 'CZ' },
        '/en/organisations/propose',
      );
      assert.equal(proposed.statusCode, 303, proposed.body.slice(0, 500));
      const org = await db
        .selectFrom('organisations')
        .select(['id', 'slug'])
        .where('name', '=', 'Pangolin Valley Water Board')
        .executeTakeFirstOrThrow();
      await runIndexJob(ctx);
      const path = `/organisations/${org.slug}`;
      assert.deepEqual(await finders('pangolin valley', 'organisation', path), ['member', 'admin']);
      const all = await db.selectFrom('organisations').select(['id', 'slug']).execute();
      await agree(
        'organisation',
        all.map((o) => o.id),
        async (who, id) =>
          (await as[who].get(`/en/organisations/${all.find((o) => o.id === id)!.slug}`)).statusCode === 200,
      );
      const review = await as.admin.post(
        `/en/organisations/${org.slug}/review`,
        { decision: 'approve' },
        '/en/organisations/proposals',
      );
      assert.ok([200, 303].includes(review.statusCode), `review: ${review.statusCode}`);
      await runIndexJob(ctx);
      assert.deepEqual(await finders('pangolin valley', 'organisation', path), EVERYONE);
    });

    await t.test(
      'a person’s profile: name, bio and confirmed organisations; a deleted account is found by no one',
      async () => {
        await storeProfile(db, ids.member, {
          displayName: 'Lotte Verbeek',
          locale: null,
          languages: ['nl'],
          bio: 'Keeps bees on the roofs of Capybara Street.',
          affiliations: [],
        });
        await runIndexJob(ctx);
        assert.deepEqual(await finders('capybara street', 'person', '/people/lotte'), EVERYONE);
        const users = await db.selectFrom('users').select(['id', 'handle']).execute();
        await deleteAccount(ctx, ids.outsider);
        await runIndexJob(ctx);
        assert.deepEqual(await finders('milan horak', 'person', '/people/milan'), []);
        const left = await db
          .selectFrom('search_documents')
          .select('id')
          .where('type', '=', 'person')
          .where('item_id', '=', ids.outsider)
          .execute();
        assert.equal(left.length, 0, 'the deleted account left the index');
        const handles = new Map(
          (await db.selectFrom('users').select(['id', 'handle']).execute()).map((u) => [u.id, u.handle]),
        );
        await agree(
          'person',
          users.map((u) => u.id).slice(-8),
          async (who, id) =>
            (await as[who === 'outsider' ? 'visitor' : who].get(`/en/people/${handles.get(id)}`)).statusCode === 200,
        );
      },
    );

    await t.test('comments: where their target is seen, never when hidden', async () => {
      const postId = async (path: string) =>
        (
          await db
            .selectFrom('news_posts')
            .select('id')
            .where('slug', '=', path.split('/').at(-1)!)
            .executeTakeFirstOrThrow()
        ).id;
      const comment = async (path: string, body: string) => {
        const sent = await as.coordinator.post(
          '/en/comments',
          { type: 'post', id: String(await postId(path)), body },
          `/en${path}`,
        );
        assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
        return Number(/#comment-(\d+)$/.exec(String(sent.headers.location))?.[1]);
      };
      const open = await comment(SEED, 'Tapirs would like the minutes in Czech.');
      const closed = await comment(MEMBERS_ONLY, 'Ocelots read this before the meeting.');
      await runIndexJob(ctx);
      const inThread = (path: string, id: number) => `${path}?thread=${id}#comment-${id}`;
      assert.deepEqual(await finders('tapirs minutes', 'comment', inThread(SEED, open)), EVERYONE);
      assert.deepEqual(await finders('ocelots', 'comment', inThread(MEMBERS_ONLY, closed)), MEMBERS);
      const all = (await db.selectFrom('comments').select('id').execute()).map((c) => c.id);
      await agree('comment', all);

      const hidden = await as.coordinator.post(`/en/comments/${open}/hide`, { reason: 'Off topic' }, `/en${SEED}`);
      assert.equal(hidden.statusCode, 303);
      await runIndexJob(ctx);
      assert.deepEqual(await finders('tapirs', 'comment', inThread(SEED, open)), [], 'hidden: found by no one');
      const left = await db
        .selectFrom('search_documents')
        .select('id')
        .where('type', '=', 'comment')
        .where('item_id', '=', open)
        .execute();
      assert.equal(left.length, 0, 'a hidden comment leaves the index');
      await agree('comment', all);
      const shown = await as.coordinator.post(
        `/en/comments/${open}/unhide`,
        { reason: 'Fine after all' },
        `/en${SEED}`,
      );
      assert.equal(shown.statusCode, 303);
      await runIndexJob(ctx);
      assert.deepEqual(await finders('tapirs', 'comment', inThread(SEED, open)), EVERYONE, 'shown again');
    });

    await t.test('partnerships: every partnership’s page is everyone’s, as its content type says', async () => {
      const all = await db.selectFrom('partnerships').select(['id', 'slug']).execute();
      await agree(
        'partnership',
        all.map((p) => p.id),
        async (who, id) =>
          (await as[who].get(`/en/partnerships/${all.find((p) => p.id === id)!.slug}`)).statusCode === 200,
      );
    });
  });
});
