/**
 * An error that becomes an error page (HTML) or a problem document (API). `messageKey`
 * names the explanation in the catalogs; the status decides the title.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly messageKey?: string,
    readonly values?: Record<string, string | number>,
  ) {
    super(messageKey ?? `HTTP ${statusCode}`);
    this.name = 'HttpError';
  }
}

export const notFound = () => new HttpError(404);
export const forbidden = () => new HttpError(403);
