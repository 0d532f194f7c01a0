import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Actor } from '../../../core/auth/actor.js';
import { signedIn } from '../../../core/auth/policy.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import { NoBody } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import {
  audienceOf,
  partnershipOfAddress,
  partnershipTitlesByIds,
  type FoundPartnership,
} from '../../partnerships/index.js';
import { checkPlaybook, checkTranslation, echoPlaybook, type PlaybookFormValues } from '../playbooks.check.js';
import { lessonChoices } from '../playbooks.lessons.js';
import { visiblePlaybook, type FoundPlaybook } from '../playbooks.lookup.js';
import { mayEdit, mayPublish, mayUnpublish } from '../playbooks.policy.js';
import { presentPlaybook } from '../playbooks.present.js';
import { findPlaybookById, lessonIdsOf, playbookPath, translationsOf, type Playbook } from '../playbooks.queries.js';
import {
  PartnershipParams,
  PlaybookBody,
  PlaybookDetail,
  PlaybookParams,
  TranslationBody,
  TranslationParams,
} from '../playbooks.schema.js';
import {
  createPlaybook,
  publishPlaybook,
  saveTranslation,
  unpublishPlaybook,
  updatePlaybook,
} from '../playbooks.service.js';
import { FormPage } from '../views/FormPage.js';
import { TranslatePage } from '../views/TranslatePage.js';

type SlugRoute = { Params: { lang: string; slug: string } };
type TranslationRoute = { Params: { lang: string; slug: string; code: string } };
type Texts = Record<'title' | 'target' | 'introduction' | 'steps', string>;

/** An HTML form's route: signed in (the handler asks for more, else a 404), not in the API's document. */
const formOptions = (params = PlaybookParams) => ({ config: { policy: signedIn }, schema: { hide: true, params } });

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
    tags: ['playbooks'],
    security: [{ bearerAuth: [] }],
    params: Type.Omit(params, ['lang']),
    body,
    response: { [ok]: PlaybookDetail, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
  },
});

const emptyForm = (lang: string): PlaybookFormValues => ({ ...echoPlaybook({}), lang });

