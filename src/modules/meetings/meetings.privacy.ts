import type { ModuleContext } from '../../core/module.js';
import { isoOf } from './meetings.queries.js';

/**
 * What meetings keep about a person: their registrations, where they take part or speak, what they
 * planned, the files they added.
 */
export async function exportMeetingData(ctx: ModuleContext, userId: number): Promise<Record<string, unknown>> {
  const { db } = ctx;
  const [registrations, participation, speaking, planned, files] = await Promise.all([
    db
      .selectFrom('meeting_registrations')
      .innerJoin('meetings', 'meetings.id', 'meeting_registrations.meeting_id')
      .select([
        'meetings.title',
        'meetings.starts_at',
        'meeting_registrations.status',
        'meeting_registrations.attended',
        'meeting_registrations.created_at',
      ])
      .where('meeting_registrations.user_id', '=', userId)
      .execute(),
    db
      .selectFrom('meeting_people')
      .innerJoin('meetings', 'meetings.id', 'meeting_people.meeting_id')
      .select(['meetings.title', 'meetings.starts_at'])
      .where('meeting_people.user_id', '=', userId)
      .execute(),
    db
      .selectFrom('meeting_agenda_speakers')
      .innerJoin('meeting_agenda_items', 'meeting_agenda_items.id', 'meeting_agenda_speakers.item_id')
      .innerJoin('meetings', 'meetings.id', 'meeting_agenda_items.meeting_id')
      .select(['meetings.title as meeting', 'meeting_agenda_items.title as item'])
      .where('meeting_agenda_speakers.user_id', '=', userId)
      .execute(),
    db.selectFrom('meetings').select(['title', 'starts_at']).where('created_by', '=', userId).execute(),
    db
      .selectFrom('meeting_attachments')
      .innerJoin('meetings', 'meetings.id', 'meeting_attachments.meeting_id')
      .select(['meetings.title as meeting', 'meeting_attachments.name', 'meeting_attachments.created_at'])
      .where('meeting_attachments.uploaded_by', '=', userId)
      .execute(),
  ]);
  const when = <R extends { starts_at: string }>(rows: R[]) =>
    rows.map((r) => ({ ...r, starts_at: isoOf(r.starts_at) }));
  return {
    registrations: when(registrations),
    participation: when(participation),
    speaking,
    planned: when(planned),
    files: files.map((f) => ({ ...f, created_at: isoOf(f.created_at) })),
  };
}

/**
 * A deleted account's ties to meetings go: registrations, participation and speaking; the meetings
 * it planned and the files it added stay (they belong to the partnership), no longer naming it.
 */
export async function eraseMeetingData(ctx: ModuleContext, userId: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('meeting_registrations').where('user_id', '=', userId).execute();
    await trx.deleteFrom('meeting_people').where('user_id', '=', userId).execute();
    await trx.deleteFrom('meeting_agenda_speakers').where('user_id', '=', userId).execute();
    await trx.updateTable('meetings').set({ created_by: null }).where('created_by', '=', userId).execute();
    await trx.updateTable('meeting_attachments').set({ uploaded_by: null }).where('uploaded_by', '=', userId).execute();
  });
}
