// Test support for the comments module's tests (and the browser tests): a module of
// "things" that take comments, so that the tests do not depend on the news module.
import type { Actor } from '../../core/auth/actor.js';
import { anyone } from '../../core/auth/policy.js';
import { defineModule, type CommentTarget, type ModuleContext } from '../../core/module.js';
import { Layout } from '../../core/views/Layout.js';
import { renderDocument } from '../../core/views/render.js';

/**
 * A module of "things" for these tests, so that they do not depend on the news module:
 * thing 1 is public (written by `owner`, moderated by `mod`, commentable by anyone signed
 * in); thing 2 exists for nobody.
 */
export function thingModule(people: { owner: () => number | null }) {
  const resolve = async (_ctx: ModuleContext, id: number, actor: Actor): Promise<CommentTarget | null> =>
    id === 1
      ? {
          title: 'A thing to talk about',
          path: '/things/1',
          lang: 'en',
          partnershipId: null,
          authorId: people.owner(),
          membersOnly: false,
          mayComment: actor.kind === 'user',
          mayModerate: actor.kind === 'user' && actor.handle === 'mod',
        }
      : null;
  return defineModule({
    id: 'things',
    commentables: { thing: resolve },
    routes(app, ctx) {
      app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>('/:lang/things/:id', { config: { policy: anyone } }, async (request, reply) => {
        const id = Number(request.params.id);
        const page = request.page();
        if (!(await resolve(ctx, id, request.actor))) return reply.code(404).send('not found');
        const sections = ctx.modules.flatMap((m) => m.contentSections ?? []).sort((a, b) => a.order - b.order);
        const blocks = await Promise.all(sections.map((s) => s.render(page, ctx, { type: 'thing', id, query: request.query })));
        const doc = Layout({ page, title: 'A thing to talk about', children: [<h1>A thing to talk about</h1>, ...blocks] });
        return reply.header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(renderDocument(doc));
      });
    },
  });
}
