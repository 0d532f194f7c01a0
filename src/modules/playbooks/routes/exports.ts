import { rm } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../../core/auth/policy.js';
import { echoFields, type FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { uploadsIn } from '../../../core/http/multipart.js';
import { problemResponses } from '../../../core/http/problem.js';
import { pageRoute } from '../../../core/http/routes.js';
import type { ModuleContext } from '../../../core/module.js';
import { contentDisposition } from '../../../core/uploads/names.js';
import { sendStoredFile } from '../../../core/uploads/store.js';
import { checkBranding, checkLogoData, checkUploadedLogo, type AcceptedLogo } from '../exports.check.js';
import { exportJson, exportPath, FILE_NAMES, presentExport } from '../exports.present.js';
import { exportsOf, findExport, type ExportRow } from '../exports.queries.js';
import { requestExport, storeOf } from '../exports.service.js';
import { visiblePlaybook, type FoundPlaybook } from '../playbooks.lookup.js';
import { mayExport, maySeeExport } from '../playbooks.policy.js';
import { playbookPath } from '../playbooks.queries.js';
import {
  EXPORT_LIMITS,
  ExportBody,
  ExportJson,
  ExportList,
  ExportParams,
  PlaybookParams,
} from '../playbooks.schema.js';
import { ExportPage } from '../views/ExportPage.js';
import { DEFAULT_COLOURS, ExportsPage, type ExportFormValues } from '../views/ExportsPage.js';

type SlugRoute = { Params: { lang: string; slug: string } };
type ExportRoute = { Params: { lang: string; slug: string; id: number } };

type StoredPart = { key: string | null; size: number | null; sha256: string | null };

const ECHO = { name: EXPORT_LIMITS.name, primary: 20, onPrimary: 20, accent: 20, lang: 10 } as const;

/** The playbook's names for the export pages' headings and links. */
const playbookOf = ({ playbook }: FoundPlaybook) => ({
  slug: playbook.slug,
  title: playbook.shown.title,
  lang: playbook.shown.lang,
  path: playbookPath(playbook.slug),
});

/** A file's name for the download: the playbook's slug and the city's name, in letters any system takes. */
function downloadName(slug: string, city: string, extension: string): string {
  const place = city
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug}${place ? `-${place}` : ''}.${extension}`;
}

/**
 * White-label exports of a playbook: the form and the reader's own exports (anyone signed in who sees
 * the playbook), asking for one (multipart form with the logo; JSON with the logo in base64), an
 * export's state and its two files (the requester and administrators; a 404 for everyone else).
 */
export function exportRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  /** The playbook of an address, if the reader may export it; else a 404. */
  async function exportable(request: FastifyRequest, slug: string) {
    const found = await visiblePlaybook(ctx, request.actor, slug, request.locale);
    if (!found || !mayExport(found.standing, found.playbook)) throw new HttpError(404);
    return { ...found, actor: actorOf(request, signedIn) };
  }

  /** An export of the playbook of an address, if the reader may see both; else null (a 404). */
  async function exportOf(request: FastifyRequest, slug: string, id: number) {
    const found = await visiblePlaybook(ctx, request.actor, slug, request.locale);
    if (!found || !mayExport(found.standing, found.playbook)) return null;
    const row = await findExport(ctx.db, id);
    if (!row || row.playbook_id !== found.playbook.id) return null;
    if (!maySeeExport(found.standing, { requesterId: row.requester_id })) return null;
    return { found, row };
  }

  async function sendExportsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    found: FoundPlaybook & { actor: { id: number } },
    values: ExportFormValues,
    errors: FieldErrors,
    status: number,
    limitReached = false,
  ) {
    const rows = await exportsOf(ctx.db, found.actor.id, found.playbook.id);
    const view = {
      playbook: playbookOf(found),
      values,
      errors,
      limitReached,
      exports: rows.map((r) => presentExport(r, found.playbook.slug)),
    };
    return sendPage(reply, ExportsPage({ page: request.page(), view }), status);
  }

  pageRoute(app, {
    path: '/playbooks/:slug/exports',
    policy: signedIn,
    summary: 'The reader’s own white-label exports of a playbook, newest first',
    tag: 'playbooks',
    params: PlaybookParams,
    response: ExportList,
    load: async ({ params, request, actor }) => {
      const found = await visiblePlaybook(ctx, actor, params.slug, request.locale);
      if (!found || !mayExport(found.standing, found.playbook)) return null;
      const items = (await exportsOf(ctx.db, actor.id, found.playbook.id)).map((r) =>
        presentExport(r, found.playbook.slug),
      );
      return { items: items.map(exportJson), shown: items, playbook: playbookOf(found) };
    },
    render: (data, page) =>
      ExportsPage({
        page,
        view: {
          playbook: data.playbook,
          values: { name: '', ...DEFAULT_COLOURS, lang: page.locale },
          errors: {},
          limitReached: false,
          exports: data.shown,
        },
      }),
  });

  pageRoute(app, {
    path: '/playbooks/:slug/exports/:id',
    policy: signedIn,
    summary: 'One white-label export: its state and progress, until when it is kept, and its files once ready',
    tag: 'playbooks',
    params: ExportParams,
    response: ExportJson,
    load: async ({ params, request }) => {
      const found = await exportOf(request, params.slug, params.id);
      if (!found) return null;
      const item = presentExport(found.row, found.found.playbook.slug);
      return { ...exportJson(item), item, playbook: playbookOf(found.found) };
    },
    render: (data, page) => ExportPage({ page, view: { playbook: data.playbook, item: data.item } }),
  });

  app.post<SlugRoute>(
    '/:lang/playbooks/:slug/exports',
    { config: { policy: signedIn, uploads: true }, schema: { hide: true, params: PlaybookParams } },
    async (request, reply) => {
      const found = await exportable(request, request.params.slug);
      const branding = checkBranding(request.body, request.i18n, ctx.languages);
      const logo = await checkUploadedLogo(uploadsIn(request.body, 'logo'), request.i18n.t);
      if (!logo.ok && logo.unsaved) throw new HttpError(503);
      const errors: FieldErrors = {
        ...(branding.ok ? {} : branding.errors),
        ...(logo.ok ? {} : { logo: logo.message }),
      };
      const values = echoFields(request.body, ECHO);
      if (!branding.ok || !logo.ok) return sendExportsPage(request, reply, found, values, errors, 400);
      const made = await requestExport(ctx, {
        playbookId: found.playbook.id,
        requesterId: found.actor.id,
        branding: branding.value,
        logo: logo.logo,
      });
      if (!made.ok) return sendExportsPage(request, reply, found, values, {}, 429, true);
      return reply.redirect(`/${request.locale}${exportPath(found.playbook.slug, made.id)}`, 303);
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/api/v1/playbooks/:slug/exports',
    {
      config: { policy: signedIn },
      attachValidation: true,
      schema: {
        summary:
          'Asks for a white-label export of a playbook (anyone signed in who sees it; at most 10 an hour): 202, ' +
          'with `Location`, the export to read its progress from',
        tags: ['playbooks'],
        security: [{ bearerAuth: [] }],
        params: Type.Omit(PlaybookParams, ['lang']),
        body: ExportBody,
        response: { 202: ExportJson, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const found = await exportable(request, request.params.slug);
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const branding = checkBranding(body, request.i18n, ctx.languages);
      const errors: FieldErrors = branding.ok ? {} : { ...branding.errors };
      let logo: AcceptedLogo | null = null;
      let temporary: string | undefined;
      if (body.logo !== undefined) {
        const data =
          body.logo && typeof body.logo === 'object' ? (body.logo as Record<string, unknown>).data : undefined;
        const checked = await checkLogoData(data, ctx.config.uploadsDir, request.i18n.t);
        temporary = checked.temporary;
        if (checked.ok) logo = checked.logo;
        else errors[data === undefined ? 'logo' : 'logo/data'] = checked.message;
      }
      try {
        if (!branding.ok || Object.keys(errors).length > 0) return sendInvalidFields(request, reply, errors);
        const made = await requestExport(ctx, {
          playbookId: found.playbook.id,
          requesterId: found.actor.id,
          branding: branding.value,
          logo,
        });
        if (!made.ok) throw new HttpError(429, 'playbooks.exports.error.tooMany', { limit: EXPORT_LIMITS.perHour });
        const item = presentExport((await findExport(ctx.db, made.id))!, found.playbook.slug);
        return reply.code(202).header('Location', `/api/v1${item.path}`).send(exportJson(item));
      } finally {
        // Kept (moved into the store) or not: nothing of it stays in the temporary folder.
        if (temporary) await rm(temporary, { force: true });
      }
    },
  );

  // The two files of a ready export, on the site (a session) and on the API (a session or a token).
  const files: { name: string; type: string; extension: string; of: (r: ExportRow) => StoredPart }[] = [
    {
      name: FILE_NAMES.site,
      type: 'application/zip',
      extension: 'zip',
      of: (r) => ({ key: r.site_key, size: r.site_size, sha256: r.site_sha256 }),
    },
    {
      name: FILE_NAMES.pdf,
      type: 'application/pdf',
      extension: 'pdf',
      of: (r) => ({ key: r.pdf_key, size: r.pdf_size, sha256: r.pdf_sha256 }),
    },
  ];
  for (const file of files) {
    const send = async (request: FastifyRequest<ExportRoute>, reply: FastifyReply) => {
      const found = await exportOf(request, request.params.slug, request.params.id);
      const { key, size, sha256 } = found ? file.of(found.row) : { key: null, size: null, sha256: null };
      if (!found || found.row.state !== 'ready' || !key || size === null || !sha256) throw new HttpError(404);
      const sent = await sendStoredFile(request, reply, storeOf(ctx), {
        key,
        size,
        sha256,
        type: file.type,
        disposition: contentDisposition(downloadName(found.found.playbook.slug, found.row.name, file.extension)),
        cacheControl: 'private, no-cache',
      });
      if (!sent) throw new HttpError(404);
      return reply;
    };
    app.get<ExportRoute>(
      `/:lang/playbooks/:slug/exports/:id/${file.name}`,
      { config: { policy: signedIn }, schema: { hide: true, params: ExportParams } },
      send,
    );
    app.get<ExportRoute>(
      `/api/v1/playbooks/:slug/exports/:id/${file.name}`,
      {
        config: { policy: signedIn },
        schema: {
          summary: `A ready export’s ${file.extension === 'zip' ? 'website (a zip)' : 'PDF'} (its requester, admins)`,
          tags: ['playbooks'],
          security: [{ bearerAuth: [] }],
          params: Type.Omit(ExportParams, ['lang']),
          response: {
            200: {
              description: `The file, as ${file.type}, to save (\`Content-Disposition: attachment\`).`,
              content: { [file.type]: { schema: Type.String({ format: 'binary' }) } },
            },
            304: { description: 'Not modified: the `ETag` sent in `If-None-Match` is still the file’s.' },
            ...problemResponses(400, 401, 404, 429),
          },
        },
      },
      send,
    );
  }
}
