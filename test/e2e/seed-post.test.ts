// The seed page, end to end, in Chromium with JavaScript disabled and the Czech interface:
// a visitor reads the news about the 11th meeting (title, body, tags, the Czech author line
// with its date, the demo question and its reply); a member comments, replies, edits,
// reports and deletes with the keyboard, each action through the comment's link to a page of
// its own; the partnership's moderator hides a comment through its page. Every page is
// checked with axe-core.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/modules/people/index.js';
import { SEED, spaces } from '../support/news.js';
import { checkAxe, describeInBrowser, signInWithForm } from '../helpers/browser.js';

const POST = `/cs${SEED}`;
// Demo people: Eva Novotná (DG CNECT), a member, wrote the post and answered the question of
// Camille Girard (Lyon); Ivana Kovačić moderates the partnership's discussions.
const MEMBER = 'eva-novotna@demo.urbis.eu';
const MODERATOR = 'ivana-kovacic@demo.urbis.eu';

/** Focuses `target` and presses Enter; waits for the page it leads to when `navigates`. */
async function enter(page: Page, target: Locator, navigates = false): Promise<void> {
  await target.focus();
  if (navigates) await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  else await page.keyboard.press('Enter');
}

/** Types into a field reached by focus, as a keyboard user does. */
async function type(page: Page, field: Locator, text: string): Promise<void> {
  await field.focus();
  await page.keyboard.type(text);
}

const commentBy = (page: Page, name: string, text?: string) =>
  page
    .locator('article.comment', {
      has: page.getByRole('heading', { name, exact: true }),
      ...(text ? { hasText: text } : {}),
    })
    .first();

