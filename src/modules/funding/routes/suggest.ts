import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../../core/auth/policy.js';
import { nowIso } from '../../../core/db/dialect.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import { pageRoute } from '../../../core/http/routes.js';
import { storableText } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import { formValues, newValues, withBlankRows, type EditValues } from '../funding.edit.js';
import { IdParams, OpportunityNew, OpportunitySaved } from '../funding.edit.schema.js';
import { partnershipCountOf, readerOf } from '../funding.lookup.js';
import { maySuggest } from '../funding.policy.js';
import { decideSuggestion, REASON_MAX, reviewQueue, suggestionsOf, type Suggestion } from '../funding.suggest.js';
import { findOpportunity } from '../funding.queries.js';
import { FundingChangeError } from '../funding.service.js';
import { OPPORTUNITY_STATES } from '../funding.tables.js';
import { EditPage } from '../views/EditPage.js';
import { MySuggestionsPage, SuggestReviewPage } from '../views/SuggestReviewPage.js';
import { addressChecked, apiWrite, editorOf, formOptions, programmeChoices, savedJson, saveItem } from './edit.js';

type IdRoute = { Params: { lang: string; id: number } };

const SuggestionsJson = Type.Object({
  suggestions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      state: Type.Unsafe<Suggestion['state']>({ type: 'string', enum: [...OPPORTUNITY_STATES] }),
      suggestedBy: Type.Union([Type.String(), Type.Null()]),
      suggestedAt: Type.String({ format: 'date-time' }),
      reason: Type.String({ description: 'Why the editors did not take it (rejected ones).' }),
    }),
  ),
});
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
const ReasonBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: REASON_MAX })) });

/**
 * Members' suggestions (`/{lang}/funding/suggest`, `…/suggestions`) and the editors' review
 * (`…/review`), with their API twins.
 */
