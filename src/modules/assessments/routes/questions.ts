import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../../core/auth/policy.js';
import { echoFields, validateForm } from '../../../core/http/forms.js';
import { actorOf } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { pageRoute } from '../../../core/http/routes.js';
import { Id, pathId, queryId } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import { saveDimension, saveQuestion, setRetired } from '../assessments.editor.js';
import { mayEditQuestions } from '../assessments.policy.js';
import { dimensionTexts, loadQuestionSet, questionTexts } from '../assessments.queries.js';
import { DimensionForm, EDITED_LANGUAGES, QuestionForm } from '../assessments.schema.js';
import {
  DimensionPage,
  QuestionPage,
  QuestionsPage,
  type DimensionValues,
  type QuestionValues,
} from '../views/EditorPages.js';

const QuestionSetJson = Type.Object({
  dimensions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      slug: Type.String(),
      position: Type.Integer(),
      tags: Type.Array(Type.String(), { description: 'Tag slugs: the topics its pointers name' }),
      retired: Type.Boolean(),
      name: Type.String({ description: 'In the reader’s language, else English' }),
      questions: Type.Array(
        Type.Object({ id: Type.Integer(), position: Type.Integer(), retired: Type.Boolean(), text: Type.String() }),
      ),
    }),
  ),
});

const IdParams = Type.Object({ lang: Type.String(), id: Id() });
const NewQuestionQuery = Type.Object({ dimension: Type.Optional(Type.String({ maxLength: 12 })) });
const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 5 })) });

const DIMENSION_LIMITS = {
  slug: 60,
  tags: 500,
  name_en: 120,
  name_cs: 120,
  description_en: 1000,
  description_cs: 1000,
} as const;
const QUESTION_LIMITS = { dimension: 12, text_en: 500, text_cs: 500 } as const;

/**
 * The administrators' editor of the question set at `/{lang}/assessments/questions` (the set as
 * JSON at `/api/v1/assessments/questions`): add and change dimensions and questions in English and
 * Czech, retire them and bring them back. Plain forms, each coming back to the set. Anyone but a
 * platform administrator gets a 404 (a visitor is sent to sign in).
 */
