import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';

const points = (html: string) =>
  [...(/<ul class="hero__points"[^>]*>(.*?)<\/ul>/s.exec(html)?.[1] ?? '').matchAll(/<li>(.*?)<\/li>/g)].map(
    (m) => m[1],
  );

forEachEngine('the home page', (engine) => {
  test('promises what the installed modules do, no more, in the reader’s language', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const english = (await urbis.app.inject('/en/')).body;
    const declared = urbis.ctx.modules.flatMap((m) => m.promises ?? []).sort((a, b) => a.order - b.order);
    assert.ok(declared.length >= 3, 'partnerships, news, comments … say what they offer');
    assert.deepEqual(
      points(english),
      declared.map((p) => urbis.ctx.i18n('en').t(p.label)),
    );
    // Nothing that is not there yet (no other words for meetings than their module's).
    assert.doesNotMatch(english, /meetings with agendas/i);
    const czech = (await urbis.app.inject('/cs/')).body;
    assert.deepEqual(
      points(czech),
      declared.map((p) => urbis.ctx.i18n('cs').t(p.label)),
    );
    assert.doesNotMatch(czech, /Setkání s programem/);
  });

  test('in Czech, English items carry a visible label and their lang', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    for (const url of ['/cs/', '/cs/tags/meeting', '/cs/partnerships/digital-transition/news']) {
      const html = (await urbis.app.inject(url)).body;
      const items = [...html.matchAll(/<article>(.*?)<\/article>/gs)].map((m) => m[1]!);
      const english = items.filter((item) => /<a [^>]*lang="en"/.test(item));
      assert.ok(english.length > 0, `${url} lists English items`);
      for (const item of english) assert.match(item, /<span class="language-label">anglicky<\/span>/, url);
      for (const item of items.filter((i) => !/lang="en"/.test(i)))
        assert.doesNotMatch(item, /language-label/, `${url}: an item in Czech has no label`);
    }
    // In English, a Czech item would say "Czech"; English ones say nothing.
    const home = (await urbis.app.inject('/en/')).body;
    assert.doesNotMatch(home, /<span class="language-label">English<\/span>/);
  });
});