export function suggestRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The actor, if they may suggest (members of any partnership, editors); else a 404. */
  async function suggester(request: FastifyRequest) {
    const actor = actorOf(request, signedIn);
    if (!maySuggest(actor, await readerOf(ctx, actor), await partnershipCountOf(ctx, actor))) throw new HttpError(404);
    return actor;
  }
  const sendForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: EditValues,
    errors: FieldErrors,
    status = 200,
  ) =>
    sendPage(
      reply,
      EditPage({
        page: request.page(),
        view: { mode: 'suggest', item: null, values, errors, programmes: await programmeChoices(ctx) },
      }),
      status,
    );

  app.get('/:lang/funding/suggest', formOptions(), async (request, reply) => {
    await suggester(request);
    return sendForm(request, reply, withBlankRows(newValues(request.locale), 1), {});
  });
  app.post('/:lang/funding/suggest', formOptions(), async (request, reply) => {
    const actor = await suggester(request);
    const done = await saveItem(ctx, request, null, actor.id, 'form', false, true);
    if (!done.ok) return sendForm(request, reply, formValues(request.body), done.errors, 400);
    return reply.redirect(`/${request.locale}/funding/suggestions?done=sent`, 303);
  });
  app.post<{ Body: unknown }>(
    '/api/v1/funding/suggestions',
    apiWrite(
      'Suggests an item for the register, for the editors to review (members of any partnership; with a token)',
      undefined,
      OpportunityNew,
      OpportunitySaved,
      201,
    ),
    async (request, reply) => {
      const actor = await suggester(request);
      const done = await saveItem(ctx, request, null, actor.id, 'api', false, true);
      if (!done.ok) return sendInvalidFields(request, reply, done.errors);
      return reply.code(201).header('Location', `/api/v1/funding/${done.item.id}`).send(savedJson(done.item));
    },
  );

  pageRoute(app, {
    path: '/funding/suggestions',
    policy: signedIn,
    summary: 'What the reader suggested for the register, each with its state and, when rejected, the reason',
    tag: 'funding',
    querystring: DoneQuery,
    response: SuggestionsJson,
    cache: false,
    load: async ({ actor }) => ({ suggestions: await suggestionsOf(ctx.db, actor.id) }),
    prepare: async (_data, _page, { actor }) =>
      maySuggest(actor, await readerOf(ctx, actor), await partnershipCountOf(ctx, actor)),
    render: (data, page, request, may) =>
      MySuggestionsPage({
        page,
        mine: data.suggestions,
        sent: (request.query as { done?: string }).done === 'sent',
        maySuggest: may,
      }),
  });

  pageRoute(app, {
    path: '/funding/review',
    policy: signedIn,
    summary: 'The suggestions waiting for the editors’ review (funding editors, administrators)',
    tag: 'funding',
    querystring: DoneQuery,
    response: SuggestionsJson,
    cache: false,
    load: async ({ request }) => {
      try {
        await editorOf(ctx, request);
      } catch {
        return null;
      }
      return { suggestions: await reviewQueue(ctx.db) };
    },
    render: (data, page, request) => {
      const done = (request.query as { done?: string }).done;
      return SuggestReviewPage({
        page,
        queue: data.suggestions,
        errors: {},
        typed: {},
        done: done === 'accepted' || done === 'rejected' ? done : null,
      });
    },
  });

  /** Decides a suggestion, or says what is wrong (a reason missing or bad); one missing or decided already: 404. */
  async function decide(request: FastifyRequest, id: number, decision: 'accept' | 'reject', field: string) {
    const actor = await editorOf(ctx, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const raw = body[field];
    const reason = typeof raw === 'string' ? raw.slice(0, REASON_MAX + 1) : '';
    const { t } = request.i18n;
    if (raw !== undefined && typeof raw !== 'string') return { [field]: t('core.field.invalid') };
    if (!storableText(reason)) return { [field]: t('core.field.badCharacters') };
    if (reason.length > REASON_MAX) return { [field]: t('core.field.tooLong', { limit: REASON_MAX }) };
    try {
      await decideSuggestion(ctx.db, id, decision, { userId: actor.id, at: nowIso(), reason });
      return null;
    } catch (error) {
      if (!(error instanceof FundingChangeError)) throw error;
      if (error.field === 'reason') return { [field]: t('funding.review.reasonRequired') };
      throw new HttpError(404);
    }
  }
  for (const decision of ['accept', 'reject'] as const) {
    app.post<IdRoute>(`/:lang/funding/:id/${decision}`, formOptions(IdParams), async (request, reply) => {
      const field = `reason-${request.params.id}`;
      const errors = await decide(request, request.params.id, decision, field);
      if (errors) {
        const typed = {
          [field]: String((request.body as Record<string, unknown> | undefined)?.[field] ?? '').slice(0, REASON_MAX),
        };
        const page = SuggestReviewPage({
          page: request.page(),
          queue: await reviewQueue(ctx.db),
          errors,
          typed,
          done: null,
        });
        return sendPage(reply, page, 400);
      }
      return reply.redirect(`/${request.locale}/funding/review?done=${decision}ed`, 303);
    });
    app.post<IdRoute>(
      `/api/v1/funding/:id/${decision}`,
      {
        config: { policy: signedIn },
        attachValidation: true,
        preHandler: addressChecked,
        schema: {
          summary:
            decision === 'accept'
              ? 'Accepts a suggestion into the register (funding editors, administrators; with a token)'
              : 'Rejects a suggestion, with a reason the suggester reads (funding editors, administrators; ' +
                'with a token)',
          tags: ['funding'],
          security: [{ bearerAuth: [] }],
          params: Type.Omit(IdParams, ['lang']),
          body: ReasonBody,
          response: { 200: OpportunitySaved, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
        },
      },
      async (request, reply) => {
        const errors = await decide(request, request.params.id, decision, 'reason');
        if (errors) return sendInvalidFields(request, reply, errors);
        return reply.send(savedJson((await findOpportunity(ctx.db, request.params.id))!));
      },
    );
  }
}