describeInBrowser('the seed post in Czech, without JavaScript', { demo: true }, (env) => {
  test('a visitor reads it whole: title, body, tags, the Czech author line, the question and its reply', async () => {
    const page = await env.newPage();
    try {
      assert.equal((await page.goto(POST))?.status(), 200);
      assert.equal(await page.locator('html').getAttribute('lang'), 'cs');
      assert.equal(
        (await page.locator('h1').innerText()).trim(),
        'Setkání v Lucemburku o provádění a rozšiřování akcí',
      );
      const article = spaces(await page.locator('main').innerText());
      assert.match(article, /Vytvořil uživatel Eva Novotná dne 12\. 3\. 2019 16:39/);
      assert.match(article, /Lucemburk/);
      assert.match(article, /GŘ CNECT/);
      const tags = await page.locator('main a[href*="/cs/tags/"]').allInnerTexts();
      assert.ok(tags.length >= 6, `six tags, got ${tags.join(', ')}`);
      const question = commentBy(page, 'Camille Girard');
      assert.match(await question.innerText(), /in the pipeline/);
      assert.equal(
        (await question.locator('[lang="en"]').count()) > 0,
        true,
        'the English comment is marked as English',
      );
      assert.match(
        await page.locator('article.comment', { hasText: 'Good question' }).last().innerText(),
        /Eva Novotná/,
      );
      assert.ok(await page.getByRole('link', { name: 'Přihlaste se a napište komentář' }).isVisible());
      await checkAxe(page);
    } finally {
      await page.close();
    }
  });

  test(
    'a member comments, replies, edits, reports and deletes through the comments’ links; the moderator hides; ' +
      'all with the keyboard',
    async () => {
      const page = await env.newPage();
      const moderator = await env.newPage();
      try {
        await signInWithForm(page, MEMBER, DEMO_PASSWORD);
        assert.equal((await page.goto(POST))?.status(), 200);
        await checkAxe(page);

        // A comment.
        await type(
          page,
          page.getByLabel('Váš komentář', { exact: true }),
          'Děkujeme za shrnutí, těšíme se na přehled výzev.',
        );
        await enter(page, page.getByRole('button', { name: 'Odeslat komentář', exact: true }), true);
        assert.match(page.url(), /#comment-\d+$/);
        const mine = page.locator('article.comment', { hasText: 'Děkujeme za shrnutí' });
        assert.ok(await mine.isVisible());
        await checkAxe(page);

        // A reply to Camille's question, on the page its link leads to, which shows the question.
        const question = commentBy(page, 'Camille Girard');
        await enter(
          page,
          question.getByRole('link', { name: 'Odpovědět uživateli Camille Girard', exact: true }),
          true,
        );
        assert.equal((await page.locator('h1').innerText()).trim(), 'Napsat odpověď');
        assert.ok(
          await page
            .locator('main .comment__meta')
            .getByText('Odpovídáte uživateli Camille Girard', { exact: true })
            .isVisible(),
        );
        assert.ok(
          await page
            .locator('blockquote')
            .getByText(/in the pipeline/)
            .isVisible(),
        );
        await checkAxe(page);
        await type(
          page,
          page.getByLabel('Vaše odpověď uživateli Camille Girard', { exact: true }),
          'Přehled pošleme do konce měsíce.',
        );
        await enter(page, page.getByRole('button', { name: 'Odeslat odpověď' }), true);
        assert.ok(await page.locator('article.comment', { hasText: 'Přehled pošleme do konce měsíce.' }).isVisible());
        await checkAxe(page);

        // An edit of the comment, on its own page, then marked "upraveno".
        await enter(
          page,
          page
            .locator('article.comment', { hasText: 'Děkujeme za shrnutí' })
            .getByRole('link', { name: 'Upravit svůj komentář' }),
          true,
        );
        await checkAxe(page);
        const field = page.getByLabel('Váš komentář', { exact: true });
        await field.fill('');
        await type(page, field, 'Děkujeme za shrnutí; přehled výzev nám pomůže s přípravou.');
        await enter(page, page.getByRole('button', { name: 'Uložit změny' }), true);
        const edited = page.locator('article.comment', { hasText: 'přehled výzev nám pomůže' });
        assert.match(await edited.innerText(), /upraveno/);

        // A report of the question, with a reason, on its page.
        const asked = commentBy(page, 'Camille Girard');
        await enter(
          page,
          asked.getByRole('link', { name: 'Nahlásit komentář uživatele Camille Girard', exact: true }),
          true,
        );
        assert.equal((await page.locator('h1').innerText()).trim(), 'Nahlásit komentář');
        assert.ok(
          await page
            .locator('main .comment__meta')
            .getByText('Komentář uživatele Camille Girard', { exact: true })
            .isVisible(),
        );
        await checkAxe(page);
        await type(
          page,
          page.getByLabel('Proč by se na něj měl moderátor podívat?'),
          'Patří spíš do diskuse o financování.',
        );
        await enter(page, page.getByRole('button', { name: 'Odeslat hlášení' }), true);
        assert.ok(await commentBy(page, 'Camille Girard').getByText('Tento komentář jste nahlásili.').isVisible());
        assert.equal(
          await commentBy(page, 'Camille Girard')
            .getByRole('link', { name: 'Nahlásit komentář uživatele Camille Girard' })
            .count(),
          0,
          'no second report',
        );
        await checkAxe(page);

        // The reply is deleted, after the page that asks first.
        const answer = page.locator('article.comment', { hasText: 'Přehled pošleme do konce měsíce.' });
        await enter(page, answer.getByRole('link', { name: 'Smazat svůj komentář', exact: true }), true);
        assert.equal((await page.locator('h1').innerText()).trim(), 'Smazat svůj komentář?');
        assert.ok(await page.locator('blockquote').getByText('Přehled pošleme do konce měsíce.').isVisible());
        await checkAxe(page);
        await enter(page, page.getByRole('button', { name: 'Smazat komentář', exact: true }), true);
        assert.match(page.url(), /#comment-\d+$/);
        assert.equal(await page.getByText('Přehled pošleme do konce měsíce.').count(), 0);
        assert.ok(await page.getByText('Komentář byl smazán.').first().isVisible());
        await checkAxe(page);

        // The moderator hides the member's comment, giving a reason.
        await signInWithForm(moderator, MODERATOR, DEMO_PASSWORD);
        assert.equal((await moderator.goto(POST))?.status(), 200);
        const target = moderator.locator('article.comment', { hasText: 'přehled výzev nám pomůže' });
        await enter(
          moderator,
          target.getByRole('link', { name: 'Skrýt komentář uživatele Eva Novotná', exact: true }),
          true,
        );
        assert.equal((await moderator.locator('h1').innerText()).trim(), 'Skrýt komentář');
        assert.ok(
          await moderator.locator('blockquote').getByText('přehled výzev nám pomůže', { exact: false }).isVisible(),
        );
        await checkAxe(moderator);
        await type(moderator, moderator.getByLabel('Důvod (autor ho uvidí)'), 'Zkouška moderování.');
        await enter(moderator, moderator.getByRole('button', { name: 'Skrýt komentář', exact: true }), true);
        assert.ok(await moderator.getByText('Skryto moderátorem.').first().isVisible());
        await checkAxe(moderator);

        // The author reads the reason; a visitor sees only the placeholder.
        await page.goto(POST);
        assert.ok(
          await page.getByText('Moderátor váš komentář ostatním skryl. Důvod: Zkouška moderování.').isVisible(),
        );
        const visitor = await env.newPage();
        try {
          await visitor.goto(POST);
          assert.equal(await visitor.getByText('přehled výzev nám pomůže').count(), 0);
          assert.ok(await visitor.getByText('Skryto moderátorem.').first().isVisible());
          assert.equal(await visitor.getByText('Přehled pošleme do konce měsíce.').count(), 0, 'nor the deleted reply');
          assert.ok(await visitor.getByText('Komentář byl smazán.').first().isVisible());
          await checkAxe(visitor);
        } finally {
          await visitor.close();
        }
      } finally {
        await page.close();
        await moderator.close();
      }
    },
  );
});
