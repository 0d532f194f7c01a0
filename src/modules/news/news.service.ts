import { randomBytes } from 'node:crypto';
import { recordAudit } from '../../core/audit/audit.js';
import type { ModuleContext } from '../../core/module.js';
import type { Translator } from '../../core/i18n/translator.js';
import { displayNameOf, findUsersByIds } from '../accounts/index.js';
import { partnershipSlugsByIds, recordActivity } from '../partnerships/index.js';
import { ensureTags, setTaggings, slugify, tagsOf } from '../tags/index.js';
import { removeAttachmentFiles } from './news.attachments.js';
import { renderMarkdown } from './news.markdown.js';
import { isOut } from './news.policy.js';
import * as q from './news.queries.js';
import type { Post } from './news.queries.js';
import type { PostDetail, PostSummary } from './news.schema.js';
import { postPath } from './views/parts.js';
import { markForIndex } from '../../core/search/search-index.js';
import { tellPostOut } from './news.follow.js';

/** Slugs that name pages of their own under `/news/`. */
const RESERVED = new Set(['new']);
const MAX_TAGS = 20;

export const statusOf = (post: Post): PostSummary['status'] =>
  post.status === 'draft' ? 'draft' : isOut(post) ? 'published' : 'scheduled';

/** Tag labels from the form's comma-separated field. */
export const parseTags = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, MAX_TAGS);

/**
 * Posts as a reader sees them: in their language where a person translated it, with authors and tags
 * (one query each).
 */
export async function presentPosts(
  ctx: ModuleContext,
  posts: Post[],
  locale: string,
  t: Translator['t'],
  view?: string,
): Promise<(PostSummary & { id: number; body: string; languages: string[] })[]> {
  const ids = posts.map((p) => p.id);
  const [translations, authors, tags, slugs] = await Promise.all([
    q.translationsOf(ctx.db, ids),
    findUsersByIds(
      ctx.db,
      posts.flatMap((p) => (p.authorId === null ? [] : [p.authorId])),
    ),
    tagsOf(ctx.db, 'post', ids, locale),
    partnershipSlugsByIds(
      ctx.db,
      posts.map((p) => p.partnershipId),
    ),
  ]);
  return posts.map((post) => {
    const own = translations.filter((tr) => tr.post_id === post.id);
    const author = post.authorId === null ? undefined : authors.get(post.authorId);
    return {
      id: post.id,
      slug: post.slug,
      partnership: slugs.get(post.partnershipId) ?? '',
      ...textFor(post, own, view ?? locale),
      originalLang: post.originalLang,
      author: author ? { handle: author.deleted ? '' : author.handle, displayName: displayNameOf(author, t) } : null,
      status: statusOf(post),
      membersOnly: post.membersOnly,
      publishedAt: post.publishedAt,
      tags: tags.get(post.id) ?? [],
      languages: [
        post.originalLang,
        ...own
          .map((tr) => tr.lang)
          .filter((l) => l !== post.originalLang)
          .sort(),
      ],
    };
  });
}

/**
 * The title, summary, body and language a reader of `wanted` reads of a post: its translation into `wanted` when
 * it has one (among `own`, its translations), else the post as written.
 */
function textFor(
  post: Post,
  own: readonly { lang: string; title: string; summary: string; body: string }[],
  wanted: string,
): { title: string; summary: string; body: string; lang: string } {
  const chosen = wanted !== post.originalLang ? own.find((tr) => tr.lang === wanted) : undefined;
  return chosen
    ? { title: chosen.title, summary: chosen.summary, body: chosen.body, lang: chosen.lang }
    : { title: post.title, summary: post.summary, body: post.body, lang: post.originalLang };
}

/**
 * What names posts for a reader of `locale` (title, summary and language as `presentPosts` has them, and the
 * address): what other modules' lists and search show of a post, without its authors and tags.
 */
export async function namePosts(
  ctx: ModuleContext,
  posts: readonly Post[],
  locale: string,
): Promise<{ id: number; title: string; summary: string; body: string; lang: string; path: string }[]> {
  const ids = posts.map((p) => p.id);
  const [translations, slugs] = await Promise.all([
    q.translationsOf(ctx.db, ids),
    partnershipSlugsByIds(
      ctx.db,
      posts.map((p) => p.partnershipId),
    ),
  ]);
  return posts.map((post) => ({
    id: post.id,
    ...textFor(
      post,
      translations.filter((tr) => tr.post_id === post.id),
      locale,
    ),
    path: postPath({ partnership: slugs.get(post.partnershipId) ?? '', slug: post.slug }),
  }));
}

