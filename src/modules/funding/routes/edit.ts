import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type, { type TSchema } from 'typebox';
import { anyone, signedIn } from '../../../core/auth/policy.js';
import { nowIso } from '../../../core/db/dialect.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { problemResponses } from '../../../core/http/problem.js';
import { pageRoute } from '../../../core/http/routes.js';
import { storableText } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import { tagsOf } from '../../tags/index.js';
import {
  checkEdit,
  formValues,
  newValues,
  refusedChange,
  storedValues,
  withBlankRows,
  type EditValues,
  type Naming,
} from '../funding.edit.js';
import { historyOf } from '../funding.edit.history.js';
import {
  HistoryJson,
  IdParams,
  OpportunityEdit,
  OpportunityNew,
  OpportunitySaved,
  ProgrammeSaved,
  ProgrammeWrite,
  SlugParams,
} from '../funding.edit.schema.js';
import { readerOf } from '../funding.lookup.js';
import { grantFundingEditor, listFundingEditors, personByHandle, revokeFundingEditor } from '../funding.editors.js';
import { mayEdit, mayGrantEditors, maySee } from '../funding.policy.js';
import { findOpportunity, findProgramme, listProgrammes, type Opportunity } from '../funding.queries.js';
import { changeOpportunity, createOpportunity, FundingChangeError, saveProgramme } from '../funding.service.js';
import { EditPage, type EditView } from '../views/EditPage.js';
import { EditorsPage } from '../views/EditorsPage.js';
import { EditProgrammePage, PROGRAMME_FIELDS, type ProgrammeValues } from '../views/EditProgrammePage.js';
import { HistoryPage } from '../views/HistoryPage.js';

type IdRoute = { Params: { lang: string; id: number }; Querystring: { more?: string } };
type SlugRoute = { Params: { lang: string; slug: string } };

/** An HTML form's route: signed in (the handler asks for more, else a 404), not in the API's document. */
export const formOptions = (params?: TSchema) => ({
  config: { policy: signedIn },
  schema: { hide: true, ...(params ? { params } : {}) },
});

/** An API write with a token; the handler checks the body itself, so that every problem is named at its pointer. */
/**
 * The API's writes check their bodies field by field themselves (`attachValidation`), so that every
 * field's message is said at once; what is wrong elsewhere (the address's id, the query) is still the
 * core's 400, before the handler reads it.
 */
export async function addressChecked(request: FastifyRequest): Promise<void> {
  const invalid = request.validationError;
  if (invalid && invalid.validationContext !== 'body') throw invalid;
}

export const apiWrite = (
  summary: string,
  params: TSchema | undefined,
  body: TSchema,
  response: TSchema,
  ok: 200 | 201 = 200,
) => ({
  config: { policy: signedIn },
  attachValidation: true,
  preHandler: addressChecked,
  schema: {
    summary,
    tags: ['funding'],
    security: [{ bearerAuth: [] }],
    ...(params ? { params } : {}),
    body,
    response: { [ok]: response, ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429) },
  },
});

/** The actor, if they may edit the register (funding editors, administrators); else a 404. */
export async function editorOf(ctx: ModuleContext, request: FastifyRequest) {
  const actor = actorOf(request, signedIn);
  if (!mayEdit(await readerOf(ctx, actor))) throw new HttpError(404);
  return actor;
}

/** What a write answers: the item as stored. */
export const savedJson = (o: Opportunity) => ({
  id: o.id,
  version: o.version,
  state: o.state,
  title: o.title,
  path: `/funding/${o.id}`,
});

/** The register's programmes as the form's choices. */
export async function programmeChoices(ctx: ModuleContext) {
  return (await listProgrammes(ctx.db)).map((p) => ({ value: p.slug, label: p.name }));
}

