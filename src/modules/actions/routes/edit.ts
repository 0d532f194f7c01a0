import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../../core/auth/policy.js';
import { nowIso } from '../../../core/db/dialect.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import type { ModuleContext } from '../../../core/module.js';
import { listPostsOut } from '../../news/index.js';
import {
  findOrganisationsByIds,
  listOrganisations,
  organisationDisplayName,
  organisationIdBySlug,
} from '../../organisations/index.js';
import { hubTabs, organisationsOfPartnerships } from '../../partnerships/index.js';
import { tagsOf } from '../../tags/index.js';
import {
  basedOn,
  checkEdit,
  formValues,
  newValues,
  refusedEdit,
  storedValues,
  withBlankRows,
  type EditValues,
  type Naming,
} from '../actions.edit.js';
import { ActionEdit, ActionNew } from '../actions.edit.schema.js';
import { evidenceFilesOf, pruneEvidenceFiles } from '../actions.evidence.js';
import { partnershipFor, updatableAction, type Found } from '../actions.lookup.js';
import { audienceIn, mayPlan, seesMembersOnly } from '../actions.policy.js';
import { actionPath, presentAction } from '../actions.present.js';
import * as q from '../actions.queries.js';
import { ActionParams, PartnershipParams } from '../actions.schema.js';
import { ActionChangeError, changeAction, createAction, latestVersion } from '../actions.service.js';
import { EditPage, type EditChoices } from '../views/EditPage.js';
import { apiWriteOptions, formRouteOptions } from './options.js';

type PlanRoute = { Params: { lang: string; slug: string }; Querystring: { more?: string } };
type ActionRoute = { Params: { lang: string; slug: string; number: number }; Querystring: { more?: string } };

/** Empty rows after each list: one, or three when asked for more. */
const blankRows = (more: unknown) => (more === '1' ? 3 : 1);

/** The partnership of an address, if the actor may add actions to its plan (coordinators, admins); else a 404. */
export async function plannable(ctx: ModuleContext, request: FastifyRequest, slug: string) {
  const found = await partnershipFor(ctx, request, slug);
  if (!found || !mayPlan(found.standing)) throw new HttpError(404);
  return { found, actor: actorOf(request, signedIn) };
}