/** A post as a reader sees it, without its attachments (the caller adds them, with the addresses it needs). */
export async function presentPost(
  ctx: ModuleContext,
  post: Post,
  locale: string,
  t: Translator['t'],
  view?: string,
): Promise<Omit<PostDetail, 'attachments'> & { id: number }> {
  const [shown] = await presentPosts(ctx, [post], locale, t, view);
  if (!shown) throw new Error('post vanished');
  return { ...shown, html: renderMarkdown(shown.body) };
}

/** A slug for a new post: from its title, unique in the partnership. */
async function freeSlug(ctx: ModuleContext, partnershipId: number, title: string): Promise<string> {
  const base = slugify(title).replace(/^tag-/, 'post-').slice(0, 100).replace(/-+$/, '') || 'post';
  for (let n = 1; n < 1000; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!RESERVED.has(slug) && !(await q.slugTaken(ctx.db, partnershipId, slug))) return slug;
  }
  return `${base}-${Date.now()}`;
}

export interface WrittenPost {
  title: string;
  summary: string;
  body: string;
  lang: string;
  tags: string[];
  membersOnly: boolean;
}

/** What else is written with a new post, in its transaction (its first attachments). */
export type WithPost = (db: ModuleContext['db'], postId: number) => Promise<unknown>;

/** A new post as a draft, with its tags (and what `also` writes): all or nothing. */
export async function createPost(
  ctx: ModuleContext,
  partnershipId: number,
  authorId: number,
  written: WrittenPost,
  also?: WithPost,
): Promise<Post> {
  // A post of the same title written at the same moment may take the free slug first: then
  // nothing was stored, and the next free one is tried.
  for (let attempt = 0; attempt < 10; attempt++) {
    const found = await freeSlug(ctx, partnershipId, written.title);
    const slug = attempt < 5 ? found : `${found}-${randomBytes(3).toString('hex')}`;
    const id = await insertDraft(ctx, partnershipId, authorId, written, slug, also);
    if (id !== null) return (await q.findPostById(ctx.db, id))!;
  }
  throw new Error('no free address for a new post after 10 attempts');
}

/** The draft and its tags, all or nothing; null (nothing stored) when its slug was taken meanwhile. */
async function insertDraft(
  ctx: ModuleContext,
  partnershipId: number,
  authorId: number,
  written: WrittenPost,
  slug: string,
  also?: WithPost,
): Promise<number | null> {
  return ctx.db.transaction().execute(async (trx) => {
    const id = await q.insertPostIfSlugFree(trx, {
      partnershipId,
      slug,
      authorId,
      originalLang: written.lang,
      title: written.title,
      summary: written.summary,
      body: written.body,
      status: 'draft',
      membersOnly: written.membersOnly,
      publishedAt: null,
    });
    if (id === null) return null;
    const tagIds = await ensureTags(trx, written.tags, written.lang);
    await setTaggings(trx, { type: 'post', id, tagIds, publishedAt: null, isPublic: false, partnershipId });
    await also?.(trx, id);
    await markForIndex(trx, 'post', [id]);
    return id;
  });
}

/** Changes a post's text, language, visibility and tags (and what `also` writes), all or nothing; its status stays. */
export async function editPost(ctx: ModuleContext, post: Post, written: WrittenPost, also?: WithPost): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await q.updatePost(trx, post.id, {
      originalLang: written.lang,
      title: written.title,
      summary: written.summary,
      body: written.body,
      membersOnly: written.membersOnly,
    });
    const tagIds = await ensureTags(trx, written.tags, written.lang);
    await setTaggings(trx, {
      type: 'post',
      id: post.id,
      tagIds,
      publishedAt: post.status === 'published' ? post.publishedAt : null,
      isPublic: !written.membersOnly,
      partnershipId: post.partnershipId,
    });
    await also?.(trx, post.id);
    await markForIndex(trx, 'post', [post.id]);
  });
}

/** What a publication did: published (now, or at a past time), scheduled a draft, or moved a scheduled post's time. */
export type Publication = 'publish' | 'schedule' | 'reschedule';

/**
 * Publishes now, or schedules for `at` (a scheduled post is rescheduled); the audit log records
 * it (`news.publish`, `news.schedule`, `news.reschedule`) and the partnership's activity says so,
 * once: the same publication sent several times at once is made by one of them (the others change
 * nothing, and get null).
 */
