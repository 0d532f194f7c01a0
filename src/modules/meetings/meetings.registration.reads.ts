import { defineReads, dim, read } from '../../core/shared/index.js';
import * as q from './meetings.registration.queries.js';

/**
 * What every reader of a meeting's page shares about its registration: how many hold a seat, wait
 * and attended. Registration opens and closes with the clock (its deadline, the meeting's start):
 * kept per minute, with the time it holds until (`until`), so that a visitor's cached page says
 * "closed" once the deadline passed. Who may register, and one's own registration, are read fresh.
 */
export const registrationReads = defineReads('meetings', {
  registrationCounts: read({
    key: { meeting: dim.id },
    clock: 60,
    load: async (ctx, k, time) => ({ ...(await q.countRegistrations(ctx.db, k.meeting)), until: time.until.getTime() }),
  }),
});
