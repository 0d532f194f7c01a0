// What other modules' tests need of the tags module's inside: how a label is cleaned, and the Atom writer its feeds use
// (the news tests work out what a feed must say).
export { atom } from '../../src/modules/tags/tags.feed.js';
export { cleanLabel } from '../../src/modules/tags/tags.queries.js';
