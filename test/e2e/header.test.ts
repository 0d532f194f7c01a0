// The header, signed out and in, in English and Czech, at 1280 and 390 px, in Chromium with
// JavaScript disabled and the keyboard alone: a signed-in person's unread notifications, "My
// partnerships" and the moderation queue; on a phone one line, whose menu opens with the
// keyboard. Then a visitor who follows "sign in to ask to join" registers, confirms from the
// mail and signs in, and lands back on the partnership with the join form at hand. Every page
// is checked with axe-core and the Nu HTML checker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUser } from '../../src/modules/accounts/index.js';
import { notify } from '../../src/modules/notifications/index.js';
import { checkAxe, describeInBrowser, enter, fitsWidth, tabUntil, typeInto } from '../helpers/browser.js';
import { linkIn, readOutbox } from '../helpers/mail.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

const PASSWORD = 'a coordinator in Tallinn 2026';

const WORDS = {
  en: {
    signIn: 'Sign in',
    menu: 'Menu',
    mine: 'My partnerships',
    unread: 'Notifications, 2 unread',
    title: 'Digital Transition',
  },
  cs: {
    signIn: 'Přihlásit se',
    menu: 'Nabídka',
    mine: 'Moje partnerství',
    unread: 'Oznámení, 2 nepřečtená',
    title: 'Digitální transformace',
  },
} as const;

