import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorPage } from '../views/ErrorPage.js';
import { joinPieces } from '../shared/markers.js';
import { renderPage } from '../shared/render.js';
import type { CoreServices } from './core-plugin.js';
import { describeSchemaError } from './forms.js';
import { HttpError } from './http-error.js';
import { malformedMultipart } from './multipart.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, type Problem } from './problem.js';
import { InvalidInput } from './validation.js';

/** Fastify's own error codes, and what to tell the reader about each. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'core.error.tooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'core.error.unsupportedMediaType',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'core.error.badRequest',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'core.error.badJson',
  FST_ERR_CTP_INVALID_JSON_BODY: 'core.error.badJson',
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'core.error.badRequest',
  401: 'core.error.unauthenticated',
  403: 'core.error.forbidden',
  404: 'core.error.notFound',
  405: 'core.error.badRequest',
  413: 'core.error.tooLarge',
  415: 'core.error.unsupportedMediaType',
  429: 'core.error.tooMany',
  500: 'core.error.internal',
  503: 'core.error.unavailable',
};

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/');

interface Described {
  status: number;
  messageKey: string;
  values?: Record<string, string | number>;
  errors?: Problem['errors'];
}

function describe(error: FastifyError | HttpError, request: FastifyRequest): Described {
  if (error instanceof InvalidInput) {
    const detail = request.i18n.t(error.messageKey ?? 'core.error.badRequest', error.values);
    return {
      status: error.statusCode,
      messageKey: error.messageKey ?? 'core.error.badRequest',
      ...(error.values ? { values: error.values } : {}),
      // A path that does not exist is only "not found"; a wrong query or body says where.
      ...(error.statusCode === 400 ? { errors: [{ pointer: error.pointer, detail }] } : {}),
    };
  }
  if (error instanceof HttpError) {
    return {
      status: error.statusCode,
      messageKey: error.messageKey ?? DEFAULT_MESSAGES[error.statusCode] ?? 'core.error.badRequest',
      ...(error.values ? { values: error.values } : {}),
    };
  }
  if (error.validation) {
    // A malformed part of an address (an id out of range, a slug that cannot be one) is "not found".
    if (error.validationContext === 'params') return { status: 404, messageKey: 'core.error.notFound' };
    const context = error.validationContext ?? 'body';
    return {
      status: 400,
      messageKey: 'core.error.invalidFields',
      errors: error.validation.map((v) => ({
        pointer: `/${context}${v.instancePath}`,
        detail: describeSchemaError(v as unknown as Parameters<typeof describeSchemaError>[0], request.i18n.t),
      })),
    };
  }
  if (malformedMultipart(request, error)) return { status: 400, messageKey: 'core.error.badMultipart' };
  const status =
    typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  const messageKey =
    (error.code && FASTIFY_MESSAGES[error.code]) ??
    DEFAULT_MESSAGES[status] ??
    (status < 500 ? 'core.error.badRequest' : 'core.error.internal');
  return { status, messageKey };
}

function send(request: FastifyRequest, reply: FastifyReply, described: Described, offerLanguages = false) {
  const { status, messageKey, values, errors } = described;
  const t = request.i18n.t;
  const detail = t(messageKey, values);
  const statusText = String(status);
  const reference = status >= 500 ? request.id : undefined;
  reply.code(status).header('Cache-Control', 'no-store');
  if (isApi(request)) {
    const problem: Problem = {
      type: PROBLEM_TYPES[status] ?? 'about:blank',
      title: t('core.error.title', { status: statusText }),
      status,
      detail: reference ? `${detail} ${t('core.error.reference', { reference })}` : detail,
      instance: request.url.split('?')[0] ?? request.url,
      ...(errors ? { errors } : {}),
    };
    return reply.type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
  // An error page is sent whole, rendered anew: nothing of a page that was being put together goes with it.
  const page = ErrorPage({ page: request.page(), status, detail, ...(reference ? { reference } : {}), offerLanguages });
  return reply.type('text/html; charset=utf-8').send(joinPieces(renderPage(page)));
}

/**
 * Every error ends here: an error page in the reader's language (HTML) or an RFC 9457
 * problem (API). A 500 is logged with the request id, which the page quotes as reference;
 * nothing of the error itself reaches the reader.
 */
export function registerErrorHandlers(app: FastifyInstance, core: CoreServices): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const described = describe(error, request);
    if (described.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status: described.status, code: (error as FastifyError).code }, error.message);
    return send(
      request,
      reply,
      described,
      error instanceof HttpError && error.messageKey === 'core.error.unknownLanguage',
    );
  });

  app.setNotFoundHandler({ preHandler: undefined }, (request, reply) => {
    const first = request.url.split(/[/?#]/)[1] ?? '';
    // `/xx/…` where xx looks like a language code we do not offer: point to the real ones.
    const unknownLanguage =
      /^[a-z]{2,3}(-[a-z0-9]+)?$/i.test(first) && !core.languages.includes(first) && first !== 'api';
    return send(
      request,
      reply,
      { status: 404, messageKey: unknownLanguage ? 'core.error.unknownLanguage' : 'core.error.notFound' },
      unknownLanguage,
    );
  });
}
