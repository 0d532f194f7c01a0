// The search index on both engines, with a content type of the test's own (documents it makes up):
// accents both ways, prefixes as one types, every word required, titles first, facets and their
// counts, the index following marks through the job (no lost update), a rebuild, and hostile
// queries (the SQL injection and XSS lists, 10,000 characters, punctuation, the engines' operators):
// never an error, never markup from the input.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { stringsOf, uniqueStrings, xssLists } from '../../../test/helpers/corpora.js';
import { Browser } from '../../../test/support/accounts.js';
import { defineModule, type ModuleContext } from '../../core/module.js';
import type { SearchDocument } from '../../core/search/contract.js';
import {
  markForIndex,
  queryTerms,
  RECENT_DOCS,
  recentIndexFloor,
  refreshRecentIndex,
  searchIndex,
} from '../../core/search/search-index.js';
import { queryWords } from '../../core/search/text.js';
import { registeredModules } from '../../modules.js';
import { rebuildIndex, runIndexJob } from './index.js';

/** The documents the test's source answers, by id (what a module's tables would hold). */
const store = new Map<number, SearchDocument>();
/** Ids from here on are the test type's "members-only" items: signed-in readers only. */
const PRIVATE_FROM = 1000;

const doc = (id: number, fields: Partial<SearchDocument>): SearchDocument => ({
  type: 'sample',
  id,
  lang: 'en',
  title: `Item ${id}`,
  body: '',
  path: `/samples/${id}`,
  tags: [],
  partnershipId: null,
  date: '2024-05-01T10:00:00.000Z',
  ...fields,
});

const sampleModule = defineModule({
  id: 'sample',
  contentTypes: {
    sample: {
      visibleIds: (db, audience) =>
        db
          .selectFrom('search_documents')
          .select('item_id')
          .where('type', '=', 'sample')
          .where((eb) => (audience.userId === null ? eb('item_id', '<', PRIVATE_FROM) : sql<boolean>`1 = 1`))
          .$asScalar(),
      describe: async (ctx, ids, audience) => {
        const rows = await ctx.db
          .selectFrom('search_documents')
          .select(['item_id', 'title', 'path', 'lang'])
          .where('type', '=', 'sample')
          .where('item_id', 'in', [...ids])
          .execute();
        return new Map(
          rows
            .filter((r) => audience.userId !== null || r.item_id < PRIVATE_FROM)
            .map((r) => [r.item_id, { title: r.title, path: r.path, lang: r.lang }]),
        );
      },
    },
  },
  search: () => [
    {
      type: 'sample',
      documentsOf: async (_ctx: ModuleContext, ids: readonly number[]) =>
        ids.flatMap((id) => (store.has(id) ? [store.get(id)!] : [])),
      allIds: async function* () {
        yield [...store.keys()];
      },
    },
  ],
});

const DOCS: SearchDocument[] = [
  doc(1, {
    title: 'Životní prostředí ve městě',
    body: 'Jak města chrání zeleň a vodu.',
    lang: 'cs',
    tags: ['environment'],
  }),
  doc(2, {
    title: 'Parking policy for small towns',
    body: 'A plan for streets.',
    tags: ['mobility'],
    date: '2023-02-01T00:00:00.000Z',
  }),
  doc(3, {
    title: 'Street trees',
    body: 'Parking, parking, parking and more parking near the trees, and parking again.',
    tags: ['mobility', 'environment'],
  }),
  doc(4, { title: 'Harmless', body: 'It said <script>alert(1)</script> and "quotes" & more.', tags: ['environment'] }),
  doc(5, {
    title: 'Zelená infrastruktura',
    body: 'Parky a stromy v ulicích.',
    lang: 'cs',
    date: '2022-09-09T00:00:00.000Z',
  }),
  doc(PRIVATE_FROM + 1, { title: 'Members-only parking notes', body: 'Only for members.' }),
];

type Answer = {
  total: number;
  words: string[];
  results: { title: string; snippet: string; path: string }[];
  facets: Record<string, { value: string; count: number }[]>;
};

