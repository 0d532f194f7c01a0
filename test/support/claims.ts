// Test support for the organisations module's claims tests: people in a partnership (the partnerships module's inside).
export { partnershipIdOf, putPerson } from '../../src/modules/partnerships/membership.queries.js';
