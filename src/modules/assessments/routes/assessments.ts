import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { SignedIn } from '../../../core/auth/actor.js';
import { signedIn } from '../../../core/auth/policy.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import { pageRoute } from '../../../core/http/routes.js';
import { pathId, toId } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import type { Organisation } from '../../organisations/index.js';
import { pointersFor } from '../assessments.pointers.js';
import { listAssessments, type Assessment } from '../assessments.queries.js';
import {
  AnswersBody,
  AssessmentJson,
  AssessmentListJson,
  AssessmentSummaryJson,
  IdParams,
  StartBody,
} from '../assessments.schema.js';
import { weakest } from '../assessments.scoring.js';
import {
  organisationsOf,
  overallScores,
  readableAssessment,
  saveAnswers,
  startAssessment,
  viewAssessment,
  type AssessmentView,
} from '../assessments.service.js';
import { fieldOf, FormPage } from '../views/FormPage.js';
import { ListPage } from '../views/ListPage.js';
import { ResultPage } from '../views/ResultPage.js';

const organisationJson = (o: Organisation) => ({ slug: o.slug, name: o.name, sizeBand: o.sizeBand });

const summaryJson = (a: Assessment, o: Organisation, overall: number | null) => ({
  id: a.id,
  organisation: organisationJson(o),
  status: a.status,
  startedAt: a.startedAt,
  updatedAt: a.updatedAt,
  submittedAt: a.submittedAt,
  overall: a.status === 'submitted' ? overall : null,
});

function assessmentJson(view: AssessmentView) {
  const result = view.result;
  return {
    assessment: summaryJson(view.assessment, view.organisation, result?.overall ?? null),
    dimensions: view.dimensions.map((d) => ({
      slug: d.slug,
      name: d.name,
      description: d.description,
      retired: d.retired,
      questions: d.questions.map((q) => ({
        id: q.id,
        text: q.text,
        retired: q.retired,
        level: view.answers.get(q.id) ?? null,
      })),
    })),
    scores: result
      ? result.dimensions.map((d) => ({
          dimension: d.dimension.slug,
          name: d.dimension.name,
          score: d.score,
          previous: d.previous,
          bandAverage: d.bandAverage,
        }))
      : null,
    bandContributors: result?.contributors ?? 0,
  };
}

const NoticeQuery = Type.Object({
  saved: Type.Optional(Type.String({ maxLength: 5 })),
  submitted: Type.Optional(Type.String({ maxLength: 5 })),
});

type IdRoute = { Params: { lang: string; id: number } };

/**
 * The self-assessment's pages and their API: the reader's organisations' assessments
 * (`/{lang}/assessments`), starting one (a form, `POST /api/v1/assessments`), an assessment (a
 * draft's form, or a submitted one's result), and saving a draft or submitting it (the form,
 * `PATCH /api/v1/assessments/{id}`). Signed-in people only; an assessment of an organisation one
 * is not a confirmed member of is a 404.
 */
