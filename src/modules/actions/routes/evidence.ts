import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { anyone, signedIn } from '../../../core/auth/policy.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { uploadsIn } from '../../../core/http/multipart.js';
import { problemResponses } from '../../../core/http/problem.js';
import { Id, pathId } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import { sendDownload } from '../../../core/uploads/attachments.js';
import { downloadRouteOptions, sendRefusedUpload, uploadRouteOptions } from '../../../core/uploads/routes.js';
import { hubTabs } from '../../partnerships/index.js';
import { EDIT_LIMITS } from '../actions.edit.js';
import {
  evidenceFilePath,
  evidenceFilesOf,
  findEvidenceFile,
  receiveEvidence,
  removeEvidence,
} from '../actions.evidence.js';
import { readableAction, updatableAction } from '../actions.lookup.js';
import { seesMembersOnly } from '../actions.policy.js';
import { actionPath, presentAction } from '../actions.present.js';
import * as q from '../actions.queries.js';
import { ActionDetail, ActionParams } from '../actions.schema.js';
import { EvidencePage } from '../views/EvidencePage.js';

type DeliverableRoute = { Params: { lang?: string; slug: string; number: number; index: string } };
type FileRoute = { Params: { lang?: string; slug: string; number: number; id: string; filename?: string } };
type Got = Awaited<ReturnType<typeof updatableAction>>;

const DeliverableParams = Type.Object({
  ...ActionParams.properties,
  index: Type.String({ maxLength: 12, description: 'The deliverable’s place in the action’s list: 0, 1 …' }),
});
const ApiDeliverableParams = Type.Omit(DeliverableParams, ['lang']);
const FileParams = Type.Object({ ...ActionParams.properties, id: Id({ description: 'The file' }) });
const FileNameParams = Type.Object({
  ...FileParams.properties,
  filename: Type.String({ pattern: '^[A-Za-z0-9._-]{1,120}$' }),
});

/** The multipart body of the API's upload, as documented (the route checks the file itself). */
const EvidenceUpload = Type.Object({
  file: Type.Optional(
    Type.Unsafe<unknown>({
      contentMediaType: 'application/octet-stream',
      description:
        'The file: a PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV file, or an image (PNG, JPEG, GIF, ' +
        'WebP). It replaces the deliverable’s evidence (a link, a post or a file).',
    }),
  ),
  explanation: Type.Optional(Type.String({ maxLength: EDIT_LIMITS.explanation, description: 'Kept on the version.' })),
});

/** A route that takes a file. */
const withUploads = <O extends { config: object }>(options: O) => ({
  ...options,
  config: { ...options.config, uploads: true },
});

/** The deliverable an address names (its place, 0, 1 …), of an action the actor may update; else a 404. */
async function deliverableOf(ctx: ModuleContext, request: FastifyRequest<DeliverableRoute>) {
  const got = await updatableAction(ctx, request, request.params.slug, request.params.number);
  const index = /^[0-9]{1,3}$/.test(request.params.index) ? Number(request.params.index) : -1;
  const { deliverables } = await q.childrenOf(ctx.db, got.action.id);
  const deliverable = deliverables[index];
  if (!deliverable) throw new HttpError(404);
  return { ...got, index, deliverable };
}

/**
 * A deliverable's evidence as a file: the page that attaches, replaces or removes it (whoever may
 * edit the action, `mayUpdate`), its API twin, and the download for whoever may see the action (a
 * 404 for everyone else, as for a missing file).
 */