/** Creating and editing actions: the forms at `…/actions/new` and `…/actions/{number}/edit`, and their API twins. */
export function editRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** What the form offers: the plan's themes, the directory (the partnership's first), the posts the editor sees. */
  async function choicesFor(found: Found, request: FastifyRequest, evidence: readonly number[]): Promise<EditChoices> {
    const locale = request.locale;
    const [themes, directory, own, posts] = await Promise.all([
      q.themesOf(ctx.db, found.id),
      listOrganisations(ctx.db, {}, 1000),
      organisationsOfPartnerships(ctx.db, [found.id]),
      postsFor(found, evidence),
    ]);
    const mine = new Set([...(await findOrganisationsByIds(ctx.db, own)).values()].map((o) => o.slug));
    const option = (o: (typeof directory.items)[number]) => ({
      value: o.slug,
      label: organisationDisplayName(o, locale),
    });
    const byName = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, locale);
    return {
      themes: themes.map((th) => ({ position: th.position, title: th.title })),
      organisations: [
        {
          label: found.partnership.title,
          options: directory.items
            .filter((o) => mine.has(o.slug))
            .map(option)
            .sort(byName),
        },
        {
          label: request.i18n.t('actions.edit.otherOrganisations'),
          options: directory.items
            .filter((o) => !mine.has(o.slug))
            .map(option)
            .sort(byName),
        },
      ],
      posts: posts.map((p) => ({ value: String(p.id), label: p.title })),
      files: [],
    };
  }

  /** The partnership's posts that are out and the editor may see (the newest 100), and those named already. */
  async function postsFor(found: Found, named: readonly number[]) {
    const audience = audienceIn(found.standing, found.id);
    const { items } = await listPostsOut(ctx.db, { partnershipId: found.id, audience }, 100);
    const shown = items.map((p) => ({ id: p.id, title: p.title }));
    const missing = named.filter((id) => !shown.some((p) => p.id === id));
    return [...shown, ...missing.map((id) => ({ id, title: `#${id}` }))];
  }

  /** The action's lists and tags as stored, for the form. */
  async function storedOf(action: q.Action) {
    const [children, links, tags, themes] = await Promise.all([
      q.childrenOf(ctx.db, action.id),
      q.organisationsOfActions(ctx.db, [action.id]),
      tagsOf(ctx.db, 'action', [action.id], action.originalLang),
      q.themesOf(ctx.db, action.partnershipId),
    ]);
    const orgs = await findOrganisationsByIds(
      ctx.db,
      links.map((l) => l.organisationId),
    );
    return {
      ...children,
      themePosition: themes.find((th) => th.id === action.themeId)?.position ?? null,
      tags: (tags.get(action.id) ?? []).map((tag) => tag.label),
      organisations: links.flatMap((l) => {
        const org = orgs.get(l.organisationId);
        return org ? [{ slug: org.slug, role: l.role }] : [];
      }),
    };
  }

  async function sendForm(
    request: FastifyRequest,
    reply: FastifyReply,
    found: Found,
    action: q.Action | null,
    values: EditValues,
    errors: FieldErrors,
    status = 200,
    version?: number,
  ) {
    const evidence = values.deliverables.flatMap((d) =>
      /^[0-9]{1,10}$/.test(d.evidence_post ?? '') ? [Number(d.evidence_post)] : [],
    );
    const choices = await choicesFor(found, request, evidence);
    const files = action ? [...(await evidenceFilesOf(ctx.db, action.id)).values()] : [];
    choices.files = files.map((f) => ({ value: String(f.id), label: f.name }));
    const view = {
      partnership: found.partnership,
      tabs: hubTabs(ctx),
      action: action && {
        number: action.number,
        title: action.title,
        lang: action.originalLang,
        merged: action.status === 'merged',
      },
      values,
      errors,
      choices,
      storedDeliverables: action ? (await q.childrenOf(ctx.db, action.id)).deliverables.length : 0,
      // The version the form is made from, sent back with it (ActionEdit's `version`).
      version: action ? (version ?? (await latestVersion(ctx.db, action.id))) : null,
    };
    return sendPage(reply, EditPage({ page: request.page(), view }), status);
  }

  /** Checks and saves a new action or an edit (one version, one audit entry), or says what is wrong. */
  async function save(
    request: FastifyRequest,
    found: Found,
    action: q.Action | null,
    actorId: number,
    naming: Naming,
    partial: boolean,
  ): Promise<{ ok: true; action: q.Action } | { ok: false; errors: FieldErrors; changedMeanwhile?: number }> {
    const based = basedOn(request.body, naming);
    // A version that is no version: the form's hidden field was tampered with, or the API was sent nonsense.
    if (based === 'invalid') return { ok: false, errors: { version: request.i18n.t('actions.edit.error.version') } };
    const stored = action ? await q.childrenOf(ctx.db, action.id) : null;
    const storedPosts = (stored?.deliverables ?? []).flatMap((d) =>
      d.evidence_post_id === null ? [] : [d.evidence_post_id],
    );
    const posts = await postsFor(found, storedPosts);
    const checked = await checkEdit(
      request.body,
      naming,
      {
        action,
        partial,
        themes: await q.themesOf(ctx.db, found.id),
        organisationId: (slug) => organisationIdBySlug(ctx.db, slug),
        evidencePosts: new Set(posts.map((p) => p.id)),
        evidenceFiles: new Set(action ? (await evidenceFilesOf(ctx.db, action.id)).keys() : []),
        storedDeliverables: (stored?.deliverables ?? []).map((d) => ({ status: d.status, weight: Number(d.weight) })),
        lang: request.locale,
      },
      request.i18n.t,
    );
    if (!checked.ok) return checked;
    const meta = { userId: actorId, at: nowIso(), explanation: checked.explanation, basedOn: based };
    try {
      if (action) {
        const changed = (await changeAction(ctx.db, action.id, checked.change, meta)).action;
        // A file the save no longer names (a row removed, "keep the file" unticked) goes.
        await pruneEvidenceFiles(ctx, action.id);
        return { ok: true, action: changed };
      }
      const { title = '', status = 'planned', ...rest } = checked.change;
      const made = await createAction(
        ctx.db,
        { ...rest, partnershipId: found.id, title, status, lang: checked.lang },
        meta,
      );
      return { ok: true, action: made };
    } catch (error) {
      if (error instanceof ActionChangeError && error.field === 'version' && action) {
        // Someone saved a version since the editor's form was made: theirs is not undone.
        const latest = await latestVersion(ctx.db, action.id);
        const _form = request.i18n.t('actions.edit.error.changedMeanwhile', { version: latest });
        return { ok: false, errors: { _form }, changedMeanwhile: latest };
      }
      if (error instanceof ActionChangeError)
        return { ok: false, errors: refusedEdit(error, naming, request.body, request.i18n.t) };
      throw error;
    }
  }

  /** After a save: the action's page, or its form again with more empty rows. */
  const after = (request: FastifyRequest, found: Found, action: q.Action) => {
    const page = `/${request.locale}${actionPath(found.partnership.slug, action.number)}`;
    const more = (request.body as Record<string, unknown> | undefined)?.more === 'rows';
    return more ? `${page}/edit?more=1` : page;
  };

  app.get<PlanRoute>(
    '/:lang/partnerships/:slug/actions/new',
    formRouteOptions(PartnershipParams),
    async (request, reply) => {
      const { found } = await plannable(ctx, request, request.params.slug);
      return sendForm(
        request,
        reply,
        found,
        null,
        withBlankRows(newValues(request.locale), blankRows(request.query.more) + 1),
        {},
      );
    },
  );

  app.post<PlanRoute>(
    '/:lang/partnerships/:slug/actions/new',
    formRouteOptions(PartnershipParams),
    async (request, reply) => {
      const { found, actor } = await plannable(ctx, request, request.params.slug);
      const done = await save(request, found, null, actor.id, 'form', false);
      if (!done.ok) return sendForm(request, reply, found, null, formValues(request.body), done.errors, 400);
      return reply.redirect(after(request, found, done.action), 303);
    },
  );

  app.get<ActionRoute>(
    '/:lang/partnerships/:slug/actions/:number/edit',
    formRouteOptions(ActionParams),
    async (request, reply) => {
      const { found, action } = await updatableAction(ctx, request, request.params.slug, request.params.number);
      const values = storedValues(action, await storedOf(action));
      return sendForm(request, reply, found, action, withBlankRows(values, blankRows(request.query.more)), {});
    },
  );

  app.post<ActionRoute>(
    '/:lang/partnerships/:slug/actions/:number/edit',
    formRouteOptions(ActionParams),
    async (request, reply) => {
      const { found, action, actor } = await updatableAction(ctx, request, request.params.slug, request.params.number);
      const done = await save(request, found, action, actor.id, 'form', false);
      if (!done.ok) {
        // The form again with what was sent; after a change meanwhile, made from the latest version,
        // so that saving it again (having looked) is taken.
        const sent = basedOn(request.body, 'form');
        const version = done.changedMeanwhile ?? (sent === 'invalid' ? undefined : sent);
        const status = done.changedMeanwhile === undefined ? 400 : 409;
        return sendForm(request, reply, found, action, formValues(request.body), done.errors, status, version);
      }
      return reply.redirect(after(request, found, done.action), 303);
    },
  );

  /** An action as the API answers after a write, to this reader. */
  const json = async (request: FastifyRequest, found: Found, action: q.Action) =>
    presentAction(
      ctx,
      (await q.findActionById(ctx.db, action.id))!,
      request.locale,
      seesMembersOnly(found.standing),
      new Date(),
    );

  app.post<PlanRoute>(
    '/api/v1/partnerships/:slug/actions',
    apiWriteOptions(
      'Adds an action to a partnership’s plan, numbered next (coordinators, administrators; with a token)',
      Type.Omit(PartnershipParams, ['lang']),
      ActionNew,
      201,
    ),
    async (request, reply) => {
      const { found, actor } = await plannable(ctx, request, request.params.slug);
      const done = await save(request, found, null, actor.id, 'api', false);
      if (!done.ok) return sendInvalidFields(request, reply, done.errors);
      return reply
        .code(201)
        .header('Location', `/api/v1${actionPath(found.partnership.slug, done.action.number)}`)
        .send(await json(request, found, done.action));
    },
  );

  for (const method of ['PUT', 'PATCH'] as const) {
    app.route<ActionRoute>({
      method,
      url: '/api/v1/partnerships/:slug/actions/:number',
      ...apiWriteOptions(
        method === 'PUT'
          ? 'Replaces an action’s own fields (title, status, progress mode required) and the lists sent, each ' +
              'whole; lists left out stay (leads’ members, coordinators; with a token)'
          : 'Changes what is sent of an action, each list sent whole; what is left out stays (leads’ members, ' +
              'coordinators; with a token)',
        Type.Omit(ActionParams, ['lang']),
        ActionEdit,
        200,
        [409],
      ),
      handler: async (request, reply) => {
        const { found, action, actor } = await updatableAction(
          ctx,
          request,
          request.params.slug,
          request.params.number,
        );
        const done = await save(request, found, action, actor.id, 'api', method === 'PATCH');
        if (!done.ok && done.changedMeanwhile !== undefined)
          throw new HttpError(409, 'actions.edit.error.changedMeanwhileApi', { version: done.changedMeanwhile });
        if (!done.ok) return sendInvalidFields(request, reply, done.errors);
        return reply.send(await json(request, found, done.action));
      },
    });
  }
}
