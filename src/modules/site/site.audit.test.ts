import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { recordAudit } from '../../core/audit/audit.js';
import { describeAudit } from '../../core/audit/sentences.js';
import { buildTestApp, forEachEngine, type Engine } from '../../../test/helpers/app.js';
import { Browser, STRONG_PASSWORD } from '../../../test/support/accounts.js';
import { createUser, deleteAccount } from '../accounts/index.js';
import { partnershipIdOf, putPerson } from '../../../test/support/partnerships.js';

const SRC = fileURLToPath(new URL('../../', import.meta.url));

/** Actions whose name the code builds from a variable: the values it can take. */
const FROM_VARIABLES: Record<string, string[]> = {
  '`news.${action}`': ['publish', 'schedule', 'reschedule'],
};

/**
 * Every action recorded in the code, as `<module>.<action>`: the `action:` lines next to an audit
 * record (`'news.delete'`, and `` `partnerships.${… ? 'approveJoin' : 'refuseJoin'}` ``).
 */
function recordedActions(): Set<string> {
  const actions = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        const text = readFileSync(full, 'utf8');
        if (!/recordAudit\(|\.audit\(\{/.test(text)) continue;
        for (const line of text.split('\n')) {
          const at = line.indexOf('action:');
          if (at < 0) continue;
          const value = line.slice(at);
          for (const m of value.matchAll(/'([a-z][a-z0-9-]*)\.([a-zA-Z]+)'/g)) actions.add(`${m[1]}.${m[2]}`);
          const template = /`([a-z][a-z0-9-]*)\.\$\{(.*)\}`/.exec(value);
          if (!template) continue;
          const branches = [...template[2]!.matchAll(/[?:]\s*'([a-zA-Z]+)'/g)].map((m) => m[1]!);
          const named = branches.length ? branches : FROM_VARIABLES[template[0]];
          if (!named) throw new Error(`${full}: ${template[0]}: say in FROM_VARIABLES which actions it records`);
          for (const name of named) actions.add(`${template[1]}.${name}`);
        }
      }
    }
  };
  walk(SRC);
  return actions;
}

/** A module's catalog in a language: `<lang>.json` and its parts (`<lang>.<part>.json`), as the loader joins them. */
function catalog(module: string, lang: string): Record<string, string> {
  const dir = path.join(SRC, module === 'core' ? 'core' : `modules/${module}`, 'locales');
  const files = readdirSync(dir).filter((name) => name === `${lang}.json` || name.startsWith(`${lang}.`));
  return Object.assign(
    {},
    ...files.map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Record<string, string>),
  ) as Record<string, string>;
}

test('every action the code records has a sentence in English and Czech (<module>.audit.<action>)', () => {
  const actions = recordedActions();
  for (const known of ['partnerships.approveJoin', 'partnerships.refuseJoin', 'news.delete', 'accounts.delete'])
    assert.ok(actions.has(known), `the scan finds ${known}`);
  const missing: string[] = [];
  for (const action of actions) {
    const [module, name] = action.split('.') as [string, string];
    for (const lang of ['en', 'cs'])
      if (!catalog(module, lang)[`${module}.audit.${name}`]) missing.push(`${module}.audit.${name} (${lang})`);
  }
  assert.deepEqual(missing, []);
});

async function setUp(t: Parameters<typeof buildTestApp>[0], engine: Engine) {
  const urbis = await buildTestApp(t, engine, { demo: true });
  const db = urbis.ctx.db;
  const make = (handle: string, name: string, isAdmin = false) =>
    createUser(db, { email: `${handle}@example.eu`, handle, displayName: name, password: STRONG_PASSWORD, isAdmin });
  const ids = {
    coordinator: await make('kadri', 'Kadri Saar'),
    member: await make('tomas', 'Tomáš Dvořák'),
    gone: await make('gone', 'Someone Gone'),
    admin: await make('ines', 'Inês Carvalho', true),
  };
  const dtp = (await partnershipIdOf(db, 'digital-transition'))!;
  await putPerson(db, dtp, ids.coordinator, 'coordinator');
  await putPerson(db, dtp, ids.member, 'member');
  const audit = (action: string, subjectType: string, subjectId: string, details: Record<string, unknown> = {}) =>
    recordAudit(db, { actorId: ids.coordinator, action, partnershipId: dtp, subjectType, subjectId, details });
  await audit('partnerships.approveJoin', 'user', String(ids.member));
  await audit('partnerships.changeRole', 'user', String(ids.member), { from: 'member', to: 'moderator' });
  await audit('partnerships.invite', 'email', 'lena@example.eu', { role: 'member' });
  await audit('partnerships.removeMember', 'user', String(ids.gone), { role: 'member' });
  await audit('news.delete', 'post', '999', { title: 'Old minutes', slug: 'old-minutes', status: 'draft' });
  await audit('news.schedule', 'post', '998', { title: 'Spring call', at: '2019-03-12T15:39:00.000Z' });
  // A future action no catalog knows yet, and an old entry lacking what its sentence quotes.
  await audit('meetings.reschedule', 'meeting', '12', { nested: { a: 1 } });
  await audit('partnerships.changeRole', 'user', String(ids.member));
  await deleteAccount(urbis.ctx, ids.gone);
  return { urbis, ids };
}