/** Checks and saves a new item or an edit (one version, one audit entry), or says what is wrong. */
export async function saveItem(
  ctx: ModuleContext,
  request: FastifyRequest,
  item: Opportunity | null,
  actorId: number,
  naming: Naming,
  partial: boolean,
  suggestion = false,
): Promise<{ ok: true; item: Opportunity } | { ok: false; errors: FieldErrors; conflict?: boolean }> {
  const checked = await checkEdit(
    request.body,
    naming,
    {
      item,
      partial,
      programmeId: async (slug) => (await findProgramme(ctx.db, { slug }))?.id ?? null,
      lang: request.locale,
    },
    request.i18n.t,
  );
  if (!checked.ok) return checked;
  const meta = {
    userId: actorId,
    at: nowIso(),
    explanation: checked.explanation,
    ...(checked.version !== undefined ? { expectedVersion: checked.version } : {}),
  };
  try {
    if (item) return { ok: true, item: await changeOpportunity(ctx.db, item.id, checked.change, meta) };
    const { kind = 'call', title = '', summary = '', timeZone = 'Europe/Brussels', ...rest } = checked.change;
    const made = await createOpportunity(
      ctx.db,
      {
        ...rest,
        kind,
        title,
        summary,
        timeZone,
        lang: checked.lang,
        ...(suggestion ? { state: 'suggested' as const, suggestedBy: actorId, externalId: null } : {}),
      },
      meta,
    );
    return { ok: true, item: made };
  } catch (error) {
    if (error instanceof FundingChangeError)
      return {
        ok: false,
        errors: refusedChange(error, naming, request.body, request.i18n.t),
        conflict: error.reason === 'conflict',
      };
    throw error;
  }
}

/**
 * Adding and editing items and programmes (`/{lang}/funding/new`, `…/{id}/edit`, programmes), their
 * API twins, and an item's history.
 */
export function editRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  async function sendForm(
    request: FastifyRequest,
    reply: FastifyReply,
    mode: EditView['mode'],
    item: Opportunity | null,
    values: EditValues,
    errors: FieldErrors,
    status = 200,
  ) {
    const view: EditView = {
      mode,
      item: item && { id: item.id, title: item.title, lang: item.lang },
      values,
      errors,
      programmes: await programmeChoices(ctx),
    };
    return sendPage(reply, EditPage({ page: request.page(), view }), status);
  }

  /** The item of an address, for an editor; else a 404. */
  async function editable(request: FastifyRequest, id: number) {
    const actor = await editorOf(ctx, request);
    const item = await findOpportunity(ctx.db, id);
    if (!item) throw new HttpError(404);
    return { actor, item };
  }

  const storedOf = async (item: Opportunity) =>
    storedValues(
      item,
      ((await tagsOf(ctx.db, 'opportunity', [item.id], item.lang)).get(item.id) ?? []).map((tag) => tag.label),
    );

  /** After a save: the item's page (its history while there is no item page), or its form again with more rows. */
  const after = (request: FastifyRequest, item: Opportunity) => {
    const page = `/${request.locale}/funding/${item.id}`;
    if ((request.body as Record<string, unknown> | undefined)?.more === 'rows') return `${page}/edit?more=1`;
    return app.hasRoute({ method: 'GET', url: '/:lang/funding/:id' }) ? page : `${page}/history`;
  };

  app.get('/:lang/funding/new', formOptions(), async (request, reply) => {
    await editorOf(ctx, request);
    return sendForm(request, reply, 'new', null, withBlankRows(newValues(request.locale), 1), {});
  });

  app.post('/:lang/funding/new', formOptions(), async (request, reply) => {
    const actor = await editorOf(ctx, request);
    const done = await saveItem(ctx, request, null, actor.id, 'form', false);
    if (!done.ok) return sendForm(request, reply, 'new', null, formValues(request.body), done.errors, 400);
    return reply.redirect(after(request, done.item), 303);
  });

  app.get<IdRoute>('/:lang/funding/:id/edit', formOptions(IdParams), async (request, reply) => {
    const { item } = await editable(request, request.params.id);
    const more = request.query.more === '1' ? 3 : 1;
    return sendForm(request, reply, 'edit', item, withBlankRows(await storedOf(item), more), {});
  });

  app.post<IdRoute>('/:lang/funding/:id/edit', formOptions(IdParams), async (request, reply) => {
    const { actor, item } = await editable(request, request.params.id);
    const done = await saveItem(ctx, request, item, actor.id, 'form', false);
    if (!done.ok) {
      // Over a newer version: what was typed stays, and the form now starts from the stored version.
      const values = formValues(request.body);
      if (done.conflict) values.version = String(item.version);
      return sendForm(request, reply, 'edit', item, values, done.errors, done.conflict ? 409 : 400);
    }
    return reply.redirect(after(request, done.item), 303);
  });

  app.post<{ Body: unknown }>(
    '/api/v1/funding',
    apiWrite(
      'Adds an item to the funding register (funding editors, administrators; with a token)',
      undefined,
      OpportunityNew,
      OpportunitySaved,
      201,
    ),
    async (request, reply) => {
      const actor = await editorOf(ctx, request);
      const done = await saveItem(ctx, request, null, actor.id, 'api', false);
      if (!done.ok) return sendInvalidFields(request, reply, done.errors);
      return reply.code(201).header('Location', `/api/v1/funding/${done.item.id}`).send(savedJson(done.item));
    },
  );

  for (const method of ['PUT', 'PATCH'] as const)
    app.route<IdRoute>({
      method,
      url: '/api/v1/funding/:id',
      ...apiWrite(
        method === 'PUT'
          ? 'Replaces an item of the register whole: what is left out is emptied (editors; with a token). A ' +
              '`version` older than the stored one is a 409 conflict.'
          : 'Changes what is sent of an item of the register; the rest stays (editors; with a token). A ' +
              '`version` older than the stored one is a 409 conflict.',
        Type.Omit(IdParams, ['lang']),
        OpportunityEdit,
        OpportunitySaved,
      ),
      handler: async (request, reply) => {
        const { actor, item } = await editable(request, request.params.id);
        const done = await saveItem(ctx, request, item, actor.id, 'api', method === 'PATCH');
        if (!done.ok && done.conflict) throw new HttpError(409, 'funding.error.conflict');
        if (!done.ok) return sendInvalidFields(request, reply, done.errors);
        return reply.send(savedJson(done.item));
      },
    });

  // The history: whoever may see the item.
  pageRoute(app, {
    path: '/funding/:id/history',
    policy: anyone,
    summary: 'Every version of an item of the register: who, when, why, and what changed from the one before',
    tag: 'funding',
    params: IdParams,
    response: HistoryJson,
    load: async ({ params, request, actor }) => {
      const item = await findOpportunity(ctx.db, params.id);
      if (!item || !maySee(await readerOf(ctx, actor), item)) return null;
      return {
        id: item.id,
        title: item.title,
        lang: item.lang,
        versions: await historyOf(ctx.db, item.id, request.i18n),
      };
    },
    render: (data, page) => HistoryPage({ page, item: data, versions: data.versions }),
  });

  programmeRoutes(app, ctx);
}

