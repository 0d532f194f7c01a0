import type { AuditNamer } from '../../core/audit/sentences.js';
import type { Translator } from '../../core/i18n/translator.js';
import { findUsersByIds, type UserSummary } from './accounts.service.js';

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

/** People as the audit log names them (by user id, as it keeps them): `authorName`, so "deleted user" once gone. */
export const auditUserNames: AuditNamer = async (ctx, ids, i18n) => {
  const numbers = ids.filter((id) => /^[1-9]\d{0,15}$/.test(id)).map(Number);
  const users = await findUsersByIds(ctx.db, numbers);
  return new Map(numbers.map((id) => [String(id), authorName(users.get(id), i18n.t)]));
};
