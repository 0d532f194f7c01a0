import { contentTypesOf, describeContent, type ModuleContext } from '../../core/module.js';
import { findUsersByIds } from '../accounts/index.js';
import { partnershipTitle, recentActivity } from './activity.queries.js';
import { listPages } from './membership.queries.js';

/** Lines of the activity stream on a partnership's page. */
const SHOWN = 10;
/** Lines read to fill them: some may be left out (their target gone, or not for this reader). */
const READ = 3 * SHOWN;

/** A line of the stream as a reader sees it: a sentence in their language whose subject links to its item. */
export interface ActivityLine {
  at: string;
  kind: string;
  /** The sentence's message key; `{subject}` in it is the link. */
  message: string;
  /** What the link says: a title, a person's name. */
  subject: string;
  /** The language of `subject` when it is a title (the reader's where a person translated it); null for a name. */
  lang: string | null;
  /** Where the link goes, after `/{lang}`. */
  path: string;
  /** The whole sentence as text, in the reader's language. */
  text: string;
}

/**
 * The message of a line's kind: `partnerships.activity.<kind>` for partnerships' own and news'
 * (`joined`, `edited`, `pageUpdated`, `newsPublished`); a kind written as `<module>.<what>`
 * (`meetings.held`) is that module's message `<module>.activity.<what>`.
 */
export function activityMessage(kind: string): string {
  const dot = kind.indexOf('.');
  return dot > 0 ? `${kind.slice(0, dot)}.activity.${kind.slice(dot + 1)}` : `partnerships.activity.${kind}`;
}

/**
 * A partnership's latest activity as its members (`members`) or everyone else see it at `now`,
 * in a language, newest first; every line names its item as it is now and links to it, or is
 * left out:
 * - lines about content (`about`) are named by the content's module, and only while the reader
 *   may see it (a post once it is out; a members-only one for members; a deleted one not at all);
 *   content that is not out yet is in nobody's stream, not even its author's;
 * - `joined` links to the person's profile (left out once the account is gone);
 * - `pageUpdated` links to the page, while it exists and the reader may see it;
 * - `edited` links to the partnership, named in the reader's language;
 * - lines of any other kind without a reference (older lines that named a meeting as text) are
 *   left out: they have nothing to link to, and their text is in one language only.
 */
export async function activityStream(
  ctx: ModuleContext,
  partnershipId: number,
  members: boolean,
  locale: string,
  now: Date,
): Promise<ActivityLine[]> {
  const audience = { membersOf: members ? [partnershipId] : [], editorOf: [], userId: null };
  const types = contentTypesOf(ctx.modules);
  const rows = await recentActivity(ctx.db, partnershipId, audience, types, READ, now);
  const own = rows.filter((row) => !row.about);
  const needs = (kind: string) => own.some((row) => row.kind === kind);
  const [named, people, pages, partnership] = await Promise.all([
    describeContent(
      ctx,
      rows.flatMap((row) => (row.about ? [row.about] : [])),
      audience,
      locale,
      now,
    ),
    findUsersByIds(
      ctx.db,
      own.flatMap((row) => (row.kind === 'joined' && row.actorId !== null ? [row.actorId] : [])),
    ),
    needs('pageUpdated') ? listPages(ctx.db, partnershipId, members) : [],
    partnershipTitle(ctx.db, partnershipId, locale),
  ]);
  const { t } = ctx.i18n(locale);
  const line = (row: (typeof rows)[number], subject: string, lang: string | null, path: string): ActivityLine => {
    const message = activityMessage(row.kind);
    return { at: row.at, kind: row.kind, message, subject, lang, path, text: t(message, { subject }) };
  };
  const lines = rows.flatMap((row): ActivityLine[] => {
    if (row.about) {
      const content = named(row.about.type, row.about.id);
      return content ? [line(row, content.title, content.lang, content.path)] : [];
    }
    if (row.kind === 'joined') {
      const person = row.actorId === null ? undefined : people.get(row.actorId);
      return person ? [line(row, person.displayName, null, `/people/${person.handle}`)] : [];
    }
    if (row.kind === 'edited' && partnership) {
      return [line(row, partnership.title, partnership.lang, `/partnerships/${partnership.slug}`)];
    }
    if (row.kind === 'pageUpdated' && partnership && row.path) {
      const prefix = `/partnerships/${partnership.slug}/pages/`;
      const page = row.path.startsWith(prefix) ? pages.find((p) => p.slug === row.path!.slice(prefix.length)) : null;
      return page ? [line(row, page.title, page.lang, `${prefix}${page.slug}`)] : [];
    }
    return [];
  });
  return lines.slice(0, SHOWN);
}
