// Test support for other modules' tests that need people in a partnership: the partnerships module's inside.
export { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
