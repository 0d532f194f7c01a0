// Comments in Chromium with JavaScript disabled: reading a thread with every kind of
// comment (reply, edited, deleted, hidden), replying with the keyboard alone through the
// <details> disclosure, a form sent back with its message, the edit page, the Czech
// interface. Every page is checked with axe-core and the Nu HTML checker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { registeredModules } from '../../src/modules.js';
import { createUser } from '../../src/modules/accounts/index.js';
import { STRONG_PASSWORD } from '../../src/modules/accounts/testing.js';
import { findComment, insertComment, markDeleted, markHidden, updateBody } from '../../src/modules/comments/comments.queries.js';
import { thingModule } from '../../src/modules/comments/testing.js';
import { checkAxe, describeInBrowser } from '../helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../helpers/vnu.js';

let ownerId: number | null = null;

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/en/sign-in');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', STRONG_PASSWORD);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
}

describeInBrowser('comments without JavaScript', { modules: [...registeredModules, thingModule({ owner: () => ownerId })] }, (env) => {
  test('a thread reads, answers and sends back forms accessibly, in English and Czech', async () => {
    const db = env.urbis.ctx.db;
    const make = (handle: string, name: string) => createUser(db, { email: `${handle}@example.eu`, handle, displayName: name, password: STRONG_PASSWORD });
    ownerId = await make('owner', 'Olga Owner');
    const ana = await make('ana', 'Ana Horvat');
    const mod = await make('mod', 'Mo Derator');
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString();
    const welcome = await insertComment(db, { subjectType: 'thing', subjectId: 1, parent: null, authorId: mod, body: 'Welcome to the discussion.\n\nPlease keep it friendly.', lang: 'en', createdAt: at(0) });
    const reply = await insertComment(db, { subjectType: 'thing', subjectId: 1, parent: await findComment(db, welcome), authorId: ana, body: 'Thank you!', lang: 'en', createdAt: at(1) });
    await updateBody(db, reply, 'Thank you, Mo!', at(2));
    const gone = await insertComment(db, { subjectType: 'thing', subjectId: 1, parent: null, authorId: ana, body: 'Oops', lang: 'en', createdAt: at(3) });
    await insertComment(db, { subjectType: 'thing', subjectId: 1, parent: await findComment(db, gone), authorId: mod, body: 'Still readable under a deleted comment.', lang: 'en', createdAt: at(4) });
    await markDeleted(db, gone, at(5));
    const spam = await insertComment(db, { subjectType: 'thing', subjectId: 1, parent: null, authorId: ana, body: 'Cheap watches', lang: 'en', createdAt: at(6) });
    await markHidden(db, spam, mod, 'Advertising', at(7));

    const documents: Record<string, string> = {};
    const page = await env.newPage();
    documents['visitor'] = await (await page.goto('/en/things/1'))!.text();
    await checkAxe(page);

    await signIn(page, 'ana@example.eu');
    await page.goto('/en/things/1');
    await checkAxe(page);
    documents['author'] = await page.content();
    // Open the reply form with the keyboard: the summary is a button of its own.
    const thread = page.locator(`#comment-${welcome}`);
    await thread.getByText('Reply to Mo Derator', { exact: true }).focus();
    await page.keyboard.press('Enter');
    await thread.getByLabel('Your reply to Mo Derator', { exact: true }).focus();
    await page.keyboard.type('A reply typed with the keyboard.');
    await thread.getByRole('button', { name: 'Post reply' }).focus();
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

    const moderator = await env.newPage();
    await signIn(moderator, 'mod@example.eu');
    await moderator.goto('/cs/things/1');
    await checkAxe(moderator);
    documents['moderator, Czech'] = await moderator.content();
    assert.ok(await moderator.getByText('Skryto moderátorem.').isVisible());

    const results = await checkHtml(documents);
    for (const [name, messages] of Object.entries(results)) assert.deepEqual(messages.map(formatVnuMessage), [], `${name}: valid HTML`);
  });
});
