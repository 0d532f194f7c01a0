import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { SEED, setUp, spaces } from '../../../test/support/news.js';

forEachEngine('news: the translation form', (engine) => {
  test('shows the original beside the translation, marked with its language', async (t) => {
    const { as } = await setUp(t, engine);
    // The seed post is English; a Czech reader translates it.
    const cs = spaces((await as.member.get(`/cs${SEED}/translate?to=cs`)).body);
    assert.equal((await as.member.get(`/cs${SEED}/translate?to=cs`)).statusCode, 200);
    const original = /<section class="translate__original" aria-labelledby="translate-original">(.*?)<\/section>/.exec(
      cs,
    )?.[1];
    assert.ok(original, 'the original has a section of its own');
    assert.match(original, /<h2 id="translate-original">Originál v jazyce angličtina<\/h2>/);
    assert.match(
      original,
      /<div lang="en"><p class="translate__title">Luxembourg meeting on implementing and scaling up the actions<\/p>/,
    );
    assert.match(
      original,
      /<div class="prose"><p>The Digital Transition Partnership met for the eleventh time/,
      'its text, rendered',
    );
    const yours = '<section class="translate__form" aria-labelledby="translate-yours">';
    assert.ok(cs.includes(`${yours}<h2 id="translate-yours">Váš překlad</h2><form`), 'the form beside it');
    // A form with a message keeps the original beside it.
    const wrong = await as.member.post(
      `/en${SEED}/translate`,
      { lang: 'en', title: '', body: '' },
      `/en${SEED}/translate`,
    );
    assert.equal(wrong.statusCode, 400);
    assert.match(spaces(wrong.body), /<h2 id="translate-original">The original, in English<\/h2>/);
  });
});
