import { defineFragment, dim } from '../../core/shared/index.js';
import { fundingReads } from './funding.reads.js';
import { OpportunityItem } from './views/parts.js';

/**
 * One page of the register's items as every reader of a class sees it (the register read's key,
 * less the language, which is the page's): rendered once a minute at most, as the read turns
 * with the clock, and placed whole in a signed-in reader's page, so that what it costs to make
 * does not grow with the items it lists.
 */
export const registerItems = defineFragment('funding', 'register-items', {
  key: { audience: dim.text, query: dim.text, paging: dim.text, organisations: dim.text },
  clock: 60,
  load: async (ctx, k, lang) => {
    const data = await fundingReads.register.get(ctx, { ...k, lang });
    return data.items.length ? data.items : null;
  },
  render: (items, page) => (
    <ul class="cards">
      {items.map((o) => (
        <OpportunityItem page={page} o={o} />
      ))}
    </ul>
  ),
});