const programmeValues = (body: unknown): ProgrammeValues => {
  const source = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const out = {} as ProgrammeValues;
  for (const f of PROGRAMME_FIELDS) {
    const v = source[f];
    out[f] =
      typeof v === 'string' ? v.slice(0, f === 'description' ? 5001 : 2001) : typeof v === 'number' ? String(v) : '';
  }
  return out;
};

/** Programmes: `/{lang}/funding/programmes/new`, `…/{slug}/edit`, and `POST /api/v1/programmes`, `PUT …/{slug}`. */
function programmeRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** Checks and saves a programme, or says what is wrong at its fields. */
  async function save(
    request: FastifyRequest,
    slug: string | null,
    actorId: number,
  ): Promise<{ ok: true; slug: string } | { ok: false; errors: FieldErrors }> {
    const { t } = request.i18n;
    const v = programmeValues(request.body);
    const errors: FieldErrors = {};
    for (const f of PROGRAMME_FIELDS) if (!storableText(v[f])) errors[f] = t('core.field.badCharacters');
    const year = (f: 'period_from' | 'period_to') => {
      const s = v[f].trim();
      if (s === '') return null;
      if (!/^[0-9]{4}$/.test(s)) errors[f] = t('funding.error.year');
      return Number(s);
    };
    const budget = v.budget_eur.replace(/[\s\u00a0\u202f]/g, '');
    if (budget !== '' && !/^[0-9]{1,14}$/.test(budget)) errors.budget_eur = t('funding.error.amount');
    const newSlug = slug ?? v.slug.trim();
    if (slug === null && (await findProgramme(ctx.db, { slug: newSlug }))) errors.slug = t('funding.error.slugTaken');
    const input = {
      slug: newSlug,
      name: v.name,
      periodFrom: year('period_from'),
      periodTo: year('period_to'),
      budgetEur: budget === '' ? null : Number(budget),
      budgetNote: v.budget_note.trim(),
      managingService: v.managing_service.trim(),
      url: v.url.trim() || null,
      description: v.description.trim(),
    };
    if (!input.name.trim()) errors.name ??= t('core.field.required');
    if (Object.keys(errors).length) return { ok: false, errors };
    try {
      await saveProgramme(ctx.db, input, { userId: actorId, at: nowIso() });
      return { ok: true, slug: newSlug };
    } catch (error) {
      if (!(error instanceof FundingChangeError)) throw error;
      const field =
        {
          periodFrom: 'period_from',
          periodTo: 'period_to',
          budgetNote: 'budget_note',
          managingService: 'managing_service',
        }[error.field] ?? error.field;
      return { ok: false, errors: { [field]: t(`funding.error.${error.reason}`) } };
    }
  }

  const stored = async (slug: string) => {
    const p = await findProgramme(ctx.db, { slug });
    if (!p) throw new HttpError(404);
    const text = (n: number | null) => (n === null ? '' : String(n));
    return {
      slug: p.slug,
      name: p.name,
      period_from: text(p.periodFrom),
      period_to: text(p.periodTo),
      budget_eur: text(p.budgetEur),
      budget_note: p.budgetNote,
      managing_service: p.managingService,
      url: p.url ?? '',
      description: p.description,
    };
  };
  const form = (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string | null,
    values: ProgrammeValues,
    errors: FieldErrors,
    status = 200,
  ) => sendPage(reply, EditProgrammePage({ page: request.page(), slug, values, errors }), status);

  /** After a save: the programme's page (its form while the register has no programme page). */
  const programmePage = (request: FastifyRequest, slug: string) =>
    app.hasRoute({ method: 'GET', url: '/:lang/funding/programmes/:slug' })
      ? `/${request.locale}/funding/programmes/${slug}`
      : `/${request.locale}/funding/programmes/${slug}/edit`;
  app.get('/:lang/funding/programmes/new', formOptions(), async (request, reply) => {
    await editorOf(ctx, request);
    return form(request, reply, null, programmeValues({}), {});
  });
  app.post('/:lang/funding/programmes/new', formOptions(), async (request, reply) => {
    const actor = await editorOf(ctx, request);
    const done = await save(request, null, actor.id);
    if (!done.ok) return form(request, reply, null, programmeValues(request.body), done.errors, 400);
    return reply.redirect(programmePage(request, done.slug), 303);
  });
  app.get<SlugRoute>('/:lang/funding/programmes/:slug/edit', formOptions(SlugParams), async (request, reply) => {
    await editorOf(ctx, request);
    return form(request, reply, request.params.slug, await stored(request.params.slug), {});
  });
  app.post<SlugRoute>('/:lang/funding/programmes/:slug/edit', formOptions(SlugParams), async (request, reply) => {
    const actor = await editorOf(ctx, request);
    await stored(request.params.slug);
    const done = await save(request, request.params.slug, actor.id);
    if (!done.ok) return form(request, reply, request.params.slug, programmeValues(request.body), done.errors, 400);
    return reply.redirect(programmePage(request, done.slug), 303);
  });
  const json = async (slug: string) => {
    const p = (await findProgramme(ctx.db, { slug }))!;
    return { slug: p.slug, name: p.name, path: `/funding/programmes/${p.slug}` };
  };
  app.post<{ Body: unknown }>(
    '/api/v1/programmes',
    apiWrite(
      'Adds a programme (funding editors, administrators; with a token)',
      undefined,
      ProgrammeWrite,
      ProgrammeSaved,
      201,
    ),
    async (request, reply) => {
      const actor = await editorOf(ctx, request);
      const done = await save(request, null, actor.id);
      if (!done.ok) return sendInvalidFields(request, reply, done.errors);
      return reply
        .code(201)
        .header('Location', `/api/v1/programmes/${done.slug}`)
        .send(await json(done.slug));
    },
  );
  app.put<SlugRoute>(
    '/api/v1/programmes/:slug',
    apiWrite(
      'Changes a programme, whole (funding editors, administrators; with a token)',
      Type.Omit(SlugParams, ['lang']),
      ProgrammeWrite,
      ProgrammeSaved,
    ),
    async (request, reply) => {
      const actor = await editorOf(ctx, request);
      await stored(request.params.slug);
      const done = await save(request, request.params.slug, actor.id);
      if (!done.ok) return sendInvalidFields(request, reply, done.errors);
      return reply.send(await json(done.slug));
    },
  );
}

