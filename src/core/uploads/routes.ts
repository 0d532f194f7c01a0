import type { FastifyReply, FastifyRequest } from 'fastify';
import Type, { type TSchema } from 'typebox';
import { anyone, signedIn } from '../auth/policy.js';
import type { FieldErrors } from '../http/forms.js';
import { sendInvalidFields } from '../http/handlers.js';
import { HttpError } from '../http/http-error.js';
import { problemResponses } from '../http/problem.js';

// The API routes of files attached to something (core/uploads/attachments.ts): their options in
// the API's document, and the answer to a refused upload.

/** The options of an API route that sends a file (`sendDownload`) to whoever may see what it is attached to. */
export const downloadRouteOptions = ({ summary, tag, params }: { summary: string; tag: string; params: TSchema }) => ({
  config: { policy: anyone },
  schema: {
    summary,
    tags: [tag],
    params,
    response: {
      200: {
        description: 'The file, as an attachment, of the media type found from its content.',
        content: { '*/*': { schema: Type.String({ format: 'binary' }) } },
      },
      304: { description: 'Not modified: the `ETag` sent in `If-None-Match` is still the file’s.' },
      ...problemResponses(400, 401, 404, 429),
    },
  },
});

/**
 * The options of an API route that adds a file (a multipart body, documented by `body`; the route
 * checks it itself), answering `created` with 201; `bearer` when the document names the token.
 */
export const uploadRouteOptions = ({
  summary,
  tag,
  params,
  body,
  created,
  bearer = false,
}: {
  summary: string;
  tag: string;
  params: TSchema;
  body: TSchema;
  created: TSchema;
  bearer?: boolean;
}) => ({
  config: { policy: signedIn, uploads: true },
  schema: {
    summary,
    tags: [tag],
    consumes: ['multipart/form-data'],
    ...(bearer ? { security: [{ bearerAuth: [] }] } : {}),
    params,
    body,
    response: { 201: created, ...problemResponses(400, 401, 403, 404, 413, 415, 429, 503) },
  },
});

/** Answers an API upload that was refused: a 503 when the file could not be saved, else a 400 naming each field. */
export function sendRefusedUpload(
  request: FastifyRequest,
  reply: FastifyReply,
  refused: { errors: FieldErrors; status: 400 | 503 },
): FastifyReply {
  if (refused.status === 503) throw new HttpError(503);
  return sendInvalidFields(request, reply, refused.errors);
}