const signedIn = async (urbis: Awaited<ReturnType<typeof setUp>>['urbis'], handle: string, lang = 'en') => {
  const browser = new Browser(urbis.app);
  assert.equal((await browser.signIn(`${handle}@example.eu`, STRONG_PASSWORD, lang)).statusCode, 303);
  return browser;
};

forEachEngine('the audit log reads as sentences', (engine) => {
  test('a partnership’s log: sentences naming people now, in English and Czech, a list; the JSON twin', async (t) => {
    const { urbis } = await setUp(t, engine);
    const kadri = await signedIn(urbis, 'kadri');
    const page = await kadri.get('/en/partnerships/digital-transition/audit');
    assert.equal(page.statusCode, 200);
    const body = page.body;
    assert.match(body, /Kadri Saar accepted Tomáš Dvořák’s request to join\./);
    assert.match(body, /Kadri Saar changed Tomáš Dvořák’s role from member to moderator\./);
    assert.match(body, /Kadri Saar invited lena@example\.eu to join as a member\./);
    assert.match(body, /Kadri Saar removed deleted user \(member\) from the partnership\./);
    assert.match(body, /Kadri Saar deleted the post “Old minutes”\./);
    // A post that is gone is named as the entry kept it; an instant is the reader's date and time.
    assert.match(body, /Kadri Saar scheduled the post “Spring call” for 12 March 2019, 16:39\./);
    // Unknown or incomplete: a readable generic sentence, never the raw action or JSON.
    assert.match(body, /Kadri Saar: “reschedule” \(meetings\), concerning 12\./);
    assert.match(body, /Kadri Saar: “change role” \(partnerships\), concerning Tomáš Dvořák\./);
    assert.doesNotMatch(body, /partnerships\.approveJoin|\{&quot;|<table/);
    // EU dates in English: "6 December 2026, 09:14".
    assert.match(body, /<time datetime="[^"]+">\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}<\/time>/);

    const czech = await kadri.get('/cs/partnerships/digital-transition/audit');
    assert.match(czech.body, /Kadri Saar přijal\(a\) žádost osoby Tomáš Dvořák o členství\./);
    assert.match(czech.body, /z role člen na roli moderátor/);
    assert.match(czech.body, /naplánoval\(a\) zveřejnění příspěvku „Spring call“ na 12\. 3\. 2019 16:39\./);

    const json = await kadri.get('/api/v1/partnerships/digital-transition/audit', { 'accept-language': 'cs' });
    assert.equal(json.statusCode, 200);
    const { items, next } = json.json() as { items: Record<string, unknown>[]; next: number | null };
    assert.equal(next, null);
    const approved = items.find((i) => i.action === 'partnerships.approveJoin')!;
    assert.equal(approved.subjectType, 'user');
    assert.equal(approved.actorName, 'Kadri Saar');
    assert.equal(approved.sentence, 'Kadri Saar přijal(a) žádost osoby Tomáš Dvořák o členství.');
    assert.deepEqual(
      items.find((i) => i.action === 'meetings.reschedule')!.details,
      { nested: { a: 1 } },
      'the structured entry is there as recorded',
    );

    // Members who do not manage the partnership do not learn the log exists.
    const tomas = await signedIn(urbis, 'tomas');
    assert.equal((await tomas.get('/api/v1/partnerships/digital-transition/audit')).statusCode, 404);
    assert.equal((await tomas.get('/en/partnerships/digital-transition/audit')).statusCode, 404);
  });

  test('the platform’s log names the partnership of each entry, and an account deleted by its owner', async (t) => {
    const { urbis } = await setUp(t, engine);
    const ines = await signedIn(urbis, 'ines');
    const page = await ines.get('/en/admin/audit');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /A person deleted their own account \(deleted user\)\./);
    const partnershipNamed =
      /accepted Tomáš Dvořák’s request to join\.<\/p><p class="audit-log__when"><time[^>]*>[^<]+<\/time> · Digital/;
    assert.match(page.body, partnershipNamed);
    const json = (await ines.get('/api/v1/admin/audit')).json() as { items: { sentence: string }[] };
    assert.ok(json.items.some((i) => i.sentence === 'A person deleted their own account (deleted user).'));
  });

  test('an action with no sentence in its module is said generically, in the reader’s language', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const entry = {
      id: 1,
      at: new Date().toISOString(),
      actorId: null,
      action: 'funding.approveGrant',
      partnershipId: null,
      subjectType: 'grant',
      subjectId: 'g-7',
      details: { amount: 100 },
    };
    const [english] = await describeAudit(urbis.ctx, [entry], urbis.ctx.i18n('en'));
    assert.equal(english!.sentence, 'The system: “approve grant” (funding), concerning g-7.');
    const [czech] = await describeAudit(urbis.ctx, [{ ...entry, actorId: ids.admin }], urbis.ctx.i18n('cs'));
    assert.equal(czech!.sentence, 'Inês Carvalho: akce „approve grant“ (funding), týká se: g-7.');
  });
});
