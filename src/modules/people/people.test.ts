import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { buildTestApp, cookiesOf, csrfTokenOf, forEachEngine, type Engine } from '../../../test/helpers/app.js';
import { CORPORA } from '../../../test/helpers/corpora.js';
import { EU_LANGUAGES } from '../../core/i18n/locales.js';
import { createUser, deleteAccount, findUserByHandle, TERMS_VERSION } from '../accounts/index.js';
import { organisationIdBySlug } from '../organisations/index.js';
import { DEMO_ADMIN, DEMO_PASSWORD, demoPeople, peopleModule } from './index.js';
import { storeProfile } from './people.service.js';

type Urbis = Awaited<ReturnType<typeof buildTestApp>>;
type App = Urbis['app'];

const XSS_LIST = path.join(CORPORA, 'xss-payload-list/Intruder/xss-payload-list.txt');

async function signIn(app: App, email: string, password: string): Promise<string> {
  const form = await app.inject('/en/sign-in');
  const cookie = cookiesOf(form);
  const response = await app.inject({
    method: 'POST',
    url: '/en/sign-in',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email, password, _csrf: csrfTokenOf(form.body) }).toString(),
  });
  assert.equal(response.statusCode, 303, `${email} signs in`);
  return `${cookie}; ${cookiesOf(response)}`;
}

