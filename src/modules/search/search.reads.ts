import { defineReads, read } from '../../core/shared/index.js';

/**
 * What every search of the same minute shares: the time it reads at. What is out (a scheduled
 * post) depends on the clock, so a visitor's page of results is kept no longer than this minute.
 */
export const searchReads = defineReads('search', {
  clock: read({
    key: {},
    clock: 60,
    load: (_ctx, _key, time) => time.now.toISOString(),
  }),
});