forEachEngine('search index', (engine) => {
  test('accents, prefixes, every word, ranking, facets, upkeep and hostile queries', async (t) => {
    store.clear();
    const urbis = await buildTestApp(t, engine, { modules: [...registeredModules, sampleModule] });
    const ctx = urbis.ctx;
    const visitor = new Browser(urbis.app, { remoteAddress: '10.0.1.1' });
    const api = async (query: string): Promise<Answer> => {
      const response = await visitor.get(`/api/v1/search?${query}`);
      assert.equal(response.statusCode, 200, `${query}: ${response.body.slice(0, 300)}`);
      return JSON.parse(response.body) as Answer;
    };
    const titles = async (q: string, extra = '') =>
      (await api(`q=${encodeURIComponent(q)}${extra}`)).results.map((r) => r.title);

    for (const d of DOCS) store.set(d.id, d);
    await ctx.db.transaction().execute((trx) => markForIndex(trx, 'sample', [...store.keys()]));
    const queued = await ctx.db.selectFrom('core_jobs').select('status').where('kind', '=', 'search.index').execute();
    assert.deepEqual(
      queued.map((j) => j.status),
      ['pending'],
      'one index job queued',
    );
    await runIndexJob(ctx);
    assert.equal((await ctx.db.selectFrom('search_pending').selectAll().execute()).length, 0, 'marks handled');

    await t.test('accent-insensitive both ways, any case', async () => {
      for (const q of ['zivotni', 'Zivotni', 'ŽIVOTNÍ', 'životní', 'prostredi meste', 'mestě'])
        assert.deepEqual(await titles(q), ['Životní prostředí ve městě'], q);
    });

    await t.test('the last word also as a prefix; every word required', async () => {
      assert.deepEqual(await titles('zivot'), ['Životní prostředí ve městě']);
      assert.deepEqual(await titles('zivot prostredi'), [], 'only the last word is a prefix');
      assert.deepEqual(await titles('zelena infra'), ['Zelená infrastruktura']);
      assert.deepEqual(await titles('zivotni banana'), []);
      assert.deepEqual(await titles('street parking'), ['Street trees']);
    });

    await t.test('titles first; members-only items for those who may see them', async () => {
      assert.deepEqual(await titles('parking'), ['Parking policy for small towns', 'Street trees']);
      const signedIn = await searchIndex(
        ctx.db,
        ctx.dialect,
        queryTerms(['parking'], null),
        {},
        {
          types: new Map([['sample', sampleModule.contentTypes!.sample!]]),
          audience: { membersOf: [], editorOf: [], userId: 1 },
          now: new Date(),
        },
        { offset: 0, limit: 20 },
      );
      assert.equal(signedIn.total, 3);
      assert.equal(store.get(signedIn.hits[0]!.itemId)?.title, 'Members-only parking notes', 'title match first');
    });

    await t.test('stems in the reader’s language, in texts of that language only', async () => {
      const found = async (words: string[], lang: string | null) =>
        (
          await searchIndex(
            ctx.db,
            ctx.dialect,
            queryTerms(words, lang),
            {},
            {
              types: new Map([['sample', sampleModule.contentTypes!.sample!]]),
              audience: { membersOf: [], editorOf: [], userId: null },
              now: new Date(),
            },
            { offset: 0, limit: 20 },
          )
        ).hits
          .map((h) => store.get(h.itemId)!.title)
          .sort();
      // "parked", stemmed in English ("park"), finds "parking" in English texts; Czech "parky" (also "park"
      // to the Czech stemmer) is no English word.
      assert.deepEqual(await found(['parked'], 'en'), ['Parking policy for small towns', 'Street trees']);
      assert.deepEqual(await found(['parked'], null), [], 'without stems, no such word');
      assert.deepEqual(await found(['parked'], 'cs'), [], 'stemmed in Czech, no Czech text has it');
      // Czech without diacritics: "mesto" (stem "mest") finds "městě" and "města".
      assert.deepEqual(await found(['mesto', 'zivotni'], 'cs'), ['Životní prostředí ve městě']);
      assert.deepEqual(await found(['mesto', 'zivotni'], 'en'), [], 'no stem in English: the word alone');
      // A stem that is a word of its own: "streets" (stem "street") finds "Street trees".
      assert.deepEqual(await found(['streets', 'trees'], 'en'), ['Street trees']);
      // The API stems in the reader's language, and marks the stemmed words in the snippet.
      const cs = await visitor.get('/api/v1/search?q=mesto+zivotni', { 'accept-language': 'cs' });
      const answer = JSON.parse(cs.body) as Answer;
      assert.deepEqual(
        answer.results.map((r) => r.title),
        ['Životní prostředí ve městě'],
      );
      assert.match(answer.results[0]!.snippet, /<mark>města<\/mark>/);
    });

    await t.test('facets with counts, combined with the query and the other filters', async () => {
      const all = await api('q=parking');
      assert.equal(all.total, 2);
      const facet = (a: Answer, name: string) => Object.fromEntries(a.facets[name]!.map((f) => [f.value, f.count]));
      assert.deepEqual(facet(all, 'tag'), { mobility: 2, environment: 1 });
      assert.deepEqual(facet(all, 'year'), { 2023: 1, 2024: 1 });
      assert.deepEqual(facet(all, 'type'), { sample: 2 });
      assert.deepEqual(facet(all, 'lang'), { en: 2 });
      const narrowed = await api('q=parking&tag=environment');
      assert.deepEqual(
        narrowed.results.map((r) => r.title),
        ['Street trees'],
      );
      assert.deepEqual(facet(narrowed, 'tag'), { mobility: 2, environment: 1 }, 'the tag facet ignores its own filter');
      assert.deepEqual(facet(narrowed, 'year'), { 2024: 1 }, 'other facets count with it');
      assert.deepEqual(await titles('parking', '&year=2023'), ['Parking policy for small towns']);
      assert.deepEqual(await titles('parking', '&year=2023&tag=environment'), []);
      assert.deepEqual(await titles('parky', '&lang=cs'), ['Zelená infrastruktura']);
      assert.deepEqual(await titles('parky', '&lang=en'), []);
    });

    await t.test('snippets: the text escaped, the matches marked', async () => {
      const [hit] = (await api('q=alert')).results;
      assert.ok(hit);
      assert.match(hit.snippet, /&lt;script&gt;<mark>alert<\/mark>\(1\)&lt;\/script&gt;/);
      assert.match(hit.snippet, /&quot;quotes&quot; &amp; more/);
      const page = await visitor.get('/en/search?q=alert');
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /<script>alert/);
      assert.match(page.body, /<mark>alert<\/mark>/);
    });

    await t.test('the index follows an edit, a delete, and a change after the job read its marks', async () => {
      store.set(2, { ...store.get(2)!, title: 'Cycling policy for small towns' });
      store.delete(3);
      await ctx.db.transaction().execute((trx) => markForIndex(trx, 'sample', [2, 3]));
      assert.deepEqual(
        await titles('parking'),
        ['Parking policy for small towns', 'Street trees'],
        'until the job runs',
      );
      await runIndexJob(ctx);
      assert.deepEqual(await titles('parking'), []);
      assert.deepEqual(await titles('cycling'), ['Cycling policy for small towns']);
      // The job frees its key at once: a change while it runs queues another run.
      await ctx.db.transaction().execute((trx) => markForIndex(trx, 'sample', [2]));
      const jobs = await ctx.db
        .selectFrom('core_jobs')
        .select(['id', 'status'])
        .where('kind', '=', 'search.index')
        .execute();
      assert.equal(jobs.filter((j) => j.status === 'pending').length, 1, 'queued again after a run');
    });

    await t.test('a rebuild gives the same index', async () => {
      const snapshot = async () =>
        (
          await ctx.db
            .selectFrom('search_documents')
            .select(['type', 'item_id', 'title', 'body', 'tags', 'lang', 'year', 'path'])
            .orderBy('type')
            .orderBy('item_id')
            .execute()
        ).map((r) => JSON.stringify(r));
      await runIndexJob(ctx);
      const before = await snapshot();
      await ctx.db.deleteFrom('search_tags').execute();
      await ctx.db.deleteFrom('search_documents').execute();
      assert.deepEqual(await titles('cycling'), []);
      const count = await rebuildIndex(ctx);
      assert.ok(count >= store.size);
      assert.deepEqual(await snapshot(), before);
      assert.deepEqual(await titles('cycling'), ['Cycling policy for small towns']);
    });

    await t.test(
      'PostgreSQL: the newest documents’ own GIN index; a window across its floor finds the same',
      async () => {
        if (engine !== 'postgres') return;
        const queries = ['parking', 'policy', 'street', 'zivot', 'parky', 'cycling', 'item'];
        const answers = async () => Promise.all(queries.map((q) => api(`q=${q}`)));
        const everything = await answers();
        const top = Number(
          (await sql<{ top: number }>`select max(id) as top from search_documents`.execute(ctx.db)).rows[0]!.top,
        );
        assert.equal(await recentIndexFloor(ctx.db), Math.max(0, top - RECENT_DOCS), 'made anew by the rebuild');
        // The newest two alone: every window reads the recent index, then the older documents from the whole one.
        await refreshRecentIndex(ctx.db, ctx.dialect, true, 2);
        assert.equal(await recentIndexFloor(ctx.db), top - 2);
        assert.deepEqual(await answers(), everything, 'the same answers with the floor among the matches');
        // The planner takes the recent index for a range above its floor (the bound a parameter, as a search sends
        // it), of the two GIN indexes. (In a transaction undone: the primary key out of the way, which at ten rows
        // it would rather read.)
        const plan = await ctx.db
          .transaction()
          .execute(async (trx) => {
            await sql`alter table search_tags drop constraint if exists search_tags_document_id_fkey`.execute(trx);
            await sql`alter table search_documents drop constraint search_documents_pkey cascade`.execute(trx);
            await sql`set local enable_seqscan = off`.execute(trx);
            const { rows } = await sql<{ 'QUERY PLAN': string }>`explain select id from search_documents d
            where d.tsv @@ to_tsquery('simple', 'parking') and d.id >= ${top - 1}`.execute(trx);
            throw Object.assign(new Error('undo'), { plan: rows.map((r) => r['QUERY PLAN']).join('\n') });
          })
          .catch((error: { plan?: string }) => error.plan ?? String(error));
        assert.match(plan, /search_documents_tsv_recent/);
        // Without it (an index from before the migration, say): the whole index alone, the same answers.
        await sql`drop index search_documents_tsv_recent`.execute(ctx.db);
        assert.equal(await recentIndexFloor(ctx.db), null);
        assert.deepEqual(await answers(), everything);
        // The job makes it again when it finds none.
        await ctx.db.transaction().execute((trx) => markForIndex(trx, 'sample', [2]));
        await runIndexJob(ctx);
        assert.equal(await recentIndexFloor(ctx.db), Math.max(0, top - RECENT_DOCS));
      },
    );

    await t.test('operators of either engine are words, never syntax', async () => {
      const found = ['Životní prostředí ve městě'];
      for (const q of ['"zivotni', 'zivotni*', 'zivotni & prostredi', '!zivotni', '(zivotni', 'zivotni | (prostredi']) {
        assert.deepEqual(await titles(q), found, q);
      }
      for (const q of [
        'zivotni OR banana',
        'NEAR(zivotni prostredi)',
        'title:zivotni',
        'zivotni NOT prostredi',
        'zivotni:*',
      ])
        assert.deepEqual(await titles(q), q === 'zivotni:*' ? found : [], q);
    });

    await t.test('nothing to search: punctuation, nothing, 10,000 characters', async () => {
      for (const q of ['', '!!! ??? ... ***', '"', '*', '&|!():', '\u200b\u200b']) {
        const answer = await api(`q=${encodeURIComponent(q)}`);
        assert.deepEqual(answer.words, [], q);
        assert.equal(answer.total, 0);
        const page = await visitor.get(`/en/search?q=${encodeURIComponent(q)}`);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /Type a word or two/);
      }
      const long = 'zivotni '.repeat(1250);
      assert.equal(long.length, 10_000);
      const answer = await api(`q=${encodeURIComponent(long)}`);
      assert.equal(answer.words.length, 8);
      assert.deepEqual(
        answer.results.map((r) => r.title),
        ['Životní prostředí ve městě'],
      );
      assert.equal(queryWords('x'.repeat(10_000)).join('').length <= 200, true);
      const cs = await visitor.get(`/cs/search?q=${encodeURIComponent('??')}`);
      assert.match(cs.body, /Napište slovo/);
    });

    await t.test('bad parameters: a 400 problem, or the page', async () => {
      for (const bad of [
        'type=%3Cx%3E',
        'year=abc',
        'year=99999',
        'page=0',
        'page=26',
        'page=52',
        'lang=english',
        'tag=a%20b',
        'partnership=%27',
      ]) {
        const response = await visitor.get(`/api/v1/search?q=x&${bad}`);
        assert.equal(response.statusCode, 400, bad);
        assert.match(String(response.headers['content-type']), /application\/problem\+json/);
        assert.equal((await visitor.get(`/en/search?q=x&${bad}`)).statusCode, 400, bad);
      }
      assert.equal((await api('q=parking&partnership=no-such-partnership')).total, 0);
    });

    await t.test('the SQL injection and XSS lists: never an error, never markup from the input', async () => {
      const sqli = uniqueStrings(
        [
          'Auth_Bypass',
          'Auth_Bypass2',
          'FUZZDB_Postgres_Enumeration',
          'Generic_ErrorBased',
          'Generic_Fuzz',
          'Generic_TimeBased',
          'Generic_UnionSelect',
          'SQLi_Polyglots',
        ].map((name) => `PayloadsAllTheThings/SQL Injection/Intruder/${name}.txt`),
      );
      const xss = [
        ...new Set(
          xssLists().flatMap((list) =>
            /xss-payload-list/.test(list) ? stringsOf(list).slice(0, 400) : stringsOf(list),
          ),
        ),
      ];
      assert.ok(sqli.length > 500 && xss.length > 1000);
      const started = Date.now();
      for (const q of [...sqli, ...xss]) {
        const response = await visitor.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
        assert.equal(response.statusCode, 200, q);
        JSON.parse(response.body);
      }
      for (const q of [...sqli.slice(0, 200), ...xss.filter((x) => x.includes('<')).slice(0, 300)]) {
        const page = await visitor.get(`/en/search?q=${encodeURIComponent(q)}`);
        assert.equal(page.statusCode, 200, q);
        if (q.includes('<') && q.length >= 12)
          assert.ok(!page.body.includes(q.slice(0, 200)), `markup from the input: ${q}`);
      }
      t.diagnostic(`${sqli.length + xss.length} hostile queries in ${Date.now() - started} ms`);
    });
  });
});