/** The demo data, and two ordinary people of our own: Ana (signed in) and Bruno. */
async function peopleApp(t: Parameters<typeof buildTestApp>[0], engine: Engine) {
  const urbis = await buildTestApp(t, engine, { demo: true });
  const ana = await createUser(urbis.ctx.db, {
    email: 'ana@example.eu',
    handle: 'ana',
    displayName: 'Ana Petrović',
    password: 'a long test password',
  });
  const bruno = await createUser(urbis.ctx.db, {
    email: 'bruno@example.eu',
    handle: 'bruno',
    displayName: 'Bruno Keller',
    password: 'another long password',
  });
  const cookie = await signIn(urbis.app, 'ana@example.eu', 'a long test password');
  const form = await urbis.app.inject({ url: '/en/settings/profile', headers: { cookie } });
  assert.equal(form.statusCode, 200);
  const token = csrfTokenOf(form.body);
  /** Sends the settings form as Ana; list values repeat their field, as browsers do. */
  const save = (fields: Record<string, string | string[]>, lang = 'en') => {
    const body = new URLSearchParams({ _csrf: token });
    for (const [name, value] of Object.entries(fields))
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    return urbis.app.inject({
      method: 'POST',
      url: `/${lang}/settings/profile`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  };
  return { ...urbis, ana, bruno, cookie, save };
}

/** A profile's JSON, as a visitor reads it (or as the person with `cookie`, who sees their own claims waiting). */
const profileOf = async (app: App, handle: string, cookie?: string) =>
  (await app.inject({ url: `/api/v1/people/${handle}`, headers: cookie ? { cookie } : {} })).json();

forEachEngine('people', (engine) => {
  test(
    'a profile shows name, organisations, ' + 'languages in the reader’s language and the bio, in HTML and JSON',
    async (t) => {
      const { app } = await buildTestApp(t, engine, { demo: true });
      const json = await app.inject('/api/v1/people/eva-novotna');
      assert.equal(json.statusCode, 200);
      const profile = json.json();
      assert.equal(profile.handle, 'eva-novotna');
      assert.equal(profile.displayName, 'Eva Novotná');
      assert.deepEqual(profile.languages, ['cs', 'sk', 'en', 'fr']);
      assert.deepEqual(profile.organisations, [
        {
          slug: 'dg-cnect',
          name: 'DG CNECT – Communications Networks, Content and Technology',
          roleTitle: 'Policy officer, smart communities',
          claim: 'confirmed',
        },
      ]);
      assert.match(profile.bio, /demo profile/);
      assert.match(profile.updatedAt, /^\d{4}-\d\d-\d\dT/);
      assert.equal(profile.id, undefined, 'no internal id is published');
      assert.equal(profile.email, undefined, 'no e-mail address is published');

      const en = await app.inject('/en/people/eva-novotna');
      assert.equal(en.statusCode, 200);
      assert.match(en.body, /<h1>Eva Novotná<\/h1>/);
      assert.match(en.body, /href="\/en\/organisations\/dg-cnect">DG CNECT/);
      assert.match(en.body, /Czech, Slovak, English, and French|Czech, Slovak, English and French/);
      const cs = await app.inject('/cs/people/eva-novotna');
      assert.match(cs.body, /čeština, slovenština, angličtina a\sfrancouzština/);
      assert.doesNotMatch(cs.body, /eva-novotna@demo/, 'the e-mail address is never shown');
    },
  );

  test('a member state on a profile is named in the reader’s language', async (t) => {
    const { app } = await buildTestApp(t, engine, { demo: true });
    const cs = await app.inject('/cs/people/kadri-saar');
    assert.match(cs.body, /href="\/cs\/organisations\/estonia">Estonsko<\/a> – Senior adviser, digital state/);
  });

  test('an unknown handle, or an address that cannot be a handle, is a 404 in HTML and JSON', async (t) => {
    const { app } = await buildTestApp(t, engine);
    for (const url of [
      '/en/people/nobody-here',
      '/api/v1/people/nobody-here',
      '/en/people/NOT%20A%20HANDLE',
      '/api/v1/people/%3Cscript%3E',
    ]) {
      assert.equal((await app.inject(url)).statusCode, 404, url);
    }
    assert.match((await app.inject('/api/v1/people/nobody-here')).headers['content-type'] as string, /problem\+json/);
  });

  test('a person without a profile still has a page, which says what is missing', async (t) => {
    const { app, ctx } = await buildTestApp(t, engine);
    await createUser(ctx.db, {
      email: 'new@example.eu',
      handle: 'newcomer',
      displayName: 'New Comer',
      password: 'a long test password',
    });
    assert.deepEqual(await profileOf(app, 'newcomer'), {
      handle: 'newcomer',
      displayName: 'New Comer',
      bio: '',
      languages: [],
      organisations: [],
      updatedAt: null,
    });
    const page = await app.inject('/en/people/newcomer');
    assert.match(page.body, /Nothing written yet/);
    assert.doesNotMatch(page.body, /Edit your profile/, 'a visitor is not offered to edit');
  });

  test('personal data: export gives the profile and organisations, and erase removes them', async (t) => {
    const urbis = await peopleApp(t, engine);
    assert.equal(
      (
        await urbis.save({
          displayName: 'Ana Petrović',
          bio: 'Urban planner.',
          languages: ['hr', 'en'],
          newOrganisation: 'sofia',
          newRoleTitle: 'Planner',
        })
      ).statusCode,
      303,
    );
    const exported = await peopleModule.personalData!.export(urbis.ctx, urbis.ana);
    assert.deepEqual(exported.affiliations, [{ organisation: 'sofia', name: 'Sofia', roleTitle: 'Planner' }]);
    assert.deepEqual(
      { ...(exported.profile as object), updatedAt: 'x' },
      { bio: 'Urban planner.', languages: ['hr', 'en'], updatedAt: 'x' },
    );

    await peopleModule.personalData!.erase(urbis.ctx, urbis.ana);
    assert.deepEqual(await peopleModule.personalData!.export(urbis.ctx, urbis.ana), {
      profile: null,
      affiliations: [],
    });
    assert.equal((await profileOf(urbis.app, 'ana')).bio, '');
  });

  test('deleting an account erases its profile, and its profile page is then a 404', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const ana = await createUser(urbis.ctx.db, {
      email: 'ana@example.eu',
      handle: 'ana',
      displayName: 'Ana Petrović',
      password: 'a long test password',
    });
    await storeProfile(urbis.ctx.db, ana, {
      displayName: 'Ana Petrović',
      locale: null,
      languages: ['hr'],
      bio: 'Planner.',
      affiliations: [{ organisationId: (await organisationIdBySlug(urbis.ctx.db, 'sofia'))!, roleTitle: null }],
    });
    assert.equal((await urbis.app.inject('/en/people/ana')).statusCode, 200);
    await deleteAccount(urbis.ctx, ana);
    assert.deepEqual(await peopleModule.personalData!.export(urbis.ctx, ana), { profile: null, affiliations: [] });
    assert.equal((await urbis.app.inject('/en/people/ana')).statusCode, 404);
    assert.equal((await urbis.app.inject('/api/v1/people/ana')).statusCode, 404);
  });

  test('a visitor is sent to sign in from the profile settings, and cannot post them', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const get = await app.inject('/en/settings/profile');
    assert.equal(get.statusCode, 303);
    assert.equal(get.headers.location, `/en/sign-in?next=${encodeURIComponent('/en/settings/profile')}`);
    const page = await app.inject('/en/sign-in');
    const post = await app.inject({
      method: 'POST',
      url: '/en/settings/profile',
      headers: { cookie: cookiesOf(page), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfTokenOf(page.body), displayName: 'Nobody' }).toString(),
    });
    assert.equal(post.statusCode, 404);
  });

  test(
    'the settings form shows what is stored, ' + 'and the EU languages named in the reader’s language and in their own',
    async (t) => {
      const urbis = await peopleApp(t, engine);
      await urbis.save({
        displayName: 'Ana Petrović',
        languages: ['hr', 'de'],
        otherLanguages: 'uk',
        bio: 'Line one\nLine two',
        newOrganisation: 'sofia',
        newRoleTitle: 'Planner',
      });
      const form = await urbis.app.inject({ url: '/cs/settings/profile', headers: { cookie: urbis.cookie } });
      assert.equal(form.statusCode, 200);
      assert.equal(form.headers['cache-control'], 'no-store');
      for (const code of EU_LANGUAGES) assert.match(form.body, new RegExp(`name="languages" value="${code}"`), code);
      assert.match(form.body, /Němčina \(<span lang="de">Deutsch<\/span>\)/);
      assert.match(
        form.body,
        /<label for="field-languages-cs">Čeština<\/label>/,
        'the reader’s own language is named once',
      );
      assert.match(form.body, /<input type="checkbox" id="field-languages-hr" name="languages" value="hr" checked/);
      assert.doesNotMatch(form.body, /value="cs" checked/);
      assert.match(form.body, /id="field-otherLanguages"[^>]*value="uk"|value="uk"[^>]*id="field-otherLanguages"/);
      assert.match(form.body, /<span lang="cs">Čeština<\/span>/, 'interface languages are named in their own language');
      assert.match(form.body, /name="organisation-0" value="sofia"/);
      assert.match(form.body, /Vaše role v organizaci Sofia/);
      assert.match(form.body, />Line one\nLine two<\/textarea>/);
    },
  );

  test(
    'a person saves their profile: name, interface language, ' + 'languages, bio and organisations, all at once',
    async (t) => {
      const urbis = await peopleApp(t, engine);
      const response = await urbis.save({
        displayName: '  Ana Petrović-Horvat ',
        locale: 'cs',
        languages: ['hr', 'en', 'de'],
        otherLanguages: 'UK, tr',
        bio: 'First paragraph,\r\nsecond line.\r\n\r\nSecond paragraph.',
        newOrganisation: 'lisbon',
        newRoleTitle: 'Urban planner',
      });
      assert.equal(response.statusCode, 303);
      assert.equal(
        response.headers.location,
        '/cs/settings/profile?saved=1',
        'the chosen interface language shows at once',
      );
      const saved = await urbis.app.inject({
        url: response.headers.location as string,
        headers: { cookie: urbis.cookie },
      });
      assert.match(saved.body, /Váš profil byl uložen/);
      assert.equal((await findUserByHandle(urbis.ctx.db, 'ana'))?.locale, 'cs');

      // Others see Lisboa once its side confirms it (organisations' claims); Ana sees it waiting.
      assert.deepEqual((await profileOf(urbis.app, 'ana')).organisations, []);
      const profile = await profileOf(urbis.app, 'ana', urbis.cookie);
      assert.equal(profile.displayName, 'Ana Petrović-Horvat');
      assert.deepEqual(profile.languages, ['hr', 'en', 'de', 'uk', 'tr']);
      assert.equal(profile.bio, 'First paragraph,\nsecond line.\n\nSecond paragraph.');
      assert.deepEqual(profile.organisations, [
        { slug: 'lisbon', name: 'Lisboa', roleTitle: 'Urban planner', claim: 'pending' },
      ]);

      const page = await urbis.app.inject({ url: '/en/people/ana', headers: { cookie: urbis.cookie } });
      assert.match(page.body, /<p>First paragraph,<br\/>second line.<\/p><p>Second paragraph.<\/p>/);
      assert.match(page.body, /Croatian, English, German, Ukrainian,? and Turkish/);
      assert.match(page.body, /href="\/en\/settings\/profile">Edit your profile/, 'the owner is offered to edit');

      // "As my browser says" clears the choice; the address stays in the current language.
      const back = await urbis.save({ displayName: 'Ana', locale: '' }, 'cs');
      assert.equal(back.headers.location, '/cs/settings/profile?saved=1');
      assert.equal((await findUserByHandle(urbis.ctx.db, 'ana'))?.locale, null);
    },
  );

  test('organisations are added one at a time, keep their order, change role and are removed', async (t) => {
    const urbis = await peopleApp(t, engine);
    await urbis.save({ displayName: 'Ana', newOrganisation: 'sofia', newRoleTitle: 'Planner' });
    await urbis.save({
      displayName: 'Ana',
      'organisation-0': 'sofia',
      'roleTitle-0': 'Planner',
      newOrganisation: 'eurocities',
    });
    assert.deepEqual(
      (await profileOf(urbis.app, 'ana', urbis.cookie)).organisations.map(
        (o: { slug: string; roleTitle: string | null }) => [o.slug, o.roleTitle],
      ),
      [
        ['sofia', 'Planner'],
        ['eurocities', null],
      ],
    );
    await urbis.save({
      displayName: 'Ana',
      'organisation-0': 'sofia',
      'roleTitle-0': 'Planner',
      'remove-0': 'yes',
      'organisation-1': 'eurocities',
      'roleTitle-1': 'Observer',
    });
    assert.deepEqual((await profileOf(urbis.app, 'ana', urbis.cookie)).organisations, [
      { slug: 'eurocities', name: 'EUROCITIES', roleTitle: 'Observer', claim: 'pending' },
    ]);
    const twice = await urbis.save({
      displayName: 'Ana',
      'organisation-0': 'eurocities',
      newOrganisation: 'eurocities',
    });
    assert.equal(twice.statusCode, 400);
    assert.match(twice.body, /already on your profile/);
  });

  test('an organisation that changes its short name stays on the profiles that list it', async (t) => {
    const urbis = await peopleApp(t, engine);
    await urbis.save({ displayName: 'Ana', newOrganisation: 'oulu', newRoleTitle: 'Planner' });
    await createUser(urbis.ctx.db, {
      email: 'root@example.eu',
      handle: 'root',
      displayName: 'Root',
      password: 'a long admin password',
      isAdmin: true,
    });
    const admin = await signIn(urbis.app, 'root@example.eu', 'a long admin password');
    const form = await urbis.app.inject({ url: '/en/organisations/oulu/edit', headers: { cookie: admin } });
    const renamed = await urbis.app.inject({
      method: 'POST',
      url: '/en/organisations/oulu',
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfTokenOf(form.body),
        name: 'City of Oulu',
        slug: 'city-of-oulu',
        kind: 'city',
        country: 'FI',
      }).toString(),
    });
    assert.equal(renamed.statusCode, 303);
    assert.deepEqual((await profileOf(urbis.app, 'ana', urbis.cookie)).organisations, [
      { slug: 'city-of-oulu', name: 'City of Oulu', roleTitle: 'Planner', claim: 'pending' },
    ]);
    assert.equal((await profileOf(urbis.app, 'aino-lehtonen')).organisations[0].slug, 'city-of-oulu');
  });

  test(
    'wrong fields are each marked in the reader’s language, ' + 'what was typed is kept, and nothing is stored',
    async (t) => {
      const urbis = await peopleApp(t, engine);
      await urbis.save({ displayName: 'Ana Petrović', bio: 'Before.', languages: ['hr'] });
      const before = await profileOf(urbis.app, 'ana');
      const bad = await urbis.save({
        displayName: '',
        locale: 'xx',
        languages: ['hr', 'zz'],
        otherLanguages: 'uk, klingon',
        bio: `${'b'.repeat(2000)}!`,
        'organisation-0': 'no-such-organisation',
        'roleTitle-0': 'Ghost',
        newOrganisation: 'atlantis',
        newRoleTitle: 'r'.repeat(101),
      });
      assert.equal(bad.statusCode, 400);
      for (const field of [
        'displayName',
        'locale',
        'languages',
        'otherLanguages',
        'bio',
        'roleTitle-0',
        'newOrganisation',
        'newRoleTitle',
      ]) {
        assert.match(bad.body, new RegExp(`id="field-${field}-error"`), field);
        assert.match(bad.body, new RegExp(`href="#field-${field}"`), `${field} is in the error summary`);
      }
      assert.match(bad.body, /<title>Error: Your profile – Urbis<\/title>/);
      assert.match(bad.body, /“klingon” is not a language code/);
      assert.match(bad.body, /Use at most 2,000 characters/);
      assert.match(bad.body, /Choose an organisation from the list/);
      assert.match(bad.body, /This organisation is no longer on Urbis/);
      assert.match(bad.body, /value="uk, klingon"/, 'what was typed is kept');
      assert.match(bad.body, /name="organisation-0" value="no-such-organisation"/);
      assert.match(bad.body, /b{2000}!<\/textarea>/);
      assert.deepEqual(await profileOf(urbis.app, 'ana'), before, 'nothing was stored');

      const cs = await urbis.save({ displayName: 'Ana', newRoleTitle: 'Planner' }, 'cs');
      assert.equal(cs.statusCode, 400);
      assert.match(cs.body, /Vyberte organizaci, ke které tato role patří/);
      const tooMany = await urbis.save(
        {
          displayName: 'Ana',
          otherLanguages:
            'ab af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de',
        },
        'cs',
      );
      assert.match(tooMany.body, /Uveďte nejvýše 30 jazyků/);
    },
  );

  test(
    'extra fields are ignored: ' + 'nobody makes themselves an administrator or edits someone else’s profile',
    async (t) => {
      const urbis = await peopleApp(t, engine);
      const brunoBefore = await profileOf(urbis.app, 'bruno');
      const response = await urbis.save({
        displayName: 'Ana',
        handle: 'bruno',
        userId: String(urbis.bruno),
        user_id: String(urbis.bruno),
        isAdmin: '1',
        is_admin: 'true',
        role: 'admin',
        bio: 'Mine.',
      });
      assert.equal(response.statusCode, 303);
      assert.equal((await profileOf(urbis.app, 'ana')).bio, 'Mine.');
      assert.deepEqual(await profileOf(urbis.app, 'bruno'), brunoBefore, 'Bruno’s profile is untouched');
      assert.equal(
        (await urbis.app.inject({ url: '/en/organisations/new', headers: { cookie: urbis.cookie } })).statusCode,
        404,
        'Ana is not an administrator',
      );
      // There is no address for another person's settings.
      assert.equal(
        (await urbis.app.inject({ url: '/en/settings/profile/bruno', headers: { cookie: urbis.cookie } })).statusCode,
        404,
      );
      assert.equal(
        (await urbis.app.inject({ url: '/en/people/bruno', headers: { cookie: urbis.cookie } })).body.includes(
          'Edit your profile',
        ),
        false,
      );
    },
  );

  test('a write that fails half-way stores nothing', async (t) => {
    const urbis = await peopleApp(t, engine);
    // The organisation vanishes between the check and the write: the last step fails.
    await assert.rejects(
      storeProfile(urbis.ctx.db, urbis.ana, {
        displayName: 'Changed',
        locale: 'cs',
        languages: ['fr'],
        bio: 'Changed.',
        affiliations: [{ organisationId: 999_999, roleTitle: null }],
      }),
    );
    const user = await findUserByHandle(urbis.ctx.db, 'ana');
    assert.equal(user?.displayName, 'Ana Petrović');
    assert.equal(user?.locale, null);
    assert.deepEqual(await profileOf(urbis.app, 'ana'), {
      handle: 'ana',
      displayName: 'Ana Petrović',
      bio: '',
      languages: [],
      organisations: [],
      updatedAt: null,
    });
  });

  test('names and bios from the XSS payload list render as text on the profile and the settings page', async (t) => {
    const urbis = await peopleApp(t, engine);
    const pages = async () => ({
      profile: await urbis.app.inject({ url: '/en/people/ana', headers: { cookie: urbis.cookie } }),
      settings: await urbis.app.inject({ url: '/en/settings/profile', headers: { cookie: urbis.cookie } }),
    });
    // Attribute values are always double-quoted with " escaped: what is left is the markup.
    const markup = (html: string) => html.replace(/="[^"]*"/g, '=""');
    const tags = (html: string) =>
      markup(html)
        .match(/<\/?[a-z][a-z0-9]*/gi)
        ?.join(' ') ?? '';
    await urbis.save({ displayName: 'Plain name', bio: 'Plain text.' });
    const plain = await pages();
    const expected = { profile: tags(plain.profile.body), settings: tags(plain.settings.body) };

    const payloads = readFileSync(XSS_LIST, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(0, 240);
    for (const [i, payload] of payloads.entries()) {
      const line = `line ${i + 1} (${payload})`;
      const response = await urbis.save({ displayName: payload.slice(0, 100), bio: payload });
      assert.equal(response.statusCode, 303, `${line} is saved`);
      assert.equal(
        (await profileOf(urbis.app, 'ana')).displayName,
        payload
          .slice(0, 100)
          .replace(/\p{Cc}/gu, '')
          .trim(),
        `${line} is stored as typed`,
      );
      const rendered = await pages();
      for (const name of ['profile', 'settings'] as const) {
        const html = rendered[name].body;
        assert.equal(rendered[name].statusCode, 200);
        assert.doesNotMatch(markup(html), /<script/i, `${name}: no script element from ${line}`);
        assert.doesNotMatch(
          markup(html),
          /<[a-z][^>]*\son[a-z]+\s*=/i,
          `${name}: no event handler attribute from ${line}`,
        );
        assert.doesNotMatch(html, /(href|src|action)="\s*javascript:/i, `${name}: no script address from ${line}`);
        assert.equal(tags(html), expected[name], `${name}: the same elements as with a plain name, none from ${line}`);
      }
    }
    assert.ok(payloads.length >= 200, `${payloads.length} payloads checked`);
  });

  test(
    'the terms and the privacy notice show the terms version, ' + 'in English and Czech, and the footer links to them',
    async (t) => {
      const { app } = await buildTestApp(t, engine);
      const terms = await app.inject('/en/terms');
      assert.equal(terms.statusCode, 200);
      assert.match(terms.body, new RegExp(`Version ${TERMS_VERSION}, in force since 27 November 2026`));
      const privacy = await app.inject('/cs/privacy');
      assert.equal(privacy.statusCode, 200);
      assert.match(privacy.body, /<h1>Ochrana osobních údajů<\/h1>/);
      assert.match(privacy.body, new RegExp(`Verze ${TERMS_VERSION}, platná od 27\\.\\s11\\.\\s2026`));
      assert.match(privacy.body, /href="\/cs\/settings\/privacy">Stáhnout moje údaje/);
      const home = await app.inject('/cs/');
      assert.match(home.body, /href="\/cs\/terms">Podmínky použití/);
      assert.match(home.body, /href="\/cs\/privacy">Ochrana osobních údajů/);
    },
  );

  test('the profile is documented in the OpenAPI document, without a language parameter', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const paths = (await app.inject('/api/openapi.json')).json().paths;
    const operation = paths['/api/v1/people/{handle}']?.get;
    assert.ok(operation, 'the profile is documented');
    assert.deepEqual(
      operation.parameters.map((p: { name: string }) => p.name),
      ['handle'],
    );
    assert.ok(operation.responses['200'].content['application/json'].schema.properties.languages);
    assert.equal(paths['/api/v1/terms'], undefined);
  });

  test('the demo has two invented people per organisation, each with a profile, and an administrator', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const people = demoPeople();
    const organisations = (await urbis.app.inject('/api/v1/organisations?limit=100'))
      .json()
      .items.map((o: { slug: string }) => o.slug);
    // The funding demo's small town (litomysl) brings its one person of its own.
    for (const slug of organisations.filter((s: string) => s !== 'litomysl')) {
      assert.equal(people.filter((p) => p.organisationSlug === slug).length, 2, slug);
      assert.equal(
        people.filter((p) => p.organisationSlug === slug && p.lead).length,
        1,
        `${slug} has one lead contact`,
      );
    }
    assert.equal(new Set(people.map((p) => p.handle)).size, people.length, 'handles are unique');
    for (const person of people) {
      const profile = await profileOf(urbis.app, person.handle);
      assert.equal(profile.organisations[0]?.slug, person.organisationSlug, person.handle);
      assert.ok(profile.bio.length > 20 && profile.languages.length >= 2, person.handle);
      assert.equal(person.email, `${person.handle}@demo.urbis.eu`);
    }
    assert.ok(DEMO_PASSWORD.length >= 12);
    const admin = await signIn(urbis.app, DEMO_ADMIN.email, DEMO_PASSWORD);
    assert.equal(
      (await urbis.app.inject({ url: '/en/organisations/new', headers: { cookie: admin } })).statusCode,
      200,
      'the demo administrator is one',
    );
    await signIn(urbis.app, people[0]!.email, DEMO_PASSWORD);
  });
});