const EditorsQuery = Type.Object({ done: Type.Optional(Type.Union([Type.Literal('added'), Type.Literal('removed')])) });
const EditorsJson = Type.Object({
  editors: Type.Array(
    Type.Object({ handle: Type.String(), name: Type.String(), grantedAt: Type.String({ format: 'date-time' }) }),
  ),
});
const HandleBody = Type.Object({ handle: Type.String({ maxLength: 100, description: 'The person’s handle.' }) });
const HandleParams = Type.Object({ lang: Type.String(), handle: Type.String({ maxLength: 100 }) });

/** The funding editor role: administrators list, grant and end it (`/{lang}/funding/editors` and its API). */
export function editorRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const admin = (request: FastifyRequest) => {
    const actor = actorOf(request, signedIn);
    if (!mayGrantEditors(actor)) throw new HttpError(404);
    return actor;
  };
  pageRoute(app, {
    path: '/funding/editors',
    policy: signedIn,
    summary: 'The funding editors (administrators)',
    tag: 'funding',
    querystring: EditorsQuery,
    response: EditorsJson,
    cache: false,
    load: async ({ actor }) => {
      if (!mayGrantEditors(actor)) return null;
      const editors = await listFundingEditors(ctx.db);
      return { editors: editors.map((e) => ({ handle: e.handle, name: e.name, grantedAt: e.grantedAt })) };
    },
    prepare: async () => listFundingEditors(ctx.db),
    render: (_data, page, request, editors) =>
      EditorsPage({
        page,
        editors,
        handle: '',
        errors: {},
        done: (request.query as { done?: 'added' | 'removed' }).done ?? null,
      }),
  });
  /** Grants the role to the handle sent, or says at `handle` why not. */
  async function grant(request: FastifyRequest, byId: number): Promise<FieldErrors | null> {
    const handle = (request.body as { handle?: unknown } | undefined)?.handle;
    const person = typeof handle === 'string' ? await personByHandle(ctx.db, handle) : null;
    if (!person) return { handle: request.i18n.t('funding.editors.unknown') };
    await grantFundingEditor(ctx.db, person.id, byId, nowIso());
    return null;
  }
  app.post('/:lang/funding/editors', formOptions(), async (request, reply) => {
    const actor = admin(request);
    const errors = await grant(request, actor.id);
    if (errors) {
      const handle = String((request.body as { handle?: unknown } | undefined)?.handle ?? '').slice(0, 100);
      const page = EditorsPage({
        page: request.page(),
        editors: await listFundingEditors(ctx.db),
        handle,
        errors,
        done: null,
      });
      return sendPage(reply, page, 400);
    }
    return reply.redirect(`/${request.locale}/funding/editors?done=added`, 303);
  });
  app.post<{ Params: { lang: string; handle: string } }>(
    '/:lang/funding/editors/:handle/remove',
    formOptions(HandleParams),
    async (request, reply) => {
      const actor = admin(request);
      const person = await personByHandle(ctx.db, request.params.handle);
      if (!person || !(await revokeFundingEditor(ctx.db, person.id, actor.id))) throw new HttpError(404);
      return reply.redirect(`/${request.locale}/funding/editors?done=removed`, 303);
    },
  );
  app.post<{ Body: unknown }>(
    '/api/v1/funding/editors',
    apiWrite('Makes someone a funding editor (administrators; with a token)', undefined, HandleBody, EditorsJson, 201),
    async (request, reply) => {
      const actor = admin(request);
      const errors = await grant(request, actor.id);
      if (errors) return sendInvalidFields(request, reply, errors);
      const editors = await listFundingEditors(ctx.db);
      return reply
        .code(201)
        .send({ editors: editors.map((e) => ({ handle: e.handle, name: e.name, grantedAt: e.grantedAt })) });
    },
  );
  app.delete<{ Params: { handle: string } }>(
    '/api/v1/funding/editors/:handle',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Ends someone’s funding editor role (administrators; with a token)',
        tags: ['funding'],
        security: [{ bearerAuth: [] }],
        params: Type.Omit(HandleParams, ['lang']),
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const actor = admin(request);
      const person = await personByHandle(ctx.db, request.params.handle);
      if (!person || !(await revokeFundingEditor(ctx.db, person.id, actor.id))) throw new HttpError(404);
      return reply.code(204).send();
    },
  );
}
