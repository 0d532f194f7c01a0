import type { Translator } from '../../core/i18n/translator.js';
import type { UserSummary } from './accounts.service.js';

/**
 * How the author of a contribution (a post, a comment) is named to a reader: their display
 * name, or "deleted user" when the account was deleted or is not known any more.
 */
export function authorName(
  author: Pick<UserSummary, 'displayName' | 'deleted'> | undefined,
  t: Translator['t'],
): string {
  return author && !author.deleted ? author.displayName : t('accounts.deletedUser');
}

/** The author as the API shows them: a handle to find their profile, and their name (no handle once deleted). */
export function authorJson(
  author: Pick<UserSummary, 'handle' | 'displayName' | 'deleted'> | undefined,
  t: Translator['t'],
): { handle: string | null; displayName: string } {
  return author && !author.deleted
    ? { handle: author.handle, displayName: author.displayName }
    : { handle: null, displayName: t('accounts.deletedUser') };
}