export function evidenceRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  async function sendEvidencePage(
    request: FastifyRequest,
    reply: FastifyReply,
    got: Got & { index: number; deliverable: q.DeliverableRow },
    form: { explanation: string; errors: FieldErrors },
    status = 200,
  ) {
    const { found, action, deliverable } = got;
    const file =
      deliverable.evidence_file_id === null
        ? null
        : await findEvidenceFile(ctx.db, action.id, deliverable.evidence_file_id);
    const view = {
      partnership: found.partnership,
      tabs: hubTabs(ctx),
      action: { number: action.number, title: action.title, lang: action.originalLang },
      index: got.index,
      deliverable: deliverable.title,
      file: file && {
        name: file.name,
        type: file.media_type,
        size: Number(file.size),
        path: evidenceFilePath(found.partnership.slug, action.number, { ...file, type: file.media_type }),
      },
      otherEvidence: deliverable.evidence_url !== null || deliverable.evidence_post_id !== null,
      maxBytes: ctx.config.uploadMaxBytes,
      ...form,
    };
    return sendPage(reply, EvidencePage({ page: request.page(), view }), status);
  }

  const receive = (request: FastifyRequest, got: Got & { index: number }) =>
    receiveEvidence(
      ctx,
      request.i18n,
      got.action,
      got.index,
      uploadsIn(request.body, 'file'),
      request.body,
      got.actor.id,
    );

  const explanationOf = (body: unknown) => {
    const raw = body && typeof body === 'object' ? (body as Record<string, unknown>).explanation : undefined;
    return typeof raw === 'string' ? raw.slice(0, EDIT_LIMITS.explanation + 1) : '';
  };

  const pageOf = (request: FastifyRequest, got: Got) =>
    `/${request.locale}${actionPath(got.found.partnership.slug, got.action.number)}`;

  const formOptions = { config: { policy: signedIn }, schema: { hide: true, params: DeliverableParams } };

  app.get<DeliverableRoute>(
    '/:lang/partnerships/:slug/actions/:number/deliverables/:index/evidence',
    formOptions,
    async (request, reply) =>
      sendEvidencePage(request, reply, await deliverableOf(ctx, request), { explanation: '', errors: {} }),
  );

  app.post<DeliverableRoute>(
    '/:lang/partnerships/:slug/actions/:number/deliverables/:index/evidence',
    withUploads(formOptions),
    async (request, reply) => {
      const got = await deliverableOf(ctx, request);
      const received = await receive(request, got);
      if (!received.ok && 'gone' in received) throw new HttpError(404);
      if (!received.ok)
        return sendEvidencePage(
          request,
          reply,
          got,
          { explanation: explanationOf(request.body), errors: received.errors },
          received.status,
        );
      return reply.redirect(`${pageOf(request, got)}#action-deliverables`, 303);
    },
  );

  app.post<DeliverableRoute>(
    '/:lang/partnerships/:slug/actions/:number/deliverables/:index/evidence/delete',
    formOptions,
    async (request, reply) => {
      const got = await deliverableOf(ctx, request);
      if (!(await removeEvidence(ctx, got.action, got.index, got.actor.id))) throw new HttpError(404);
      return reply.redirect(`${pageOf(request, got)}#action-deliverables`, 303);
    },
  );

  /** An action as the API answers after a write, to this reader. */
  const json = async (got: Got, request: FastifyRequest) =>
    presentAction(
      ctx,
      (await q.findActionById(ctx.db, got.action.id))!,
      request.locale,
      seesMembersOnly(got.found.standing),
      new Date(),
    );

  app.post<DeliverableRoute>(
    '/api/v1/partnerships/:slug/actions/:number/deliverables/:index/evidence',
    uploadRouteOptions({
      summary:
        'Attaches a file as a deliverable’s evidence, replacing its link, post or file (multipart/form-data; ' +
        'whoever may edit the action, with a personal access token); answers the action',
      tag: 'actions',
      params: ApiDeliverableParams,
      body: EvidenceUpload,
      created: ActionDetail,
      bearer: true,
    }),
    async (request, reply) => {
      const got = await deliverableOf(ctx, request);
      const received = await receive(request, got);
      if (!received.ok && 'gone' in received) throw new HttpError(404);
      if (!received.ok) return sendRefusedUpload(request, reply, received);
      const location = `/api/v1${evidenceFilePath(got.found.partnership.slug, got.action.number, {
        ...received.file,
        type: received.file.media_type,
      }).replace(/\/[^/]+$/, '')}`;
      return reply
        .code(201)
        .header('Location', location)
        .send(await json(got, request));
    },
  );

  app.delete<DeliverableRoute>(
    '/api/v1/partnerships/:slug/actions/:number/deliverables/:index/evidence',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Removes the file given as a deliverable’s evidence (whoever may edit the action; with a token)',
        tags: ['actions'],
        security: [{ bearerAuth: [] }],
        params: ApiDeliverableParams,
        response: { 200: ActionDetail, ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const got = await deliverableOf(ctx, request);
      if (!(await removeEvidence(ctx, got.action, got.index, got.actor.id))) throw new HttpError(404);
      return reply.send(await json(got, request));
    },
  );

  /** The file, to whoever may see its action; a 404 for everyone else, as for a missing one. */
  const download = async (request: FastifyRequest<FileRoute>, reply: FastifyReply) => {
    const got = await readableAction(ctx, request, request.params.slug, request.params.number);
    if (!got) throw new HttpError(404);
    const file = (await evidenceFilesOf(ctx.db, got.action.id)).get(pathId(request.params.id)) ?? null;
    await sendDownload(ctx, request, reply, file, request.params.filename, !got.action.membersOnly);
    return reply;
  };

  app.get<FileRoute>(
    '/:lang/partnerships/:slug/actions/:number/attachments/:id/:filename',
    { config: { policy: anyone }, schema: { hide: true, params: FileNameParams } },
    download,
  );

  app.get<FileRoute>(
    '/api/v1/partnerships/:slug/actions/:number/attachments/:id',
    downloadRouteOptions({
      summary: 'Downloads a file given as a deliverable’s evidence (for members-only actions, with a token)',
      tag: 'actions',
      params: Type.Omit(FileParams, ['lang']),
    }),
    download,
  );
}