export async function publishPost(
  ctx: ModuleContext,
  post: Post,
  at: Date,
  actorId: number,
  now = new Date(),
): Promise<Publication | null> {
  const publishedAt = at.toISOString();
  // Scheduled for that time already (the same form sent again): nothing to do, nothing to record.
  if (post.status === 'published' && post.publishedAt === publishedAt) return null;
  const action: Publication = at <= now ? 'publish' : post.status === 'draft' ? 'schedule' : 'reschedule';
  const published = await ctx.db.transaction().execute(async (trx) => {
    if (!(await q.markPublished(trx, post.id, publishedAt, post))) return false;
    await markForIndex(trx, 'post', [post.id]);
    // Its followers are told when it comes out (follows module), in this transaction.
    await tellPostOut(trx, post, at, actorId, now);
    await setTaggings(trx, {
      type: 'post',
      id: post.id,
      publishedAt,
      isPublic: !post.membersOnly,
      partnershipId: post.partnershipId,
    });
    await recordAudit(trx, {
      actorId,
      action: `news.${action}`,
      partnershipId: post.partnershipId,
      subjectType: 'post',
      subjectId: String(post.id),
      details: {
        slug: post.slug,
        title: post.title,
        at: publishedAt,
        ...(post.status === 'published' ? { was: post.publishedAt } : {}),
      },
    });
    return true;
  });
  if (!published) return null;
  // The stream keeps which post it was, not its title: it is named when the stream is read, to
  // those who may see it then (not before it is out, not once it is members-only or gone). A
  // post scheduled again replaces its line.
  await recordActivity(ctx, {
    partnershipId: post.partnershipId,
    actorId,
    kind: 'newsPublished',
    about: { type: 'post', id: post.id },
    at: publishedAt,
  });
  return action;
}

/**
 * Takes a scheduled post back to a draft before its time comes, recorded in the audit log as
 * `news.unschedule`; false (nothing changed, nothing recorded) when it is not scheduled any
 * more (out already, a draft already, or moved by another request a moment ago).
 */
export async function unschedulePost(ctx: ModuleContext, post: Post, actorId: number): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await q.markUnscheduled(trx, post))) return false;
    await markForIndex(trx, 'post', [post.id]);
    await setTaggings(trx, {
      type: 'post',
      id: post.id,
      publishedAt: null,
      isPublic: false,
      partnershipId: post.partnershipId,
    });
    await recordAudit(trx, {
      actorId,
      action: 'news.unschedule',
      partnershipId: post.partnershipId,
      subjectType: 'post',
      subjectId: String(post.id),
      details: { slug: post.slug, title: post.title, was: post.publishedAt },
    });
    return true;
  });
}

/**
 * Deletes a post, with everything that hangs on it: every module forgets what it kept about
 * it (comments, tags) and its translations and attachment records go, in one transaction,
 * recorded in the audit log; then the attachments' files are deleted. False when another
 * deletion sent at the same moment came first (then nothing is recorded twice).
 */
export async function deletePost(ctx: ModuleContext, post: Post, actorId: number): Promise<boolean> {
  const attachments = await q.attachmentsOf(ctx.db, post.id);
  const slugs = await partnershipSlugsByIds(ctx.db, [post.partnershipId]);
  const path = postPath({ partnership: slugs.get(post.partnershipId) ?? '', slug: post.slug });
  const deleted = await ctx.db.transaction().execute(async (trx) => {
    for (const module of ctx.modules) await module.contentRemoved?.(trx, { type: 'post', id: post.id, path });
    if (!(await q.deletePostRow(trx, post.id))) return false;
    await recordAudit(trx, {
      actorId,
      action: 'news.delete',
      partnershipId: post.partnershipId,
      subjectType: 'post',
      subjectId: String(post.id),
      details: { slug: post.slug, title: post.title, status: post.status, attachments: attachments.length },
    });
    return true;
  });
  if (deleted) await removeAttachmentFiles(ctx, attachments);
  return deleted;
}

/** A person's translation of a post into another language than its original (replacing an earlier one). */
export async function translatePost(
  ctx: ModuleContext,
  post: Post,
  translation: { lang: string; title: string; summary: string; body: string },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await q.putTranslation(trx, post.id, translation);
    await markForIndex(trx, 'post', [post.id]);
  });
}
