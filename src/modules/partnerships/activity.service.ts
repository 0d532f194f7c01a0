import { contentTypesOf, describeContent, type ContentAudience, type ModuleContext } from '../../core/module.js';
import type { TimeCursor } from '../../core/http/cursors.js';
import { findUsersByIds } from '../accounts/index.js';
import { activityAcross, pagesNamed, partnershipNames, recentActivity, type ActivityRow } from './activity.queries.js';

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

/** A line across partnerships: a line of the stream, with the partnership it happened in. */
export interface ActivityLineIn extends ActivityLine {
  /** The partnership: its address, its title in the reader's language where translated, and that title's language. */
  partnership: { slug: string; title: string; lang: string };
}

const seesMembersOnlyOf = (audience: ContentAudience, partnershipId: number) =>
  audience.membersOf === 'all' || audience.membersOf.includes(partnershipId);

/**
 * Names lines as `audience` may see them at `now`, in a language; every line names its item as it
 * is now and links to it, or is left out (`null` in its place):
 * - lines about content (`about`) are named by the content's module, and only while the reader
 *   may see it (a post once it is out; a members-only one for members; a deleted one not at all);
 *   content that is not out yet is in nobody's stream, not even its author's;
 * - `joined` links to the person's profile (left out once the account is gone);
 * - `pageUpdated` links to the page, while it exists and the reader may see it;
 * - `edited` links to the partnership, named in the reader's language;
 * - lines of any other kind without a reference (older lines that named a meeting as text) are
 *   left out: they have nothing to link to, and their text is in one language only.
 */
async function nameLines(
  ctx: ModuleContext,
  rows: readonly ActivityRow[],
  audience: ContentAudience,
  locale: string,
  now: Date,
): Promise<(ActivityLineIn | null)[]> {
  const own = rows.filter((row) => !row.about);
  const partnerships = await partnershipNames(
    ctx.db,
    rows.map((row) => row.partnershipId),
    locale,
  );
  const pageOf = (row: ActivityRow) => {
    const partnership = partnerships.get(row.partnershipId);
    const prefix = partnership ? `/partnerships/${partnership.slug}/pages/` : null;
    return prefix && row.path?.startsWith(prefix) ? { prefix, slug: row.path.slice(prefix.length) } : null;
  };
  const [named, people, pages] = await Promise.all([
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
    pagesNamed(
      ctx.db,
      own.flatMap((row) => {
        const page = row.kind === 'pageUpdated' ? pageOf(row) : null;
        return page
          ? [
              {
                partnershipId: row.partnershipId,
                slug: page.slug,
                members: seesMembersOnlyOf(audience, row.partnershipId),
              },
            ]
          : [];
      }),
    ),
  ]);
  const { t } = ctx.i18n(locale);
  return rows.map((row): ActivityLineIn | null => {
    const partnership = partnerships.get(row.partnershipId);
    if (!partnership) return null;
    const line = (subject: string, lang: string | null, path: string): ActivityLineIn => {
      const message = activityMessage(row.kind);
      return { at: row.at, kind: row.kind, message, subject, lang, path, text: t(message, { subject }), partnership };
    };
    if (row.about) {
      const content = named(row.about.type, row.about.id);
      return content ? line(content.title, content.lang, content.path) : null;
    }
    if (row.kind === 'joined') {
      const person = row.actorId === null ? undefined : people.get(row.actorId);
      return person ? line(person.displayName, null, `/people/${person.handle}`) : null;
    }
    if (row.kind === 'edited') return line(partnership.title, partnership.lang, `/partnerships/${partnership.slug}`);
    if (row.kind === 'pageUpdated') {
      const at = pageOf(row);
      const page = at ? pages.get(`${row.partnershipId}/${at.slug}`) : undefined;
      return at && page ? line(page.title, page.lang, `${at.prefix}${at.slug}`) : null;
    }
    return null;
  });
}

/**
 * A partnership's latest activity as its members (`members`) or everyone else see it at `now`,
 * in a language, newest first; every line names its item as it is now and links to it, or is
 * left out (see `nameLines`).
 */
export async function activityStream(
  ctx: ModuleContext,
  partnershipId: number,
  members: boolean,
  locale: string,
  now: Date,
): Promise<ActivityLine[]> {
  const audience = { membersOf: members ? [partnershipId] : [], editorOf: [], userId: null };
  const rows = await recentActivity(ctx.db, partnershipId, audience, contentTypesOf(ctx.modules), READ, now);
  const lines = await nameLines(ctx, rows, audience, locale, now);
  return lines.flatMap((line) => (line ? [withoutPartnership(line)] : [])).slice(0, SHOWN);
}

const withoutPartnership = ({ partnership: _, ...line }: ActivityLineIn): ActivityLine => line;

/** How many lines a page of the stream across partnerships shows, at most. */
export const ACROSS_PAGE = 20;
/** How many the home page and a profile show. */
export const ACROSS_SHOWN = 10;

/**
 * Whose members-only lines a reader sees across partnerships, as a key: `'all'` (administrators),
 * or the ids of the partnerships they are a member of, ascending, comma-separated (`''`: none).
 */
export function membersKey(audience: ContentAudience): string {
  return audience.membersOf === 'all' ? 'all' : [...new Set(audience.membersOf)].sort((a, b) => a - b).join(',');
}

/** The audience of a key of `membersKey`: content that is out, members-only content where they are members. */
export function audienceOfMembersKey(key: string): ContentAudience {
  if (key === 'all') return { membersOf: 'all', editorOf: [], userId: null };
  const ids = key === '' ? [] : key.split(',').map(Number);
  if (ids.some((id) => !Number.isSafeInteger(id) || id < 1)) throw new TypeError(`not a members key: ${key}`);
  return { membersOf: ids, editorOf: [], userId: null };
}

/**
 * A page of the activity across every partnership (or of one person: `actorId`) as `members`
 * (see `membersKey`) see it at `now`, in a language, newest first, older than `before`: at most
 * `limit` lines, each naming its partnership, and where the next page starts (`null`: no more).
 * Lines left out when named (their target gone) do not shorten a page while more are there.
 */
export async function activityAcrossStream(
  ctx: ModuleContext,
  options: { members: string; locale: string; now: Date; limit: number; before?: TimeCursor; actorId?: number },
): Promise<{ items: ActivityLineIn[]; next: TimeCursor | null }> {
  const audience = audienceOfMembersKey(options.members);
  const types = contentTypesOf(ctx.modules);
  const items: ActivityLineIn[] = [];
  let before = options.before;
  // A few reads at most: each reads three times what is missing, and stops when there is no more.
  for (let round = 0; round < 4; round++) {
    const want = options.limit - items.length;
    const rows = await activityAcross(ctx.db, {
      audience,
      types,
      now: options.now,
      limit: 3 * want + 1,
      before,
      actorId: options.actorId,
    });
    const lines = await nameLines(ctx, rows, audience, options.locale, options.now);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const line = lines[i];
      if (line) {
        if (items.length === options.limit) return { items, next: before ?? null };
        items.push(line);
      }
      before = { at: Date.parse(row.at), id: row.id };
    }
    if (rows.length <= 3 * want) return { items, next: null };
  }
  return { items, next: before ?? null };
}