export function questionRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const admin = (request: FastifyRequest) => {
    const actor = actorOf(request, signedIn);
    if (!mayEditQuestions(actor)) throw new HttpError(404);
    return actor;
  };
  const form = { config: { policy: signedIn }, schema: { hide: true } };
  const formWithId = { config: { policy: signedIn }, schema: { hide: true, params: IdParams } };
  const done = (request: FastifyRequest) => `/${request.locale}/assessments/questions?done=1`;

  pageRoute(app, {
    path: '/assessments/questions',
    policy: signedIn,
    summary: 'The question set of the self-assessment, retired dimensions and questions too (administrators)',
    tag: 'assessments',
    querystring: DoneQuery,
    response: QuestionSetJson,
    cache: false,
    load: async ({ actor, request }) => {
      if (!mayEditQuestions(actor)) return null;
      const set = await loadQuestionSet(ctx.db, request.locale);
      return {
        dimensions: set.map((d) => ({
          id: d.id,
          slug: d.slug,
          position: d.position,
          tags: d.tags,
          retired: d.retired,
          name: d.name,
          questions: d.questions.map((q) => ({ id: q.id, position: q.position, retired: q.retired, text: q.text })),
        })),
      };
    },
    prepare: (_data, page) => loadQuestionSet(ctx.db, page.locale),
    render: (_data, page, request, set) =>
      QuestionsPage({ page, set, done: (request.query as { done?: string }).done ?? null }),
  });

  // Dimensions: new, changed, retired or brought back.
  const dimensionValues = async (id: number): Promise<DimensionValues | null> => {
    const set = await loadQuestionSet(ctx.db, 'en');
    const d = set.find((x) => x.id === id);
    if (!d) return null;
    const texts = await dimensionTexts(ctx.db, id);
    return {
      slug: d.slug,
      tags: d.tags.join(', '),
      name_en: texts.get('en')?.name ?? '',
      name_cs: texts.get('cs')?.name ?? '',
      description_en: texts.get('en')?.description ?? '',
      description_cs: texts.get('cs')?.description ?? '',
    };
  };
  const blankDimension = echoFields({}, DIMENSION_LIMITS);
  pageRoute(app, {
    path: '/assessments/questions/dimensions/new',
    policy: signedIn,
    summary: 'A new dimension’s form',
    tag: 'assessments',
    response: Type.Object({}),
    api: false,
    cache: false,
    load: async ({ actor }) => (mayEditQuestions(actor) ? {} : null),
    render: (_data, page) => DimensionPage({ page, id: null, values: blankDimension, errors: {} }),
  });
  pageRoute(app, {
    path: '/assessments/questions/dimensions/:id',
    policy: signedIn,
    summary: 'A dimension’s form',
    tag: 'assessments',
    params: IdParams,
    response: Type.Object({}),
    api: false,
    cache: false,
    load: async ({ actor, params }) => (mayEditQuestions(actor) ? dimensionValues(pathId(params.id)) : null),
    render: (values, page, request) =>
      DimensionPage({ page, id: (request.params as { id: number }).id, values, errors: {} }),
  });
  async function postDimension(request: FastifyRequest, id: number | null) {
    const { t } = request.i18n;
    const checked = validateForm<DimensionForm>(DimensionForm, request.body, t);
    const saved = checked.ok ? await saveDimension(ctx.db, id, checked.value, t) : { errors: checked.errors };
    return 'errors' in saved ? saved.errors : null;
  }
  app.post('/:lang/assessments/questions/dimensions/new', form, async (request, reply) => {
    admin(request);
    const errors = await postDimension(request, null);
    if (!errors) return reply.redirect(done(request), 303);
    const values = echoFields(request.body, DIMENSION_LIMITS);
    return sendPage(reply, DimensionPage({ page: request.page(), id: null, values, errors }), 400);
  });
  app.post<{ Params: { lang: string; id: number } }>(
    '/:lang/assessments/questions/dimensions/:id',
    formWithId,
    async (request, reply) => {
      admin(request);
      const id = pathId(request.params.id);
      if (!(await dimensionValues(id))) throw new HttpError(404);
      const errors = await postDimension(request, id);
      if (!errors) return reply.redirect(done(request), 303);
      const values = echoFields(request.body, DIMENSION_LIMITS);
      return sendPage(reply, DimensionPage({ page: request.page(), id, values, errors }), 400);
    },
  );

  // Questions: new (in a dimension), changed, retired or brought back.
  const questionValues = async (id: number): Promise<QuestionValues | null> => {
    const set = await loadQuestionSet(ctx.db, 'en');
    const q = set.flatMap((d) => d.questions).find((x) => x.id === id);
    if (!q) return null;
    const texts = await questionTexts(ctx.db, id);
    return {
      dimension: String(q.dimensionId),
      ...(Object.fromEntries(EDITED_LANGUAGES.map((lang) => [`text_${lang}`, texts.get(lang) ?? ''])) as Record<
        'text_en' | 'text_cs',
        string
      >),
    };
  };
  pageRoute(app, {
    path: '/assessments/questions/new',
    policy: signedIn,
    summary: 'A new question’s form',
    tag: 'assessments',
    querystring: NewQuestionQuery,
    response: Type.Object({}),
    api: false,
    cache: false,
    load: async ({ actor, query }) => {
      if (!mayEditQuestions(actor)) return null;
      const dimension = queryId(query.dimension, 'dimension');
      return { dimension: dimension === undefined ? '' : String(dimension) };
    },
    prepare: (_data, page) => loadQuestionSet(ctx.db, page.locale),
    render: (data, page, _request, set) =>
      QuestionPage({
        page,
        id: null,
        set,
        values: { dimension: data.dimension, text_en: '', text_cs: '' },
        errors: {},
      }),
  });
  pageRoute(app, {
    path: '/assessments/questions/:id',
    policy: signedIn,
    summary: 'A question’s form',
    tag: 'assessments',
    params: IdParams,
    response: Type.Object({}),
    api: false,
    cache: false,
    load: async ({ actor, params }) => (mayEditQuestions(actor) ? questionValues(pathId(params.id)) : null),
    prepare: (_data, page) => loadQuestionSet(ctx.db, page.locale),
    render: (values, page, request, set) =>
      QuestionPage({ page, id: (request.params as { id: number }).id, set, values, errors: {} }),
  });
  async function postQuestion(request: FastifyRequest, id: number | null) {
    const { t } = request.i18n;
    const checked = validateForm<QuestionForm>(QuestionForm, request.body, t);
    const saved = checked.ok ? await saveQuestion(ctx.db, id, checked.value, t) : { errors: checked.errors };
    return 'errors' in saved ? saved.errors : null;
  }
  app.post('/:lang/assessments/questions/new', form, async (request, reply) => {
    admin(request);
    const errors = await postQuestion(request, null);
    if (!errors) return reply.redirect(done(request), 303);
    const set = await loadQuestionSet(ctx.db, request.locale);
    const values = echoFields(request.body, QUESTION_LIMITS);
    return sendPage(reply, QuestionPage({ page: request.page(), id: null, set, values, errors }), 400);
  });
  app.post<{ Params: { lang: string; id: number } }>(
    '/:lang/assessments/questions/:id',
    formWithId,
    async (request, reply) => {
      admin(request);
      const id = pathId(request.params.id);
      if (!(await questionValues(id))) throw new HttpError(404);
      const errors = await postQuestion(request, id);
      if (!errors) return reply.redirect(done(request), 303);
      const set = await loadQuestionSet(ctx.db, request.locale);
      const values = echoFields(request.body, QUESTION_LIMITS);
      return sendPage(reply, QuestionPage({ page: request.page(), id, set, values, errors }), 400);
    },
  );

  for (const what of ['dimension', 'question'] as const)
    app.post<{ Params: { lang: string; id: number } }>(
      what === 'dimension'
        ? '/:lang/assessments/questions/dimensions/:id/retire'
        : '/:lang/assessments/questions/:id/retire',
      formWithId,
      async (request, reply) => {
        admin(request);
        const retired = (request.body as { retired?: unknown } | undefined)?.retired !== '0';
        if (!(await setRetired(ctx.db, what, pathId(request.params.id), retired))) throw new HttpError(404);
        return reply.redirect(done(request), 303);
      },
    );
}
