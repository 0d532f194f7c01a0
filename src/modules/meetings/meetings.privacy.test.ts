// What meetings keep about a person, exported and erased on both engines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../../test/helpers/app.js';
import { addMeeting } from '../../../test/support/meetings.js';
import { withPartnershipPeople } from '../../../test/support/partnerships.js';
import { exportMeetingData, eraseMeetingData } from './meetings.privacy.js';
import { addAgendaItem, setParticipants } from './meetings.service.js';

forEachEngine('meetings: personal data', (engine) => {
  test('registrations, participation, speaking and planning are exported; erased, the meetings stay', async (t) => {
    const { urbis, ids, dtp } = await withPartnershipPeople(t, engine);
    const { ctx } = urbis;
    const { db } = ctx;
    const person = ids.member;
    const meeting = await addMeeting(db, dtp, { title: 'Data spaces', createdBy: person });
    await setParticipants(db, meeting.id, [], [person, ids.coordinator]);
    await addAgendaItem(db, meeting.id, {
      title: 'Opening',
      description: '',
      startsAt: null,
      endsAt: null,
      parentId: null,
      speakers: [{ userId: person }],
    });
    const at = new Date().toISOString();
    await db
      .insertInto('meeting_registrations')
      .values({
        meeting_id: meeting.id,
        user_id: person,
        status: 'registered',
        attended: null,
        created_at: at,
        status_at: at,
      })
      .execute();
    const data = (await exportMeetingData(ctx, person)) as Record<string, unknown[]>;
    assert.equal(data.registrations!.length, 1);
    assert.equal(data.participation!.length, 1);
    assert.deepEqual(data.speaking, [{ meeting: 'Data spaces', item: 'Opening' }]);
    assert.equal(data.planned!.length, 1);

    await eraseMeetingData(ctx, person);
    const after = (await exportMeetingData(ctx, person)) as Record<string, unknown[]>;
    assert.deepEqual(
      Object.values(after).map((rows) => rows.length),
      [0, 0, 0, 0, 0],
    );
    const stays = await db.selectFrom('meetings').select('title').where('id', '=', meeting.id).executeTakeFirst();
    assert.equal(stays?.title, 'Data spaces');
    const others = await db
      .selectFrom('meeting_people')
      .select('user_id')
      .where('meeting_id', '=', meeting.id)
      .execute();
    assert.deepEqual(
      others.map((r) => r.user_id),
      [ids.coordinator],
    );
  });
});