describeInBrowser('the header, and joining from registration', { demo: true }, (env) => {
  test('signed out and in, en and cs, 1280 and 390 px: own items, a one-line phone header, its menu', async () => {
    const db = env.urbis.ctx.db;
    const kaja = await createUser(db, {
      email: 'kaja.tamm@example.eu',
      handle: 'kaja-tamm',
      displayName: 'Kaja Tamm',
      password: PASSWORD,
    });
    const dtp = await db
      .selectFrom('partnerships')
      .select('id')
      .where('slug', '=', 'digital-transition')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('partnership_people')
      .values({ partnership_id: dtp.id, user_id: kaja, role: 'coordinator', joined_at: new Date().toISOString() })
      .execute();
    for (const subject of ['One', 'Two'])
      await notify(env.urbis.ctx, kaja, { kind: 'comments.notification.reply', subject, path: '/partnerships' });

    const documents: Record<string, string> = {};
    for (const width of [1280, 390]) {
      for (const lang of ['en', 'cs'] as const) {
        const words = WORDS[lang];
        const page = await env.newPage();
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`/${lang}/partnerships`);
        await checkAxe(page);
        await fitsWidth(page);
        documents[`visitor ${lang} ${width}`] = await page.content();
        assert.equal(await page.locator('.site-bar__link, .site-mine').count(), 0, 'nothing personal for a visitor');

        // Signing in with the keyboard, from the header's link.
        if (width === 390) {
          await tabUntil(page, (e) => e.tag === 'summary' && e.text === words.menu);
          await page.keyboard.press('Enter');
        }
        await tabUntil(page, (e) => e.text === words.signIn && (e.href ?? '').endsWith('/sign-in'));
        await enter(page);
        await typeInto(page, lang === 'en' ? 'E-mail address' : 'E-mailová adresa', 'kaja.tamm@example.eu');
        await typeInto(page, lang === 'en' ? 'Password' : 'Heslo', PASSWORD);
        await page.getByRole('button', { name: words.signIn, exact: true }).focus();
        await enter(page);
        await page.goto(`/${lang}/partnerships`);
        await checkAxe(page);
        await fitsWidth(page);
        documents[`signed in ${lang} ${width}`] = await page.content();

        // The unread count on the header's line, said in full.
        // (The hidden words are a box of their own: a space may come before the comma.)
        const unread = page.getByRole('link', { name: new RegExp(`^${words.unread.replace(', ', '\\s*, ')}$`) });
        assert.equal(await unread.count(), 1);
        assert.ok(await unread.isVisible());
        if (width === 1280) {
          assert.ok(await page.locator('.site-nav a').first().isVisible(), 'the navigation on the line');
          assert.equal(await page.locator('summary.site-menu__toggle').isVisible(), false, 'no menu button wide');
          await tabUntil(page, (e) => e.tag === 'summary' && e.text === words.mine);
          await page.keyboard.press('Enter');
          const mine = await tabUntil(page, (e) => e.text === words.title);
          assert.equal(mine.href, `/${lang}/partnerships/digital-transition`);
          await checkAxe(page);
        } else {
          // One line: the brand, the menu button and the count; the navigation hides in the menu.
          const header = await page.locator('.site-header__inner').boundingBox();
          assert.ok(header && header.height < 80, `the phone header is ${header?.height} px tall`);
          const nav = page.locator('.site-nav a').first();
          assert.equal(await nav.isVisible(), false, 'the menu starts closed');
          await tabUntil(page, (e) => e.tag === 'summary' && e.text === words.menu);
          await page.keyboard.press('Enter');
          assert.ok(await nav.isVisible(), 'Enter opened the menu');
          await tabUntil(page, (e) => e.tag === 'summary' && e.text === words.mine);
          await page.keyboard.press('Enter');
          await tabUntil(page, (e) => e.text === words.title);
          await tabUntil(page, (e) => (e.href ?? '').endsWith('/comments/reported'));
          await tabUntil(page, (e) => e.lang === (lang === 'en' ? 'cs' : 'en') && e.path.includes('language-switcher'));
          await fitsWidth(page);
          await checkAxe(page);
          documents[`menu open ${lang} ${width}`] = await page.content();
        }
        await page.close();
      }
    }
    const results = await checkHtml(documents);
    const problems = Object.entries(results).flatMap(([name, errors]) =>
      errors.map((e) => `${name}: ${formatVnuMessage(e)}`),
    );
    assert.deepEqual(problems, []);
  });

  test('“sign in to ask to join” → register → confirm from the mail → sign in: back on the partnership', async () => {
    const documents: Record<string, string> = {};
    for (const [lang, width, who] of [
      ['en', 1280, 'ona'],
      ['cs', 390, 'zdenka'],
    ] as const) {
      const page = await env.newPage();
      await page.setViewportSize({ width, height: 800 });
      const start = `/${lang}/partnerships/digital-transition`;
      await page.goto(start);
      const t = (en: string, cs: string) => (lang === 'en' ? en : cs);
      await tabUntil(page, (e) => (e.href ?? '').startsWith(`/${lang}/sign-in?next=`), 120);
      await enter(page);
      await checkAxe(page);
      await tabUntil(page, (e) => (e.href ?? '').startsWith(`/${lang}/register?next=`), 120);
      await enter(page);
      await checkAxe(page);
      await fitsWidth(page);
      documents[`register ${lang}`] = await page.content();
      await typeInto(page, t('Your name', 'Vaše jméno'), t('Ona Petraitė', 'Zdeňka Nováková'));
      await typeInto(page, t('E-mail address', 'E-mailová adresa'), `${who}@example.eu`);
      await typeInto(page, t('Short name', 'Krátké jméno'), who);
      await typeInto(page, t('Password', 'Heslo'), 'zelene mesto 2026 brno');
      await page.getByRole('checkbox').focus();
      await page.keyboard.press('Space');
      await page.getByRole('button', { name: t('Create the account', 'Založit účet'), exact: true }).focus();
      await enter(page);
      assert.match(await page.locator('h1').innerText(), new RegExp(t('Check your mail', 'Podívejte se do pošty')));
      await checkAxe(page);

      // The mail in the outbox; its link is opened in the same browser.
      const mail = readOutbox(env.urbis.ctx.config.dataDir).findLast((m) => m.to === `${who}@example.eu`)!;
      const link = new URL(linkIn(mail, '/confirm/'));
      assert.equal(link.searchParams.get('next'), start);
      await page.goto(link.pathname + link.search);
      await checkAxe(page);
      documents[`confirm ${lang}`] = await page.content();
      await page.getByRole('button', { name: t('Confirm', 'Potvrdit'), exact: true }).focus();
      await enter(page);
      await checkAxe(page);
      documents[`confirmed ${lang}`] = await page.content();
      await tabUntil(page, (e) => (e.href ?? '').startsWith(`/${lang}/sign-in?next=`), 120);
      await enter(page);
      await typeInto(page, t('E-mail address', 'E-mailová adresa'), `${who}@example.eu`);
      await typeInto(page, t('Password', 'Heslo'), 'zelene mesto 2026 brno');
      await page.getByRole('button', { name: t('Sign in', 'Přihlásit se'), exact: true }).focus();
      await enter(page);

      // Back where they started, the join form one Tab away from the header.
      assert.equal(new URL(page.url()).pathname, start);
      await checkAxe(page);
      await fitsWidth(page);
      documents[`back ${lang}`] = await page.content();
      const ask = page.getByRole('button', { name: t('Ask to join', 'Požádat o členství'), exact: true });
      assert.equal(await ask.count(), 1, 'the join form is on the page');
      await ask.focus();
      await enter(page);
      assert.equal(new URL(page.url()).pathname.startsWith(start), true);
      await page.close();
    }
    const results = await checkHtml(documents);
    const problems = Object.entries(results).flatMap(([name, errors]) =>
      errors.map((e) => `${name}: ${formatVnuMessage(e)}`),
    );
    assert.deepEqual(problems, []);
  });
});
