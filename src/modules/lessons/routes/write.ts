import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Actor } from '../../../core/auth/actor.js';
import { signedIn } from '../../../core/auth/policy.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { NoBody } from '../../../core/http/validation.js';
import { problemResponses } from '../../../core/http/problem.js';
import type { ModuleContext } from '../../../core/module.js';
import {
  findOrganisationsByIds,
  listOrganisations,
  organisationDisplayName,
  organisationIdBySlug,
} from '../../organisations/index.js';
import {
  audienceOf,
  organisationsOfPartnerships,
  partnershipOfAddress,
  type FoundPartnership,
} from '../../partnerships/index.js';
import { tagsOf } from '../../tags/index.js';
import {
  checkLesson,
  checkReturn,
  checkTranslation,
  echoLesson,
  type LessonFormValues,
  type LessonValues,
} from '../lessons.check.js';
import { lessonOfRequest, type FoundLesson } from '../lessons.lookup.js';
import { mayEdit, mayReview, maySubmit, mayTranslate, mayWrite } from '../lessons.policy.js';
import { presentLesson } from '../lessons.present.js';
import { findLessonById, lessonPath, sourcesOf, translationsOf, type Lesson } from '../lessons.queries.js';
import {
  LessonBody,
  LessonDetail,
  LessonParams,
  PartnershipParams,
  ReturnBody,
  TranslationForm,
  TranslationParams,
} from '../lessons.schema.js';
import {
  createLesson,
  publishLesson,
  returnLesson,
  saveTranslation,
  submitLesson,
  updateLesson,
} from '../lessons.service.js';
import { sourceChoices, unknownSources } from '../lessons.sources.js';
import { FormPage } from '../views/FormPage.js';
import { LessonPage } from '../views/LessonPage.js';
import { TranslatePage } from '../views/TranslatePage.js';
import { lessonExtras } from './pages.js';

type SlugRoute = { Params: { lang: string; slug: string } };
type TranslationRoute = { Params: { lang: string; slug: string; code: string } };

/** An HTML form's route: signed in (the handler asks for more, else a 404), not in the API's document. */
const formOptions = (params = LessonParams) => ({ config: { policy: signedIn }, schema: { hide: true, params } });

