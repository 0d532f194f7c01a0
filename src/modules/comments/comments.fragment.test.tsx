// The thread is rendered once per page, language and generation of the data, and each reader
// gets it with their own action links, their own hidden comments' text and their own form
// token: these tests read the same page as several people in turn, with nothing written in
// between (so every reader after the first gets the shared HTML), and check what each sees.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { actionsOf, articleOf, post, sectionOf, setUp, THING } from '../../../test/support/comments.js';

forEachEngine('comments: one shared thread, filled for each reader', (engine) => {
  test('authors, other members, a moderator and a visitor each get their own links from one rendering', async (t) => {
    const { urbis, as } = await setUp(t, engine);
    const ana = await as('ana');
    const ben = await as('ben');
    const mod = await as('mod');
    const first = await post(ana, 'Ana asks about the funding pipeline.');
    const second = await post(ben, 'Ben answers with a link to the call.', first);
    const hidden = await post(ben, 'Ben says something rude.');
    assert.equal(
      (await mod.post(`/en/comments/${hidden}/hide`, { reason: 'Please keep it civil' }, THING)).statusCode,
      303,
    );
    assert.equal((await ana.post(`/en/comments/${second}/report`, { reason: 'Off topic' }, THING)).statusCode, 303);

    // From here on nothing is written: the first reader renders the thread, the others share it.
    const { shared } = urbis.ctx;
    const misses = shared.misses;
    const cy = await as('cy');
    const dee = await as('dee');
    const pages = {
      ana: (await ana.get(THING)).body,
      ben: (await ben.get(THING)).body,
      mod: (await mod.get(THING)).body,
      visitor: (await urbis.app.inject({ url: THING })).body,
      // Two members who wrote and reported nothing here get the thread as filled once for both.
      cy: (await cy.get(THING)).body,
      dee: (await dee.get(THING)).body,
    };
    // Two values are worked out once for all six: the thread, and who reported on it.
    const threadMisses = shared.misses - misses;
    assert.ok(threadMisses <= 2, `the thread was rendered once for six readers (${threadMisses} values worked out)`);
    assert.ok(shared.hits >= 9);
    assert.equal(
      sectionOf(pages.cy).replace(/value="[^"]+"/g, ''),
      sectionOf(pages.dee).replace(/value="[^"]+"/g, ''),
      'the same thread, but for the form token',
    );
    for (const id of [first, second]) {
      assert.deepEqual(
        actionsOf(pages.cy, id).map(([text]) => text),
        [
          `Reply to ${id === first ? 'Ana Horvat' : 'Ben Brandt'}`,
          `Report the comment by ${id === first ? 'Ana Horvat' : 'Ben Brandt'}`,
        ],
      );
    }
    assert.deepEqual(actionsOf(pages.cy, hidden), [], 'nothing to do on a comment a moderator hid');

    // Ana: edit and delete her own comment; report Ben's reply, which she reported already.
    assert.deepEqual(actionsOf(pages.ana, first), [
      ['Reply to Ana Horvat', `/en/comments/${first}/reply`],
      ['Edit your comment', `/en/comments/${first}/edit`],
      ['Delete your comment', `/en/comments/${first}/delete`],
    ]);
    assert.deepEqual(actionsOf(pages.ana, second), [
      ['Reply to Ben Brandt', `/en/comments/${second}/reply`],
      ['You reported this comment.'],
    ]);
    // Ben: the other way round, and he reads his hidden comment with the moderator's reason.
    assert.deepEqual(actionsOf(pages.ben, first), [
      ['Reply to Ana Horvat', `/en/comments/${first}/reply`],
      ['Report the comment by Ana Horvat', `/en/comments/${first}/report`],
    ]);
    assert.deepEqual(
      actionsOf(pages.ben, second).map(([text]) => text),
      ['Reply to Ben Brandt', 'Edit your comment', 'Delete your comment'],
    );
    assert.match(articleOf(pages.ben, hidden), /Please keep it civil/);
    assert.match(articleOf(pages.ben, hidden), /Ben says something rude\./);
    // Everyone else reads a placeholder in its place.
    for (const who of ['ana', 'mod', 'visitor', 'cy'] as const) {
      assert.doesNotMatch(
        articleOf(pages[who], hidden),
        /something rude|keep it civil/,
        `${who} does not read the hidden text`,
      );
      assert.match(articleOf(pages[who], hidden), /comment__placeholder/);
    }
    // The moderator: the queue, and hide or dismiss links; the visitor: no links at all.
    assert.match(sectionOf(pages.mod), /href="\/en\/comments\/reported"/);
    assert.ok(actionsOf(pages.mod, first).some(([text]) => text === 'Hide the comment by Ana Horvat'));
    assert.ok(
      actionsOf(pages.mod, second).some(([text]) => text === 'Dismiss the reports on the comment by Ben Brandt'),
    );
    for (const who of ['ana', 'ben', 'visitor', 'cy'] as const)
      assert.doesNotMatch(sectionOf(pages[who]), /comments\/reported|\/hide"|\/unhide"/, `${who} moderates nothing`);
    assert.deepEqual(actionsOf(pages.visitor, first), []);
    assert.match(sectionOf(pages.visitor), /sign-in\?next=/);
    // Each signed-in reader's form carries their own token; no slot is left unfilled.
    const tokens = (['ana', 'ben', 'mod', 'cy', 'dee'] as const).map(
      (who) => /name="_csrf" value="([^"]+)"/.exec(sectionOf(pages[who]))?.[1],
    );
    assert.equal(new Set(tokens).size, 5, 'five readers, five tokens');
    for (const html of Object.values(pages)) assert.doesNotMatch(html, /data-urbis-slot/);

    // A write makes it anew: Ben's edit shows at once, to Ana as well.
    assert.equal(
      (await ben.post(`/en/comments/${second}/edit`, { body: 'Ben answers, edited.' }, THING)).statusCode,
      303,
    );
    assert.match(articleOf((await ana.get(THING)).body, second), /Ben answers, edited\./);
  });
});
