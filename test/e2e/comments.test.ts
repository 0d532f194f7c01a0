// Comments in Chromium with JavaScript disabled: reading a thread with every kind of
// comment (reply, edited, deleted, hidden), replying with the keyboard alone through the
// comment's "reply" link and the page it leads to, forms sent back with their message, the
// edit page, reporting and deleting through their pages, and a moderator's page in the Czech
// interface. Every page is checked with axe-core and the Nu HTML checker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { registeredModules } from '../../src/modules.js';
import { createUser } from '../../src/modules/accounts/index.js';
import { STRONG_PASSWORD } from '../support/accounts.js';
import {
  findComment,
  insertComment,
  markDeleted,
  markHidden,
  updateBody,
} from '../../src/modules/comments/comments.queries.js';
import { thingModule } from '../support/comments.js';
import { checkAxe, describeInBrowser } from '../helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

let ownerId: number | null = null;

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/en/sign-in');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', STRONG_PASSWORD);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
}

describeInBrowser(
  'comments without JavaScript',
  { modules: [...registeredModules, thingModule({ owner: () => ownerId })] },
  (env) => {
    test('a thread reads, answers and sends back forms accessibly, in English and Czech', async () => {
      const db = env.urbis.ctx.db;
      const make = (handle: string, name: string) =>
        createUser(db, { email: `${handle}@example.eu`, handle, displayName: name, password: STRONG_PASSWORD });
      ownerId = await make('owner', 'Olga Owner');
      const ana = await make('ana', 'Ana Horvat');
      const mod = await make('mod', 'Mo Derator');
      const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString();
      const welcome = await insertComment(db, {
        subjectType: 'thing',
        subjectId: 1,
        parent: null,
        authorId: mod,
        body: 'Welcome to the discussion.\n\nPlease keep it friendly.',
        lang: 'en',
        createdAt: at(0),
      });
      const reply = await insertComment(db, {
        subjectType: 'thing',
        subjectId: 1,
        parent: await findComment(db, welcome),
        authorId: ana,
        body: 'Thank you!',
        lang: 'en',
        createdAt: at(1),
      });
      await updateBody(db, reply, 'Thank you, Mo!', at(2));
      const gone = await insertComment(db, {
        subjectType: 'thing',
        subjectId: 1,
        parent: null,
        authorId: ana,
        body: 'Oops',
        lang: 'en',
        createdAt: at(3),
      });
      await insertComment(db, {
        subjectType: 'thing',
        subjectId: 1,
        parent: await findComment(db, gone),
        authorId: mod,
        body: 'Still readable under a deleted comment.',
        lang: 'en',
        createdAt: at(4),
      });
      await markDeleted(db, gone, at(5));
      const spam = await insertComment(db, {
        subjectType: 'thing',
        subjectId: 1,
        parent: null,
        authorId: ana,
        body: 'Cheap watches',
        lang: 'en',
        createdAt: at(6),
      });
      await markHidden(db, spam, mod, 'Advertising', at(7));

      const documents: Record<string, string> = {};
      const page = await env.newPage();
      documents['visitor'] = await (await page.goto('/en/things/1'))!.text();
      await checkAxe(page);

      await signIn(page, 'ana@example.eu');
      await page.goto('/en/things/1');
      await checkAxe(page);
      documents['author'] = await page.content();
      // The comments' actions are links, not forms.
      assert.equal(await page.locator('.comments details').count(), 0);
      assert.equal(await page.locator('.comments form').count(), 1, 'only the new comment’s form');
      // Follow the reply link with the keyboard: its page shows what it answers.
      const thread = page.locator(`#comment-${welcome}`);
      await thread.getByRole('link', { name: 'Reply to Mo Derator', exact: true }).focus();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      assert.match(page.url(), new RegExp(`/en/comments/${welcome}/reply$`));
      assert.equal(await page.locator('h1').textContent(), 'Write a reply');
      assert.ok(
        await page.locator('main .comment__meta').getByText('Replying to Mo Derator', { exact: true }).isVisible(),
      );
      assert.ok(
        await page.locator('blockquote').getByText('Please keep it friendly.').isVisible(),
        'the comment it answers',
      );
      await checkAxe(page);
      documents['reply page'] = await page.content();
      // Sent empty, it comes back with its message, still showing what it answers.
      await page.getByRole('button', { name: 'Post reply' }).focus();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      assert.ok(await page.getByRole('alert').isVisible());
      assert.ok(await page.locator('blockquote').getByText('Please keep it friendly.').isVisible());
      await checkAxe(page);
      documents['reply sent back'] = await page.content();
      await page.getByLabel('Your reply to Mo Derator', { exact: true }).focus();
      await page.keyboard.type('A reply typed with the keyboard.');
      await page.getByRole('button', { name: 'Post reply' }).focus();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      assert.match(page.url(), /\/en\/things\/1#comment-\d+$/);
      assert.ok(await page.getByText('A reply typed with the keyboard.').isVisible());
      await checkAxe(page);

      // An empty comment comes back with its message.
      await page.getByRole('button', { name: 'Post comment', exact: true }).focus();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      assert.ok(await page.getByRole('alert').isVisible());
      await checkAxe(page);
      documents['sent back'] = await page.content();

      await page.goto(`/en/comments/${reply}/edit`);
      await checkAxe(page);
      documents['edit'] = await page.content();

      // A report, on its page, with a reason; the thread then says so.
      await page.goto('/en/things/1');
      await page
        .locator(`#comment-${welcome}`)
        .getByRole('link', { name: 'Report the comment by Mo Derator', exact: true })
        .focus();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      assert.equal(await page.locator('h1').textContent(), 'Report a comment');
      assert.ok(await page.locator('blockquote').getByText('Please keep it friendly.').isVisible());
      await checkAxe(page);
      documents['report page'] = await page.content();
      await page.getByLabel('Why should a moderator look at it?').focus();
      await page.keyboard.type('Testing the report page');
      await page.getByRole('button', { name: 'Send report' }).focus();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      assert.ok(await page.locator(`#comment-${welcome}`).getByText('You reported this comment.').isVisible());
      await checkAxe(page);

      // Deleting asks first, on a page of its own.
      await page.locator(`#comment-${reply}`).getByRole('link', { name: 'Delete your comment', exact: true }).focus();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      assert.equal(await page.locator('h1').textContent(), 'Delete your comment?');
      assert.ok(await page.locator('blockquote').getByText('Thank you, Mo!').isVisible());
      await checkAxe(page);
      documents['delete page'] = await page.content();
      await page.getByRole('button', { name: 'Delete comment' }).focus();
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      assert.match(page.url(), new RegExp(`/en/things/1#comment-${reply}$`));
      assert.ok(await page.locator(`#comment-${reply}`).getByText('Comment deleted.').isVisible());
      await checkAxe(page);

      const moderator = await env.newPage();
      await signIn(moderator, 'mod@example.eu');
      await moderator.goto('/cs/things/1');
      await checkAxe(moderator);
      documents['moderator, Czech'] = await moderator.content();
      assert.ok(await moderator.getByText('Skryto moderátorem.').isVisible());
      // The page for showing the hidden comment again, in Czech, from its link.
      await moderator
        .locator(`#comment-${spam}`)
        .getByRole('link', { name: 'Znovu zobrazit komentář uživatele Ana Horvat', exact: true })
        .focus();
      await Promise.all([moderator.waitForNavigation({ waitUntil: 'load' }), moderator.keyboard.press('Enter')]);
      assert.equal(await moderator.locator('h1').textContent(), 'Znovu zobrazit skrytý komentář');
      assert.ok(
        await moderator.locator('blockquote').getByText('Cheap watches').isVisible(),
        'the moderator reads the hidden text there',
      );
      await checkAxe(moderator);
      documents['moderator’s page, Czech'] = await moderator.content();

      const results = await checkHtml(documents);
      for (const [name, messages] of Object.entries(results))
        assert.deepEqual(messages.map(formatVnuMessage), [], `${name}: valid HTML`);
    });
  },
);
