// Moderation in Chromium with JavaScript disabled, on the demo data: the partnership's
// moderator follows the demo question's "hide" link under the seed post to its page and hides
// it with the keyboard, its author reads the reason, the moderator finds it in the queue of
// reported and hidden comments and shows it again from there (or from its page, through the
// thread's link). Every page is checked with axe-core and the Nu HTML checker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { checkAxe, describeInBrowser, signInWithForm } from '../../../test/helpers/browser.js';
import { checkHtml, formatVnuMessage } from '../../../test/helpers/vnu.js';
import { DEMO_PASSWORD } from '../people/index.js';

const SEED = '/en/partnerships/digital-transition/news/luxembourg-meeting-on-implementing-and-scaling-up-the-actions';
// In the demo, Ivana Kovačić moderates the Digital Transition Partnership's discussions;
// Camille Girard (Lyon) asked the question under the seed post.
const MODERATOR = 'ivana-kovacic@demo.urbis.eu';
const AUTHOR = 'camille-girard@demo.urbis.eu';

/** Focuses an element and presses a key, waiting for the page it leads to when `navigates`. */
async function press(page: Page, target: Locator, key: string, navigates = false): Promise<void> {
  await target.focus();
  if (navigates) await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
  else await page.keyboard.press(key);
}

describeInBrowser('comment moderation without JavaScript', { demo: true }, (env) => {
  test(
    'a moderator hides a comment and shows it again from the queue, ' + 'with the keyboard; every page passes axe',
    async () => {
      const documents: Record<string, string> = {};
      const page = await env.newPage();
      try {
        await signInWithForm(page, MODERATOR, DEMO_PASSWORD);
        assert.equal((await page.goto(SEED))?.status(), 200);
        await checkAxe(page);
        const question = page.locator('article.comment', {
          has: page.getByRole('heading', { name: 'Camille Girard', exact: true }),
        });
        const id = (await question.getAttribute('id'))?.replace('comment-', '');
        assert.ok(id, 'the demo question is under the post');

        // Hide it: follow its link to the page with the reason, which shows the comment; type the reason, send, all
        // from
        // the keyboard.
        await press(
          page,
          question.getByRole('link', { name: 'Hide the comment by Camille Girard', exact: true }),
          'Enter',
          true,
        );
        assert.ok(page.url().endsWith(`/en/comments/${id}/hide`), page.url());
        assert.equal(await page.locator('h1').textContent(), 'Hide a comment');
        assert.ok(
          await page.locator('main .comment__meta').getByText('Comment by Camille Girard', { exact: true }).isVisible(),
        );
        assert.ok(
          await page
            .locator('blockquote')
            .getByText(/in the pipeline/)
            .isVisible(),
          'the comment, above the reason',
        );
        await checkAxe(page);
        documents['the hide page'] = await page.content();
        await page.getByLabel('Reason (the author will see it)').focus();
        await page.keyboard.type('Please ask questions about funding in the funding pipeline');
        await press(page, page.getByRole('button', { name: 'Hide comment' }), 'Enter', true);
        assert.ok(page.url().endsWith(`${SEED}#comment-${id}`), page.url());
        assert.ok(await question.getByText('Hidden by a moderator.').isVisible());
        assert.equal(await question.getByText('in the pipeline').count(), 0);
        await checkAxe(page);
        documents['the thread, for its moderator'] = await page.content();

        // The queue, from the link under the thread.
        await press(page, page.getByRole('link', { name: 'Reported and hidden comments' }), 'Enter', true);
        assert.match(page.url(), /\/en\/comments\/reported$/);
        const listed = page.locator(`#comment-${id}`);
        assert.ok(
          await listed
            .getByText(
              'Hidden by a moderator. Reason given to the author: Please ask questions about funding in the ' +
                'funding pipeline',
            )
            .isVisible(),
        );
        assert.ok(await listed.getByText(/in the pipeline/).isVisible(), 'moderators read the hidden text here');
        await checkAxe(page);
        documents['the queue'] = await page.content();

        // Show it again; an empty reason first comes back with its message.
        await press(page, listed.getByText('Show the comment by Camille Girard again', { exact: true }), 'Enter');
        await press(page, listed.getByRole('button', { name: 'Show comment again' }), 'Enter', true);
        assert.ok(await page.getByRole('alert').isVisible());
        assert.equal(await page.locator('h1').textContent(), 'Show a hidden comment again');
        await checkAxe(page);
        documents['the reason sent back'] = await page.content();
        await page.getByLabel('Why may it be seen again? (kept in the audit log)').focus();
        await page.keyboard.type('A fair question; the answer helps everyone');
        await press(page, page.getByRole('button', { name: 'Show comment again' }), 'Enter', true);
        assert.match(page.url(), new RegExp(`/en/comments/reported\\?done=unhidden#comment-${id}$`));
        assert.ok(await page.getByText('The comment is visible again.').isVisible());
        assert.equal(await page.locator(`#comment-${id}`).count(), 0, 'settled: off the queue');
        await checkAxe(page);
        documents['the queue after'] = await page.content();

        await page.goto(SEED);
        assert.ok(await question.getByText(/in the pipeline/).isVisible(), 'visible again under the post');
        await checkAxe(page);
      } finally {
        await page.close();
      }
      const results = await checkHtml(documents);
      for (const [name, messages] of Object.entries(results))
        assert.deepEqual(messages.map(formatVnuMessage), [], `${name}: valid HTML`);
    },
  );

  test('the author of a hidden comment reads the moderator’s reason, and only they', async () => {
    const moderator = await env.newPage();
    const author = await env.newPage();
    const member = await env.newPage();
    try {
      await signInWithForm(moderator, MODERATOR, DEMO_PASSWORD);
      await moderator.goto(SEED);
      const question = moderator.locator('article.comment', {
        has: moderator.getByRole('heading', { name: 'Camille Girard', exact: true }),
      });
      await press(
        moderator,
        question.getByRole('link', { name: 'Hide the comment by Camille Girard', exact: true }),
        'Enter',
        true,
      );
      await moderator.getByLabel('Reason (the author will see it)').fill('Off topic for this post');
      await press(moderator, moderator.getByRole('button', { name: 'Hide comment' }), 'Enter', true);

      await signInWithForm(author, AUTHOR, DEMO_PASSWORD);
      await author.goto(SEED);
      assert.ok(
        await author.getByText('A moderator hid your comment from others. Reason: Off topic for this post').isVisible(),
      );
      await checkAxe(author);

      await signInWithForm(member, 'eva-novotna@demo.urbis.eu', DEMO_PASSWORD);
      await member.goto(SEED);
      assert.ok(await member.getByText('Hidden by a moderator.').isVisible());
      assert.equal(await member.getByText(/Off topic for this post/).count(), 0);
      assert.equal(
        (await member.goto('/en/comments/reported'))?.status(),
        404,
        'a member who moderates nothing has no queue',
      );

      // Back as it was, for the other tests of this file: from the thread, through the link to its page.
      await moderator.goto(SEED);
      await press(
        moderator,
        question.getByRole('link', { name: 'Show the comment by Camille Girard again', exact: true }),
        'Enter',
        true,
      );
      assert.equal(await moderator.locator('h1').textContent(), 'Show a hidden comment again');
      assert.ok(
        await moderator
          .locator('blockquote')
          .getByText(/in the pipeline/)
          .isVisible(),
        'the moderator reads the hidden text there',
      );
      await checkAxe(moderator);
      await moderator.getByLabel('Why may it be seen again? (kept in the audit log)').fill('Restored after the test');
      await press(moderator, moderator.getByRole('button', { name: 'Show comment again' }), 'Enter', true);
      assert.match(moderator.url(), /#comment-\d+$/, 'back to the thread');
      assert.ok(await question.getByText(/in the pipeline/).isVisible(), 'visible again');
    } finally {
      await Promise.all([moderator.close(), author.close(), member.close()]);
    }
  });
});