export function assessmentRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The assessment and its organisation, for this reader; a 404 for anyone but its organisation's members. */
  async function readable(actor: SignedIn, id: number) {
    const assessment = await readableAssessment(ctx, actor, id);
    const organisation = assessment && (await organisationsOf(ctx, actor)).get(assessment.organisationId);
    return assessment && organisation ? { assessment, organisation } : null;
  }

  pageRoute(app, {
    path: '/assessments',
    policy: signedIn,
    summary: 'The digital maturity self-assessments of the organisations I am a confirmed member of',
    tag: 'assessments',
    response: AssessmentListJson,
    cache: false,
    load: async ({ actor }) => {
      const organisations = await organisationsOf(ctx, actor);
      const assessments = await listAssessments(ctx.db, [...organisations.keys()]);
      const overall = await overallScores(
        ctx,
        assessments.filter((a) => a.status === 'submitted').map((a) => a.id),
      );
      return {
        organisations: [...organisations].map(([id, organisation]) => ({
          id,
          organisation: organisationJson(organisation),
          assessments: assessments
            .filter((a) => a.organisationId === id)
            .map((a) => summaryJson(a, organisation, overall.get(a.id) ?? null)),
        })),
      };
    },
    prepare: async (_data, _page, { actor }) => {
      const organisations = await organisationsOf(ctx, actor);
      const assessments = await listAssessments(ctx.db, [...organisations.keys()]);
      const overall = await overallScores(
        ctx,
        assessments.map((a) => a.id),
      );
      return [...organisations].map(([id, organisation]) => ({
        id,
        organisation,
        assessments: assessments
          .filter((a) => a.organisationId === id)
          .map((a) => ({ ...a, overall: overall.get(a.id) ?? null })),
      }));
    },
    render: (_data, page, _request, organisations) => ListPage({ page, organisations }),
  });

  // Starting (or going back to the draft there is).
  app.post('/:lang/assessments', { config: { policy: signedIn }, schema: { hide: true } }, async (request, reply) => {
    const actor = actorOf(request, signedIn);
    const organisation = toId((request.body as { organisation?: unknown } | undefined)?.organisation);
    const id = organisation === null ? null : await startAssessment(ctx, actor, organisation);
    if (id === null) throw new HttpError(404);
    return reply.redirect(`/${request.locale}/assessments/${id}`, 303);
  });
  app.post<{ Body: Type.Static<typeof StartBody> }>(
    '/api/v1/assessments',
    {
      config: { policy: signedIn },
      // The body is checked after the policy (a visitor gets 401, never a 400 about a body they may not send).
      attachValidation: true,
      schema: {
        summary:
          'Start an assessment of an organisation I am a confirmed member of (201), or get the draft it has (200)',
        tags: ['assessments'],
        body: StartBody,
        response: {
          200: AssessmentSummaryJson,
          201: AssessmentSummaryJson,
          ...problemResponses(400, 401, 403, 404, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request, signedIn);
      if (request.validationError) throw request.validationError;
      const organisations = await organisationsOf(ctx, actor);
      const before = await listAssessments(ctx.db, [request.body.organisation]);
      const id = await startAssessment(ctx, actor, request.body.organisation);
      const found = id === null ? null : await readable(actor, id);
      if (!found) throw new HttpError(404);
      const existed = before.some((a) => a.id === id);
      const organisation = organisations.get(found.assessment.organisationId)!;
      return reply.code(existed ? 200 : 201).send(summaryJson(found.assessment, organisation, null));
    },
  );

  pageRoute(app, {
    path: '/assessments/:id',
    policy: signedIn,
    summary: 'An assessment: its questions and answers, and once submitted its scores with the comparisons',
    tag: 'assessments',
    params: IdParams,
    querystring: NoticeQuery,
    response: AssessmentJson,
    cache: false,
    load: async ({ actor, params, request }) => {
      const found = await readable(actor, pathId(params.id));
      if (!found) return null;
      return assessmentJson(await viewAssessment(ctx, found.assessment, found.organisation, request.locale));
    },
    prepare: async (_data, page, { actor, params }) => {
      const found = (await readable(actor, pathId(params.id)))!;
      const view = await viewAssessment(ctx, found.assessment, found.organisation, page.locale);
      const pointers = view.result
        ? await pointersFor(
            ctx.db,
            weakest(view.result.dimensions.map((d) => ({ ...d, position: d.dimension.position }))).map(
              (d) => d.dimension,
            ),
            {
              userId: actor.id,
              locale: page.locale,
              now: new Date(),
              closingSoonDays: ctx.config.fundingClosingSoonDays,
            },
          )
        : [];
      return { view, pointers };
    },
    render: (_data, page, request, { view, pointers }) => {
      const query = request.query as Type.Static<typeof NoticeQuery>;
      return view.result
        ? ResultPage({ page, view, pointers, submitted: query.submitted === '1' })
        : FormPage({
            page,
            assessment: view.assessment,
            organisation: view.organisation,
            dimensions: view.dimensions,
            answers: view.answers,
            errors: {},
            saved: query.saved === '1',
          });
    },
  });

  /** What a form sent: the levels it gave (0–4), and at their fields the ones that are not a level. */
  function answersFromForm(request: FastifyRequest, questions: readonly number[]) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const answers = new Map<number, number>();
    const errors: FieldErrors = {};
    for (const id of questions) {
      const raw = body[fieldOf(id)];
      if (raw === undefined || raw === '') continue;
      if (typeof raw === 'string' && /^[0-4]$/.test(raw)) answers.set(id, Number(raw));
      else errors[fieldOf(id)] = request.i18n.t('assessments.form.chooseLevel');
    }
    return { answers, errors };
  }

  app.post<IdRoute>(
    '/:lang/assessments/:id',
    { config: { policy: signedIn }, schema: { hide: true, params: IdParams } },
    async (request, reply: FastifyReply) => {
      const actor = actorOf(request, signedIn);
      const found = await readable(actor, pathId(request.params.id));
      if (!found || found.assessment.status !== 'draft') throw new HttpError(404);
      const view = await viewAssessment(ctx, found.assessment, found.organisation, request.locale);
      const questions = view.dimensions.flatMap((d) => d.questions.map((q) => q.id));
      const { answers, errors } = answersFromForm(request, questions);
      const submit = (request.body as { intent?: unknown } | undefined)?.intent === 'submit';
      const back = (status: number, problems: FieldErrors, shown: ReadonlyMap<number, number>) =>
        sendPage(
          reply,
          FormPage({
            page: request.page(),
            assessment: found.assessment,
            organisation: found.organisation,
            dimensions: view.dimensions,
            answers: shown,
            errors: problems,
            saved: false,
          }),
          status,
        );
      // What was sent, over what was kept: shown again as the reader left it.
      const merged = new Map([...view.answers, ...answers]);
      if (Object.keys(errors).length) return back(400, errors, merged);
      const outcome = await saveAnswers(ctx, actor, found.assessment, answers, submit);
      switch (outcome.kind) {
        case 'gone':
          throw new HttpError(404);
        case 'unknown':
          // The set changed since the page was made: the page again, with the current set.
          return back(409, {}, merged);
        case 'missing':
          return back(
            400,
            Object.fromEntries(
              outcome.questions.map((id) => [fieldOf(id), request.i18n.t('assessments.form.missing')]),
            ),
            merged,
          );
        case 'saved':
          return reply.redirect(`/${request.locale}/assessments/${found.assessment.id}?saved=1`, 303);
        case 'submitted':
          return reply.redirect(`/${request.locale}/assessments/${found.assessment.id}?submitted=1`, 303);
      }
    },
  );

  app.patch<{ Params: { id: number }; Body: AnswersBody }>(
    '/api/v1/assessments/:id',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary:
          'Save answers to a draft (levels 0–4 by question id); with `submit: true`, submit it once every ' +
          'current question has an answer (400 naming what is missing; the answers given are kept)',
        tags: ['assessments'],
        params: Type.Omit(IdParams, ['lang']),
        body: AnswersBody,
        response: { 200: AssessmentJson, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request, signedIn);
      const found = await readable(actor, pathId(request.params.id));
      if (!found || found.assessment.status !== 'draft') throw new HttpError(404);
      if (request.validationError) throw request.validationError;
      const answers = new Map(request.body.answers.map((a) => [a.question, a.level]));
      const outcome = await saveAnswers(ctx, actor, found.assessment, answers, request.body.submit === true);
      const { t } = request.i18n;
      if (outcome.kind === 'gone') throw new HttpError(404);
      if (outcome.kind === 'unknown')
        return sendInvalidFields(
          request,
          reply,
          Object.fromEntries(
            request.body.answers.flatMap((a, i) =>
              outcome.questions.includes(a.question) ? [[`answers/${i}/question`, t('assessments.api.unknown')]] : [],
            ),
          ),
        );
      if (outcome.kind === 'missing')
        return sendInvalidFields(request, reply, {
          answers: t('assessments.api.missing', { questions: outcome.questions.join(', ') }),
        });
      const again = (await readable(actor, found.assessment.id))!;
      return assessmentJson(await viewAssessment(ctx, again.assessment, again.organisation, request.locale));
    },
  );
}
