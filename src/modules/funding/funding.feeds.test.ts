// The register's feeds, on both engines: the deadlines as iCalendar, read back by an independent
// parser (ical.js): one event per deadline of each item the register's query selects, at its
// instant, with stable UIDs, escaped text, folded CRLF lines; the same filters as the register (a
// bad one a 400); public items only. And the Atom feed of new items, newest first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ICAL from 'ical.js';
import { forEachEngine } from '../../../test/helpers/app.js';
import { setUp } from '../../../test/support/news.js';
import { addItem, daysFrom } from '../../../test/support/funding-follow.js';
import { foldLine as fold, icsText } from '../../core/ics.js';
import { loadOpportunities } from './funding.queries.js';
import { statusAt } from './funding.status.js';

/** An instant as iCalendar holds it: to the second. */
const toSecond = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();

/** Events as ical.js reads them: uid, start (ISO), summary, description. */
function eventsOf(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    return { uid: e.uid, at: e.startDate.toJSDate().toISOString(), summary: e.summary, description: e.description };
  });
}

test('text is escaped and lines are folded at 75 octets without cutting a character', () => {
  assert.equal(icsText('a, b; c\\d\ne'), 'a\\, b\\; c\\\\d\\ne');
  const line = `SUMMARY:${'Žluťoučký kůň '.repeat(10)}`;
  const folded = fold(line);
  for (const part of folded.split('\r\n')) assert.ok(Buffer.byteLength(part, 'utf8') <= 75, part);
  assert.equal(folded.replace(/\r\n /g, ''), line);
});

forEachEngine('funding: the feeds', (engine) => {
  test('the deadlines of what the query selects, one event each, read back by ical.js', async (t) => {
    const { urbis, as, ids } = await setUp(t, engine);
    const { ctx } = urbis;
    const now = new Date();
    const tricky = await addItem(ctx, {
      title: 'Call; with, “commas” \\ and a long title that goes on and on past seventy-five octets — žluťoučký',
      deadlines: [
        { at: daysFrom(now, 10), label: 'Stage 1' },
        { at: daysFrom(now, 50), label: 'Stage 2' },
      ],
      tags: { labels: ['Digital transition'], lang: 'en' },
    });
    const suggestion = await addItem(ctx, { title: 'Not public', state: 'suggested', suggestedBy: ids.member });

    const response = await as.visitor.get('/en/funding/deadlines.ics');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/calendar/);
    const text = response.body;
    assert.ok(text.endsWith('\r\n'));
    for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line, 'utf8') <= 75, line);
    assert.equal(text.split('\r\n').length - 1, text.split('\n').length - 1, 'every line ends with CRLF');

    // What the register lists by default (forthcoming, open, closing soon), public ones only.
    const published = await ctx.db
      .selectFrom('funding_opportunities')
      .select('id')
      .where('state', '=', 'published')
      .execute();
    const items = (
      await loadOpportunities(
        ctx.db,
        published.map((r) => r.id),
      )
    ).filter((o) => statusAt(o, now, ctx.config.fundingClosingSoonDays) !== 'closed');
    const expected = items.flatMap((o) => o.deadlines.map((d) => `${o.id}@${toSecond(d.at)}`)).sort();
    const events = eventsOf(text);
    const got = events.map((e) => `${/^funding-(\d+)-/.exec(e.uid)?.[1]}@${e.at}`).sort();
    assert.deepEqual(got, expected);
    assert.ok(events.length >= 10, `${events.length} deadlines in the demo`);
    assert.ok(!events.some((e) => e.uid.startsWith(`funding-${suggestion.id}-`)), 'no suggestion');

    const mine = events.filter((e) => e.uid.startsWith(`funding-${tricky.id}-`));
    assert.deepEqual(
      mine.map((e) => e.summary),
      [`Deadline (Stage 1): ${tricky.title}`, `Deadline (Stage 2): ${tricky.title}`],
    );
    assert.deepEqual(
      mine.map((e) => e.at),
      tricky.deadlines.map((d) => toSecond(d.at)),
    );
    assert.match(mine[0]!.description, new RegExp(`/en/funding/${tricky.id}$`));
    // The same UIDs the next time.
    const again = eventsOf((await as.member.get('/en/funding/deadlines.ics')).body);
    assert.deepEqual(again.map((e) => e.uid).sort(), events.map((e) => e.uid).sort());

    // The register's filters: a topic, closed items, a bad value.
    const topical = eventsOf((await as.visitor.get('/en/funding/deadlines.ics?topic=digital-transition')).body);
    assert.ok(topical.length > 0 && topical.length < events.length);
    assert.ok(topical.some((e) => e.uid.startsWith(`funding-${tricky.id}-`)));
    const untagged = await addItem(ctx, { title: 'Untagged', tags: { labels: ['noise'], lang: 'en' } });
    const topical2 = eventsOf((await as.visitor.get('/en/funding/deadlines.ics?topic=digital-transition')).body);
    assert.ok(!topical2.some((e) => e.uid.startsWith(`funding-${untagged.id}-`)));
    const closed = eventsOf((await as.visitor.get('/en/funding/deadlines.ics?status=closed')).body);
    assert.ok(
      closed.length > 0 && closed.every((e) => Date.parse(e.at) <= Date.now() || !e.uid.includes(`-${tricky.id}-`)),
    );
    const bad = await urbis.app.inject({ url: '/api/v1/funding/deadlines.ics?status=someday' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().errors[0].pointer, '/query/status');
    // In Czech.
    const cs = eventsOf((await as.visitor.get('/cs/funding/deadlines.ics')).body);
    assert.ok(cs.some((e) => e.summary === `Uzávěrka (Stage 1): ${tricky.title}`));
  });

  test('the Atom feed: new public items, newest first', async (t) => {
    const { urbis, ids } = await setUp(t, engine);
    const { ctx } = urbis;
    await addItem(ctx, { title: 'Older call' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await addItem(ctx, { title: 'Newest call <b>bold</b>' });
    await addItem(ctx, { title: 'Hidden suggestion', state: 'suggested', suggestedBy: ids.member });
    const response = await urbis.app.inject({ url: '/en/funding/feed.atom' });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/atom\+xml/);
    const titles = [...response.body.matchAll(/<entry>[\s\S]*?<title type="html"><!\[CDATA\[(.*?)\]\]><\/title>/g)].map(
      (m) => m[1],
    );
    assert.equal(titles[0], 'Newest call &lt;b&gt;bold&lt;/b&gt;');
    assert.equal(titles[1], 'Older call');
    assert.ok(!titles.includes('Hidden suggestion'));
    assert.match(response.body, /<link rel="self" href="http:\/\/[^"]+\/en\/funding\/feed\.atom"\/>/);
  });
});
