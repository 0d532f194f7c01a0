// The meetings tables on both engines: numbers in series, upcoming and past around a moment, and
// the one visibility rule as a filter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { VISITORS } from '../../core/module.js';
import { partnershipIdOf } from '../partnerships/index.js';
import * as q from './meetings.queries.js';

forEachEngine('meetings: tables and queries', (engine) => {
  test('numbers are unique per partnership; upcoming and past split at a moment; members-only filtered', async (t) => {
    const urbis = await buildTestApp(t, engine, { demo: true });
    const { db } = urbis.ctx;
    const p = (await partnershipIdOf(db, 'air-quality'))!;
    const base = {
      partnershipId: p,
      originalLang: 'en',
      description: '',
      timeZone: 'Europe/Brussels',
      venue: '',
      address: '',
      city: 'Brussels',
      country: 'BE',
      onlineUrl: null,
      hostOrganisationId: null,
      registrationOpen: false,
      capacity: null,
      registrationDeadline: null,
      createdBy: null,
    };
    const first = await q.nextNumber(db, p);
    const at = (h: number) => new Date(Date.UTC(2030, 2, 30, h)).toISOString();
    const a = await q.insertMeeting(db, {
      ...base,
      number: first,
      title: 'Public one',
      startsAt: at(8),
      endsAt: at(10),
      membersOnly: false,
    });
    assert.ok(a);
    assert.equal(
      await q.insertMeeting(db, {
        ...base,
        number: first,
        title: 'Twin',
        startsAt: at(8),
        endsAt: at(9),
        membersOnly: false,
      }),
      null,
    );
    assert.equal(await q.nextNumber(db, p), first + 1);
    const b = await q.insertMeeting(db, {
      ...base,
      number: first + 1,
      title: 'Members one',
      startsAt: at(12),
      endsAt: at(13),
      membersOnly: true,
    });
    assert.ok(b);
    const found = await q.findMeetingByNumber(db, p, first + 1);
    assert.equal(found?.title, 'Members one');
    assert.equal(found?.startsAt, at(12));
    assert.equal(found?.membersOnly, true);
    assert.equal(found?.sequence, 0);

    const upcomingAll = await q.startingFrom(db, p, true, new Date(at(9)), 10);
    assert.deepEqual(
      upcomingAll.map((m) => m.id),
      [b],
    );
    assert.deepEqual(
      (await q.startingFrom(db, p, false, new Date(at(9)), 10)).map((m) => m.id),
      [],
    );
    const past = await q.startedBefore(db, p, true, new Date(at(9)), 10);
    assert.ok(past.items.some((m) => m.id === a));

    const visible = await db
      .selectFrom('meetings')
      .select('id')
      .where('id', 'in', [a, b])
      .where(q.visibleMeetings(VISITORS))
      .execute();
    assert.deepEqual(
      visible.map((r) => r.id),
      [a],
    );
    const members = await db
      .selectFrom('meetings')
      .select('id')
      .where('id', 'in', [a, b])
      .where(q.visibleMeetings({ membersOf: [p], editorOf: [], userId: null }))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      members.map((r) => r.id),
      [a, b],
    );
  });
});
