import type { FastifyRequest } from 'fastify';
import { isSignedIn, type Actor, type SignedIn } from '../../core/auth/actor.js';
import { signedIn } from '../../core/auth/policy.js';
import { actorOf } from '../../core/http/handlers.js';
import { HttpError } from '../../core/http/http-error.js';
import type { ModuleContext } from '../../core/module.js';
import { mayEdit, mayRead } from './news.policy.js';
import * as q from './news.queries.js';
import { partnershipOfAddress as partnershipFor, type FoundPartnership as Found } from '../partnerships/index.js';

// The posts a signed-in request read (one actor object per request): the comments under a post
// ask for it again by id, in the same request. Never across requests, and not for visitors,
// whose actor object is shared.
const postsOfRequest = new WeakMap<SignedIn, Map<number, q.PostHead>>();

function keepForRequest(actor: Actor, post: q.PostHead): void {
  if (!isSignedIn(actor)) return;
  let posts = postsOfRequest.get(actor);
  if (!posts) postsOfRequest.set(actor, (posts = new Map()));
  posts.set(post.id, post);
}

/** A post by id, read fresh, or as this request already read it. */
export async function postForRequest(ctx: ModuleContext, actor: Actor, id: number): Promise<q.PostHead | null> {
  const read = isSignedIn(actor) ? postsOfRequest.get(actor)?.get(id) : undefined;
  return read ?? q.findPostHeadById(ctx.db, id);
}

// The partnership of an address with the reader's standing in it: partnerships' own, under this module's names.
export { partnershipFor, type Found };

/** The post as `find` reads it (fresh), if this reader may see it. */
async function readableBy<P extends q.PostHead>(
  ctx: ModuleContext,
  request: FastifyRequest,
  slug: string,
  postSlug: string,
  find: (db: ModuleContext['db'], partnershipId: number, slug: string) => Promise<P | null>,
): Promise<{ found: Found; post: P } | null> {
  const found = await partnershipFor(ctx, request, slug);
  if (!found) return null;
  // Read fresh: whether it exists, is out or is members-only decides who sees it.
  const post = await find(ctx.db, found.id, postSlug);
  if (post) keepForRequest(request.actor, post);
  if (!post || !mayRead(found.standing, post)) return null;
  return { found, post };
}

/** The post, if this reader may see it. */
export const readablePost = (ctx: ModuleContext, request: FastifyRequest, slug: string, postSlug: string) =>
  readableBy(ctx, request, slug, postSlug, q.findPostBySlug);

/** The post without its text, if this reader may see it (a page whose text comes from the shared reads). */
export const readablePostHead = (ctx: ModuleContext, request: FastifyRequest, slug: string, postSlug: string) =>
  readableBy(ctx, request, slug, postSlug, q.findPostHeadBySlug);

/** The post, if this actor may edit it; else the same 404 as a missing one. */
export async function editablePost(
  ctx: ModuleContext,
  request: FastifyRequest,
  slug: string,
  postSlug: string,
): Promise<{ found: Found; post: q.Post; actor: SignedIn }> {
  const got = await readablePost(ctx, request, slug, postSlug);
  if (!got || !mayEdit(got.found.standing, got.post)) throw new HttpError(404);
  return { ...got, actor: actorOf(request, signedIn) };
}
