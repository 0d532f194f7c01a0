// What the search sources' tests take from inside modules: writing a register item (a suggestion)
// and a person's profile as their services do (with their marks for the search index).
export { createOpportunity } from '../../src/modules/funding/funding.service.js';
export { storeProfile } from '../../src/modules/people/people.service.js';
