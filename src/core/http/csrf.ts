import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { KeptValues } from '../kept-values.js';
import { cookieName, cookieOptions } from './cookies.js';

/**
 * CSRF protection. Signed in, a form's token is the HMAC of the session's id: bound to that
 * session, new at every sign-in, and no other session's or visitor's token passes. For a
 * visitor, a signed double submit: a random secret in an HttpOnly cookie, and in each form
 * the HMAC of that secret. A page from another site can neither read the cookie nor forge
 * the token; a cookie planted from elsewhere is worthless once the person signs in.
 */
export class Csrf {
  readonly cookie: string;
  constructor(private readonly config: Config) {
    this.cookie = cookieName(config, 'urbis_csrf');
  }

  /** Tokens already worked out, by secret (an HMAC per page view cost ~10 µs); a few thousand at most. */
  private readonly signed = new KeptValues<string>(5000);

  /** `s` + a session's id, or `v` + a visitor's cookie secret: the two never sign the same text. */
  private sign(what: string): string {
    return this.signed.get(what, () => createHmac('sha256', this.config.secret).update(what).digest('base64url'));
  }

  /** The token for this request's forms; for a visitor, sets the secret cookie on the reply if it has none. */
  token(request: FastifyRequest, reply: FastifyReply): string {
    if (request.session) return this.sign(`s${request.session.id}`);
    let secret = request.cookies[this.cookie];
    if (!secret || secret.length > 64) {
      secret = randomBytes(24).toString('base64url');
      request.cookies[this.cookie] = secret;
      reply.setCookie(this.cookie, secret, cookieOptions(this.config));
    }
    return this.sign(`v${secret}`);
  }

  /**
   * A new visitor secret from the next form on (at sign-in and sign-out): the old cookie's
   * tokens, which pages of the visitor still hold, are not accepted any more.
   */
  renew(request: FastifyRequest, reply: FastifyReply): void {
    if (request.cookies[this.cookie] === undefined) return;
    delete request.cookies[this.cookie];
    reply.clearCookie(this.cookie, cookieOptions(this.config));
  }

  /** True when the request carries the token of its session, or (a visitor) the one that matches its cookie. */
  verify(request: FastifyRequest): boolean {
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (body && typeof body === 'object' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
    if (typeof sent !== 'string') return false;
    const secret = request.cookies[this.cookie];
    const signed = request.session ? `s${request.session.id}` : secret ? `v${secret}` : null;
    if (!signed) return false;
    const expected = Buffer.from(this.sign(signed));
    const actual = Buffer.from(sent);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
