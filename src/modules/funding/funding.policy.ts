import type { Actor } from '../../core/auth/actor.js';
import type { OpportunityState } from './funding.tables.js';

/**
 * A reader of the register as its rules need to know them, worked out fresh for each request
 * (`readerOf` in funding.lookup.ts): who they are, and whether they are a funding editor or a
 * platform administrator (`editor`).
 */
export interface FundingReader {
  userId: number | null;
  editor: boolean;
}

/** A visitor, or anyone as far as public surfaces go (feeds, tag pages, search). */
export const PUBLIC_READER: FundingReader = Object.freeze({ userId: null, editor: false });

/**
 * The one rule of who sees an item of the register (every surface applies it: the register and
 * its filters, the item's page, versions, matching, feeds, the API, tag pages): a published item
 * everyone; a suggested or rejected one its editors and the person who suggested it. Anyone
 * else gets the 404 of a missing page. `visibleOpportunities` (funding.visibility.ts) says the
 * same as a query filter; a test holds them to agree.
 */
export const maySee = (reader: FundingReader, o: { state: OpportunityState; suggestedBy: number | null }): boolean =>
  o.state === 'published' || reader.editor || (reader.userId !== null && o.suggestedBy === reader.userId);

/** Who may add and edit items and programmes, and review suggestions: funding editors and administrators. */
export const mayEdit = (reader: FundingReader): boolean => reader.editor;

/**
 * Who may suggest an item for the editors to review: a signed-in member of any partnership
 * (`partnerships`: how many they belong to, read fresh), and editors themselves.
 */
export const maySuggest = (actor: Actor, reader: FundingReader, partnerships: number): boolean =>
  actor.kind === 'user' && (reader.editor || partnerships > 0);

/** Who may make someone a funding editor, or stop them being one: platform administrators. */
export const mayGrantEditors = (actor: Actor): boolean => actor.kind === 'user' && actor.isAdmin;