/** An API write with a token: the handler checks the body itself, after the policy, naming each problem. */
const apiOptions = (
  summary: string,
  params: Parameters<typeof Type.Omit>[0],
  body: Parameters<typeof Type.Omit>[0],
  ok: 200 | 201 = 200,
) => ({
  config: { policy: signedIn },
  attachValidation: true,
  schema: {
    summary,
    tags: ['lessons'],
    security: [{ bearerAuth: [] }],
    params: Type.Omit(params, ['lang']),
    body,
    response: { [ok]: LessonDetail, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
  },
});

const emptyForm = (lang: string): LessonFormValues => ({ ...echoLesson({}), lang });

/** Writing, editing, reviewing and translating lessons, by form and by API. */
export function writeRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The partnership of an address, if the reader may write lessons for it (its members); else a 404. */
  async function writable(request: FastifyRequest, slug: string) {
    const found = await partnershipOfAddress(ctx, request, slug);
    if (!found || !mayWrite(found.standing)) throw new HttpError(404);
    return { found, actor: actorOf(request, signedIn) };
  }

  /** The lesson of an address, if the reader may do `may` with it; else a 404 (the same as a missing one). */
  async function lessonFor(request: FastifyRequest, slug: string, may: (f: FoundLesson) => boolean) {
    const found = await lessonOfRequest(ctx, request, slug);
    if (!found || !may(found)) throw new HttpError(404);
    return { ...found, actor: actorOf(request, signedIn) };
  }

  /** The organisations to choose from: the partnership's first, then the rest of the directory. */
  async function organisationChoices(partnershipId: number, locale: string, t: FastifyRequest['i18n']['t']) {
    const [directory, own] = await Promise.all([
      listOrganisations(ctx.db, {}, 1000),
      organisationsOfPartnerships(ctx.db, [partnershipId]),
    ]);
    const mine = new Set([...(await findOrganisationsByIds(ctx.db, own)).values()].map((o) => o.slug));
    const option = (o: (typeof directory.items)[number]) => ({
      value: o.slug,
      label: organisationDisplayName(o, locale),
    });
    const byName = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, locale);
    const inPartnership = directory.items.filter((o) => mine.has(o.slug));
    const others = directory.items.filter((o) => !mine.has(o.slug));
    return [
      { label: t('lessons.field.organisationsOfPartnership'), options: inPartnership.map(option).sort(byName) },
      { label: t('lessons.field.otherOrganisations'), options: others.map(option).sort(byName) },
    ];
  }

  async function sendForm(
    request: FastifyRequest,
    reply: FastifyReply,
    partnership: { id: number; slug: string; title: string },
    editing: { lesson: Lesson; backToReview: boolean } | null,
    values: LessonFormValues,
    errors: FieldErrors,
    status = 200,
  ) {
    const actor = actorOf(request, signedIn);
    const [organisations, sources] = await Promise.all([
      organisationChoices(partnership.id, request.locale, request.i18n.t),
      sourceChoices(ctx, partnership.id, await audienceOf(ctx, actor), request.locale),
    ]);
    const view = {
      action: editing ? `${lessonPath(editing.lesson.slug)}/edit` : `/partnerships/${partnership.slug}/lessons/new`,
      partnership,
      editing: editing && {
        title: editing.lesson.original.title,
        path: lessonPath(editing.lesson.slug),
        backToReview: editing.backToReview,
      },
      values,
      errors,
      organisations,
      sources,
    };
    return sendPage(reply, FormPage({ page: request.page(), view }), status);
  }

  /**
   * What the database says of a checked lesson: its organisation must be in the directory, its
   * sources among the partnership's that the writer sees. Errors are named as the form (`sources`)
   * or the API (`sources/2`) names them.
   */
  async function checkAgainstData(
    actor: Actor,
    partnershipId: number,
    values: LessonValues,
    mode: 'form' | 'api',
    request: FastifyRequest,
  ): Promise<{ ok: true; organisationId: number } | { ok: false; errors: FieldErrors }> {
    const errors: FieldErrors = {};
    const organisationId = await organisationIdBySlug(ctx.db, values.organisation);
    if (organisationId === null) errors.organisation = request.i18n.t('lessons.error.organisation');
    const unknown = await unknownSources(
      ctx,
      partnershipId,
      values.sources,
      await audienceOf(ctx, actor),
      request.locale,
    );
    for (const source of unknown) {
      const key = mode === 'form' ? 'sources' : `sources/${values.sources.indexOf(source)}`;
      errors[key] = request.i18n.t('lessons.error.source');
    }
    return organisationId === null || unknown.length > 0 ? { ok: false, errors } : { ok: true, organisationId };
  }

  /** The lesson as the API answers after a write, to this reader. */
  async function json(request: FastifyRequest, id: number) {
    const lesson = (await findLessonById(ctx.db, id, request.locale))!;
    return presentLesson(ctx, lesson, await audienceOf(ctx, request.actor), request.locale, request.i18n.t);
  }

  const partnershipOf = (found: FoundPartnership) => ({
    id: found.id,
    slug: found.partnership.slug,
    title: found.partnership.title,
  });

  // Writing a new lesson.
  app.get<SlugRoute>(
    '/:lang/partnerships/:slug/lessons/new',
    formOptions(PartnershipParams),
    async (request, reply) => {
      const { found } = await writable(request, request.params.slug);
      return sendForm(request, reply, partnershipOf(found), null, emptyForm(request.locale), {});
    },
  );

  /** Checks and stores a new lesson; the problems when anything is wrong (nothing is stored). */
  async function create(
    request: FastifyRequest,
    found: FoundPartnership,
    actor: Actor & { id: number },
    mode: 'form' | 'api',
  ) {
    const checked = checkLesson(request.body, mode, request.i18n.t);
    if (!checked.ok) return checked;
    const data = await checkAgainstData(actor, found.id, checked.value, mode, request);
    if (!data.ok) return data;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const submit = mode === 'form' ? body.intent === 'submit' : body.submit === true;
    const made = await createLesson(ctx, {
      partnershipId: found.id,
      authorId: actor.id,
      organisationId: data.organisationId,
      values: checked.value,
      submit,
    });
    return { ok: true as const, ...made };
  }

  app.post<SlugRoute>(
    '/:lang/partnerships/:slug/lessons/new',
    formOptions(PartnershipParams),
    async (request, reply) => {
      const { found, actor } = await writable(request, request.params.slug);
      const done = await create(request, found, actor, 'form');
      if (!done.ok)
        return sendForm(request, reply, partnershipOf(found), null, echoLesson(request.body), done.errors, 400);
      return reply.redirect(`/${request.locale}${lessonPath(done.slug)}`, 303);
    },
  );

  app.post<SlugRoute>(
    '/api/v1/partnerships/:slug/lessons',
    apiOptions(
      'Writes a lesson of a partnership, as a draft or sent for review (`submit`); its members, with a token',
      PartnershipParams,
      LessonBody,
      201,
    ),
    async (request, reply) => {
      const { found, actor } = await writable(request, request.params.slug);
      const done = await create(request, found, actor, 'api');
      if (!done.ok) return sendInvalidFields(request, reply, done.errors);
      return reply
        .code(201)
        .header('Location', `/api/v1${lessonPath(done.slug)}`)
        .send(await json(request, done.id));
    },
  );

  // Editing.
  const editable = (request: FastifyRequest, slug: string) =>
    lessonFor(request, slug, ({ lesson, standing }) => mayEdit(standing, lesson));
  /** An author who is not a coordinator sends a published lesson back to review by editing it. */
  const backToReview = ({ lesson, standing }: FoundLesson) =>
    lesson.state === 'published' && !mayReview(standing, { ...lesson, state: 'submitted' });

  async function storedValues(lesson: Lesson): Promise<LessonFormValues> {
    const [tags, sources, org] = await Promise.all([
      tagsOf(ctx.db, 'lesson', [lesson.id], lesson.original.lang),
      sourcesOf(ctx.db, lesson.id),
      ctx.db.selectFrom('organisations').select('slug').where('id', '=', lesson.organisationId).executeTakeFirst(),
    ]);
    const o = lesson.original;
    return {
      title: o.title,
      organisation: org?.slug ?? '',
      lang: o.lang,
      tried: o.tried,
      worked: o.worked,
      not_worked: o.notWorked,
      replicate: o.replicate,
      budget_band: lesson.budgetBand ?? '',
      staff: lesson.staff === null ? '' : String(lesson.staff),
      duration_months: lesson.durationMonths === null ? '' : String(lesson.durationMonths),
      effort: lesson.effort,
      tags: (tags.get(lesson.id) ?? []).map((tag) => tag.label).join(', '),
      sources: sources.map((s) => `${s.type}:${s.id}`),
    };
  }

  const partnershipOfLesson = async (request: FastifyRequest, lesson: Lesson) => {
    const { partnership } = await lessonExtrasLite(request, lesson);
    return { id: lesson.partnershipId, slug: partnership.slug, title: partnership.title };
  };
  const lessonExtrasLite = (request: FastifyRequest, lesson: Lesson) =>
    lessonExtras(ctx, request.page(), request, lesson.id, lesson.partnershipId).then((x) => ({
      partnership: x.partnership,
    }));

  app.get<SlugRoute>('/:lang/lessons/:slug/edit', formOptions(), async (request, reply) => {
    const found = await editable(request, request.params.slug);
    const partnership = await partnershipOfLesson(request, found.lesson);
    const editing = { lesson: found.lesson, backToReview: backToReview(found) };
    return sendForm(request, reply, partnership, editing, await storedValues(found.lesson), {});
  });

  /** Checks and saves an edit; the problems when anything is wrong, a 409 when it changed meanwhile. */
  async function edit(request: FastifyRequest, found: FoundLesson & { actor: Actor }, mode: 'form' | 'api') {
    const checked = checkLesson(request.body, mode, request.i18n.t);
    if (!checked.ok) return checked;
    const data = await checkAgainstData(found.actor, found.lesson.partnershipId, checked.value, mode, request);
    if (!data.ok) return data;
    const saved = await updateLesson(ctx, found.lesson, {
      organisationId: data.organisationId,
      values: checked.value,
      backToReview: backToReview(found),
    });
    if (!saved) throw new HttpError(409);
    return { ok: true as const };
  }

  app.post<SlugRoute>('/:lang/lessons/:slug/edit', formOptions(), async (request, reply) => {
    const found = await editable(request, request.params.slug);
    const done = await edit(request, found, 'form');
    if (!done.ok) {
      const partnership = await partnershipOfLesson(request, found.lesson);
      const editing = { lesson: found.lesson, backToReview: backToReview(found) };
      return sendForm(request, reply, partnership, editing, echoLesson(request.body), done.errors, 400);
    }
    return reply.redirect(`/${request.locale}${lessonPath(found.lesson.slug)}`, 303);
  });

  app.put<SlugRoute>(
    '/api/v1/lessons/:slug',
    apiOptions(
      'Replaces a lesson’s texts, context, tags and sources (its author, who sends a published one back to ' +
        'review by this; its partnership’s coordinators); with a token',
      LessonParams,
      LessonBody,
    ),
    async (request, reply) => {
      const found = await editable(request, request.params.slug);
      const done = await edit(request, found, 'api');
      if (!done.ok) return sendInvalidFields(request, reply, done.errors);
      return reply.send(await json(request, found.lesson.id));
    },
  );

  // The review: sending for review, publishing, returning with a note.
  const moves = [
    {
      name: 'submit',
      may: ({ lesson, standing }: FoundLesson) => maySubmit(standing, lesson),
      summary: 'Sends a draft or returned lesson for review (its author; its partnership’s coordinators)',
      run: (found: FoundLesson, actorId: number) => submitLesson(ctx, found.lesson, actorId),
    },
    {
      name: 'publish',
      may: ({ lesson, standing }: FoundLesson) => mayReview(standing, lesson),
      summary: 'Publishes a lesson waiting for review (its partnership’s coordinators)',
      run: (found: FoundLesson, actorId: number) => publishLesson(ctx, found.lesson, actorId),
    },
  ] as const;
  for (const move of moves) {
    const run = async (request: FastifyRequest<SlugRoute>) => {
      const found = await lessonFor(request, request.params.slug, move.may);
      // Another request moved it first: asking again now gets the same 404.
      if (!(await move.run(found, found.actor.id))) throw new HttpError(404);
      return found;
    };
    app.post<SlugRoute>(`/:lang/lessons/:slug/${move.name}`, formOptions(), async (request, reply) => {
      const found = await run(request);
      return reply.redirect(`/${request.locale}${lessonPath(found.lesson.slug)}`, 303);
    });
    app.post<SlugRoute>(
      `/api/v1/lessons/:slug/${move.name}`,
      apiOptions(`${move.summary}; with a token`, LessonParams, NoBody),
      async (request, reply) => {
        const found = await run(request);
        return reply.send(await json(request, found.lesson.id));
      },
    );
  }

  /** The lesson's page again, with the return form's problem at its field. */
  async function sendLessonPage(
    request: FastifyRequest,
    reply: FastifyReply,
    found: FoundLesson,
    note: string,
    error: string,
  ) {
    const { lesson, standing } = found;
    const page = request.page();
    const whole = await presentLesson(
      ctx,
      lesson,
      await audienceOf(ctx, request.actor),
      request.locale,
      request.i18n.t,
    );
    const extras = await lessonExtras(ctx, page, request, lesson.id, lesson.partnershipId);
    const view = {
      lesson: whole,
      partnership: extras.partnership,
      may: {
        edit: mayEdit(standing, lesson),
        submit: maySubmit(standing, lesson),
        review: mayReview(standing, lesson),
        translate: mayTranslate(standing, lesson),
      },
      returnError: error,
      returnNote: note.slice(0, 2000),
      sections: extras.sections,
    };
    return sendPage(reply, LessonPage({ page, view }), 400);
  }

  const reviewable = (request: FastifyRequest, slug: string) =>
    lessonFor(request, slug, ({ lesson, standing }) => mayReview(standing, lesson));

  app.post<SlugRoute>('/:lang/lessons/:slug/return', formOptions(), async (request, reply) => {
    const found = await reviewable(request, request.params.slug);
    const checked = checkReturn(request.body, request.i18n.t);
    if (!checked.ok) {
      const sent = (request.body as Record<string, unknown> | undefined)?.note;
      return sendLessonPage(request, reply, found, typeof sent === 'string' ? sent : '', checked.errors.note ?? '');
    }
    if (!(await returnLesson(ctx, found.lesson, found.actor.id, checked.value.note))) throw new HttpError(404);
    return reply.redirect(`/${request.locale}${lessonPath(found.lesson.slug)}`, 303);
  });

  app.post<SlugRoute>(
    '/api/v1/lessons/:slug/return',
    apiOptions(
      'Returns a lesson waiting for review to its author with a note (its partnership’s coordinators); with a token',
      LessonParams,
      ReturnBody,
    ),
    async (request, reply) => {
      const found = await reviewable(request, request.params.slug);
      const checked = checkReturn(request.body, request.i18n.t);
      if (!checked.ok) return sendInvalidFields(request, reply, checked.errors);
      if (!(await returnLesson(ctx, found.lesson, found.actor.id, checked.value.note))) throw new HttpError(404);
      return reply.send(await json(request, found.lesson.id));
    },
  );

  // Translations.
  const translatable = (request: FastifyRequest, slug: string, code: string) =>
    lessonFor(request, slug, ({ lesson, standing }) => mayTranslate(standing, lesson) && code !== lesson.original.lang);

  app.get<SlugRoute & { Querystring: { into?: string } }>(
    '/:lang/lessons/:slug/translate',
    {
      config: { policy: signedIn },
      schema: {
        hide: true,
        params: LessonParams,
        querystring: Type.Object({ into: TranslationParams.properties.code }),
      },
    },
    async (request, reply) => {
      const into = request.query.into!;
      const found = await translatable(request, request.params.slug, into);
      return reply.redirect(`/${request.locale}${lessonPath(found.lesson.slug)}/translations/${into}`, 303);
    },
  );

  async function sendTranslateForm(
    request: FastifyRequest<TranslationRoute>,
    reply: FastifyReply,
    lesson: Lesson,
    values: Record<'title' | 'tried' | 'worked' | 'not_worked' | 'replicate', string> | null,
    errors: FieldErrors,
    status = 200,
  ) {
    const code = request.params.code;
    const existing = (await translationsOf(ctx.db, lesson.id)).find((tr) => tr.lang === code);
    const shown = values ?? {
      title: existing?.title ?? '',
      tried: existing?.tried ?? '',
      worked: existing?.worked ?? '',
      not_worked: existing?.notWorked ?? '',
      replicate: existing?.replicate ?? '',
    };
    const view = { path: lessonPath(lesson.slug), code, original: lesson.original, values: shown, errors };
    return sendPage(reply, TranslatePage({ page: request.page(), view }), status);
  }

  app.get<TranslationRoute>(
    '/:lang/lessons/:slug/translations/:code',
    formOptions(TranslationParams),
    async (request, reply) => {
      const found = await translatable(request, request.params.slug, request.params.code);
      return sendTranslateForm(request, reply, found.lesson, null, {});
    },
  );

  app.post<TranslationRoute>(
    '/:lang/lessons/:slug/translations/:code',
    formOptions(TranslationParams),
    async (request, reply) => {
      const found = await translatable(request, request.params.slug, request.params.code);
      const checked = checkTranslation(request.body, request.i18n.t);
      if (!checked.ok) {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const text = (key: string, max: number) =>
          typeof body[key] === 'string' ? (body[key] as string).slice(0, max) : '';
        const values = {
          title: text('title', 200),
          tried: text('tried', 10_000),
          worked: text('worked', 10_000),
          not_worked: text('not_worked', 10_000),
          replicate: text('replicate', 10_000),
        };
        return sendTranslateForm(request, reply, found.lesson, values, checked.errors, 400);
      }
      await saveTranslation(ctx, found.lesson.id, request.params.code, checked.value, found.actor.id);
      return reply.redirect(`/${request.locale}${lessonPath(found.lesson.slug)}?in=${request.params.code}`, 303);
    },
  );

  app.put<TranslationRoute>(
    '/api/v1/lessons/:slug/translations/:code',
    apiOptions(
      'Adds or replaces a lesson’s translation into a language other than its own (who may edit it; once ' +
        'published, its partnership’s members); with a token',
      TranslationParams,
      TranslationForm,
    ),
    async (request, reply) => {
      const found = await translatable(request, request.params.slug, request.params.code);
      const checked = checkTranslation(request.body, request.i18n.t);
      if (!checked.ok) return sendInvalidFields(request, reply, checked.errors);
      await saveTranslation(ctx, found.lesson.id, request.params.code, checked.value, found.actor.id);
      return reply.send(await json(request, found.lesson.id));
    },
  );
}
