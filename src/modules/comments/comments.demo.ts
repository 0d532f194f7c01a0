import type { ModuleContext } from '../../core/module.js';
import { findUserByHandle } from '../accounts/index.js';
import { demoPeople } from '../people/index.js';
import { countComments, findComment, insertComment } from './comments.queries.js';

/** The Lyon person who asks, and the DG CNECT person who answers (both invented demo people). */
const ASKER = 'camille-girard';
const ANSWERER = 'eva-novotna';

/**
 * The demo comments under the news about the 11th meeting of the Digital Transition
 * Partnership: a question about what the Commission has in the pipeline, and a reply from
 * DG CNECT. Called by whoever seeds that post (the news module, or the lead) with its
 * commentable type and id; does nothing when the subject already has comments or the
 * demo people are missing. No notifications are sent for demo data.
 */
export async function addDemoComments(ctx: ModuleContext, subject: { type: string; id: number }): Promise<void> {
  if ((await countComments(ctx.db, subject.type, subject.id)) > 0) return;
  const known = new Set(demoPeople().map((p) => p.handle));
  if (!known.has(ASKER) || !known.has(ANSWERER)) return;
  const [asker, answerer] = await Promise.all([findUserByHandle(ctx.db, ASKER), findUserByHandle(ctx.db, ANSWERER)]);
  if (!asker || !answerer) return;
  const questionId = await insertComment(ctx.db, {
    subjectType: subject.type,
    subjectId: subject.id,
    parent: null,
    authorId: asker.id,
    lang: 'en',
    body:
      'Thank you for this clear summary of the two days in Luxembourg.\n\n' +
      'Could the Commission tell us a little more about the activities, policies and funding ' +
      'opportunities that are “in the pipeline”? For a city like Lyon it would help to know which ' +
      'calls are expected this year and when, so that we can prepare our projects in time.',
    createdAt: '2019-03-13T08:42:00.000Z',
  });
  const question = await findComment(ctx.db, questionId);
  await insertComment(ctx.db, {
    subjectType: subject.type,
    subjectId: subject.id,
    parent: question,
    authorId: answerer.id,
    lang: 'en',
    body:
      'Good question, and thank you for asking it here where everyone can read the answer.\n\n' +
      'The main items are the proposed Digital Europe programme for the next budget period, the calls ' +
      'of the Connecting Europe Facility for public Wi-Fi in towns, and the next round of the Digital ' +
      'Cities Challenge presented by DG GROW. We will share a short overview with dates before the next ' +
      'partnership meeting, and we are happy to go through it with any city that wants to prepare a ' +
      'bid.',
    createdAt: '2019-03-14T10:05:00.000Z',
  });
}