/** Writing, editing, publishing and translating playbooks, by form and by API: a partnership's coordinators. */
export function writeRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The partnership of an address, if the reader may write playbooks for it (its coordinators); else a 404. */
  async function writable(request: FastifyRequest, slug: string) {
    const found = await partnershipOfAddress(ctx, request, slug);
    if (!found || !mayEdit(found.standing)) throw new HttpError(404);
    return { found, actor: actorOf(request, signedIn) };
  }

  /** The playbook of an address, if the reader may do `may` with it; else a 404 (the same as a missing one). */
  async function playbookFor(request: FastifyRequest, slug: string, may: (f: FoundPlaybook) => boolean) {
    const found = await visiblePlaybook(ctx, request.actor, slug, request.locale);
    if (!found || !may(found)) throw new HttpError(404);
    return { ...found, actor: actorOf(request, signedIn) };
  }

  async function sendForm(
    request: FastifyRequest,
    reply: FastifyReply,
    partnership: { slug: string; title: string },
    editing: Playbook | null,
    values: PlaybookFormValues,
    errors: FieldErrors,
    status = 200,
  ) {
    const lessons = await lessonChoices(ctx, request.locale);
    const offered = new Set(lessons.map((l) => l.id));
    const chapters = editing ? await lessonIdsOf(ctx.db, editing.id) : [];
    const view = {
      action: editing ? `${playbookPath(editing.slug)}/edit` : `/partnerships/${partnership.slug}/playbooks/new`,
      partnership,
      editing: editing && { title: editing.original.title, path: playbookPath(editing.slug) },
      values,
      errors,
      lessons,
      dropped: chapters.filter((id) => !offered.has(id)).length,
    };
    return sendPage(reply, FormPage({ page: request.page(), view }), status);
  }

  /** The playbook as the API answers after a write, to this reader. */
  async function json(request: FastifyRequest, id: number) {
    const playbook = (await findPlaybookById(ctx.db, id, request.locale))!;
    return presentPlaybook(ctx, playbook, await audienceOf(ctx, request.actor), request.locale);
  }

  const partnershipOf = (found: FoundPartnership) => ({ slug: found.partnership.slug, title: found.partnership.title });
  const partnershipOfPlaybook = async (request: FastifyRequest, playbook: Playbook) =>
    (await partnershipTitlesByIds(ctx.db, request.locale, [playbook.partnershipId])).get(playbook.partnershipId) ?? {
      slug: '',
      title: '',
    };

  // Writing a new playbook.
  app.get<SlugRoute>(
    '/:lang/partnerships/:slug/playbooks/new',
    formOptions(PartnershipParams),
    async (request, reply) => {
      const { found } = await writable(request, request.params.slug);
      return sendForm(request, reply, partnershipOf(found), null, emptyForm(request.locale), {});
    },
  );

  /** Checks and stores a new playbook, as a draft; the problems when anything is wrong (nothing is stored). */
  async function create(
    request: FastifyRequest,
    found: FoundPartnership,
    actor: Actor & { id: number },
    mode: 'form' | 'api',
  ) {
    const checked = await checkPlaybook(ctx, request.body, mode, request.i18n.t);
    if (!checked.ok) return checked;
    const made = await createPlaybook(ctx, { partnershipId: found.id, authorId: actor.id, values: checked.value });
    return { ok: true as const, ...made };
  }

  app.post<SlugRoute>(
    '/:lang/partnerships/:slug/playbooks/new',
    formOptions(PartnershipParams),
    async (request, reply) => {
      const { found, actor } = await writable(request, request.params.slug);
      const done = await create(request, found, actor, 'form');
      if (!done.ok)
        return sendForm(request, reply, partnershipOf(found), null, echoPlaybook(request.body), done.errors, 400);
      return reply.redirect(`/${request.locale}${playbookPath(done.slug)}`, 303);
    },
  );

  app.post<SlugRoute>(
    '/api/v1/partnerships/:slug/playbooks',
    apiOptions(
      'Writes a playbook of a partnership, as a draft, from published lessons (`lessons`, in order); its ' +
        'coordinators, with a token',
      PartnershipParams,
      PlaybookBody,
      201,
    ),
    async (request, reply) => {
      const { found, actor } = await writable(request, request.params.slug);
      const done = await create(request, found, actor, 'api');
      if (!done.ok) return sendInvalidFields(request, reply, done.errors);
      return reply
        .code(201)
        .header('Location', `/api/v1${playbookPath(done.slug)}`)
        .send(await json(request, done.id));
    },
  );

  // Editing.
  const editable = (request: FastifyRequest, slug: string) =>
    playbookFor(request, slug, ({ standing }) => mayEdit(standing));

  async function storedValues(playbook: Playbook): Promise<PlaybookFormValues> {
    const ids = await lessonIdsOf(ctx.db, playbook.id);
    const o = playbook.original;
    return {
      title: o.title,
      target: o.target,
      lang: o.lang,
      introduction: o.introduction,
      steps: o.steps,
      chapters: Object.fromEntries(ids.map((id, i) => [id, String(i + 1)])),
    };
  }

  app.get<SlugRoute>('/:lang/playbooks/:slug/edit', formOptions(), async (request, reply) => {
    const { playbook } = await editable(request, request.params.slug);
    const partnership = await partnershipOfPlaybook(request, playbook);
    return sendForm(request, reply, partnership, playbook, await storedValues(playbook), {});
  });

  /** Checks and saves an edit; the problems when anything is wrong, a 409 when it changed meanwhile. */
  async function edit(request: FastifyRequest, playbook: Playbook, mode: 'form' | 'api') {
    const checked = await checkPlaybook(ctx, request.body, mode, request.i18n.t);
    if (!checked.ok) return checked;
    if (!(await updatePlaybook(ctx, playbook, checked.value))) throw new HttpError(409);
    return { ok: true as const };
  }

  app.post<SlugRoute>('/:lang/playbooks/:slug/edit', formOptions(), async (request, reply) => {
    const { playbook } = await editable(request, request.params.slug);
    const done = await edit(request, playbook, 'form');
    if (!done.ok) {
      const partnership = await partnershipOfPlaybook(request, playbook);
      return sendForm(request, reply, partnership, playbook, echoPlaybook(request.body), done.errors, 400);
    }
    return reply.redirect(`/${request.locale}${playbookPath(playbook.slug)}`, 303);
  });

  app.put<SlugRoute>(
    '/api/v1/playbooks/:slug',
    apiOptions(
      'Replaces a playbook’s texts, steps and chapters (its partnership’s coordinators); with a token',
      PlaybookParams,
      PlaybookBody,
    ),
    async (request, reply) => {
      const { playbook } = await editable(request, request.params.slug);
      const done = await edit(request, playbook, 'api');
      if (!done.ok) return sendInvalidFields(request, reply, done.errors);
      return reply.send(await json(request, playbook.id));
    },
  );

  // Publishing and unpublishing.
  const moves = [
    {
      name: 'publish',
      may: ({ playbook, standing }: FoundPlaybook) => mayPublish(standing, playbook),
      summary: 'Publishes a draft playbook (its partnership’s coordinators)',
      run: (found: FoundPlaybook, actorId: number) => publishPlaybook(ctx, found.playbook, actorId),
    },
    {
      name: 'unpublish',
      may: ({ playbook, standing }: FoundPlaybook) => mayUnpublish(standing, playbook),
      summary: 'Takes a published playbook back to a draft (its partnership’s coordinators)',
      run: (found: FoundPlaybook, actorId: number) => unpublishPlaybook(ctx, found.playbook, actorId),
    },
  ] as const;
  for (const move of moves) {
    const run = async (request: FastifyRequest<SlugRoute>) => {
      const found = await playbookFor(request, request.params.slug, move.may);
      // Another request moved it first: asking again now gets the same 404.
      if (!(await move.run(found, found.actor.id))) throw new HttpError(404);
      return found;
    };
    app.post<SlugRoute>(`/:lang/playbooks/:slug/${move.name}`, formOptions(), async (request, reply) => {
      const found = await run(request);
      return reply.redirect(`/${request.locale}${playbookPath(found.playbook.slug)}`, 303);
    });
    app.post<SlugRoute>(
      `/api/v1/playbooks/:slug/${move.name}`,
      apiOptions(`${move.summary}; with a token`, PlaybookParams, NoBody),
      async (request, reply) => {
        const found = await run(request);
        return reply.send(await json(request, found.playbook.id));
      },
    );
  }

  // Translations.
  const translatable = (request: FastifyRequest, slug: string, code: string) =>
    playbookFor(request, slug, ({ playbook, standing }) => mayEdit(standing) && code !== playbook.original.lang);

  app.get<SlugRoute & { Querystring: { into?: string } }>(
    '/:lang/playbooks/:slug/translate',
    {
      config: { policy: signedIn },
      schema: {
        hide: true,
        params: PlaybookParams,
        querystring: Type.Object({ into: TranslationParams.properties.code }),
      },
    },
    async (request, reply) => {
      const into = request.query.into!;
      const found = await translatable(request, request.params.slug, into);
      return reply.redirect(`/${request.locale}${playbookPath(found.playbook.slug)}/translations/${into}`, 303);
    },
  );

  async function sendTranslateForm(
    request: FastifyRequest<TranslationRoute>,
    reply: FastifyReply,
    playbook: Playbook,
    values: Texts | null,
    errors: FieldErrors,
    status = 200,
  ) {
    const code = request.params.code;
    const existing = (await translationsOf(ctx.db, playbook.id)).find((tr) => tr.lang === code);
    const shown = values ?? {
      title: existing?.title ?? '',
      target: existing?.target ?? '',
      introduction: existing?.introduction ?? '',
      steps: existing?.steps ?? '',
    };
    const view = { path: playbookPath(playbook.slug), code, original: playbook.original, values: shown, errors };
    return sendPage(reply, TranslatePage({ page: request.page(), view }), status);
  }

  app.get<TranslationRoute>(
    '/:lang/playbooks/:slug/translations/:code',
    formOptions(TranslationParams),
    async (request, reply) => {
      const found = await translatable(request, request.params.slug, request.params.code);
      return sendTranslateForm(request, reply, found.playbook, null, {});
    },
  );

  app.post<TranslationRoute>(
    '/:lang/playbooks/:slug/translations/:code',
    formOptions(TranslationParams),
    async (request, reply) => {
      const found = await translatable(request, request.params.slug, request.params.code);
      const checked = checkTranslation(request.body, 'form', request.i18n.t);
      if (!checked.ok) {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const text = (key: string, max: number) =>
          typeof body[key] === 'string' ? (body[key] as string).slice(0, max) : '';
        const values = {
          title: text('title', 200),
          target: text('target', 200),
          introduction: text('introduction', 10_000),
          steps: text('steps', 10_000),
        };
        return sendTranslateForm(request, reply, found.playbook, values, checked.errors, 400);
      }
      await saveTranslation(ctx, found.playbook.id, request.params.code, checked.value, found.actor.id);
      return reply.redirect(`/${request.locale}${playbookPath(found.playbook.slug)}?in=${request.params.code}`, 303);
    },
  );

  app.put<TranslationRoute>(
    '/api/v1/playbooks/:slug/translations/:code',
    apiOptions(
      'Adds or replaces a playbook’s translation into a language other than its own (its partnership’s ' +
        'coordinators); with a token',
      TranslationParams,
      TranslationBody,
    ),
    async (request, reply) => {
      const found = await translatable(request, request.params.slug, request.params.code);
      const checked = checkTranslation(request.body, 'api', request.i18n.t);
      if (!checked.ok) return sendInvalidFields(request, reply, checked.errors);
      await saveTranslation(ctx, found.playbook.id, request.params.code, checked.value, found.actor.id);
      return reply.send(await json(request, found.playbook.id));
    },
  );
}
