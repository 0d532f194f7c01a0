// Test support for the accounts module's tests: a browser that keeps cookies and form tokens. Other modules' tests
// take from here what they need of the accounts module's inside (a test token).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/core/db/types.js';

export { createAccessToken } from '../../src/modules/accounts/access-tokens.js';

export const STRONG_PASSWORD = 'a walk along the Vltava at dusk';

/** A browser: keeps cookies (later Set-Cookie replace or delete earlier ones) and the last form token. */
export class Browser {
  private readonly cookies = new Map<string, string>();
  private token: string | undefined;

  constructor(
    readonly app: FastifyInstance,
    private readonly options: { remoteAddress?: string; userAgent?: string } = {},
  ) {}

  private take(response: LightMyRequestResponse): LightMyRequestResponse {
    const raw = response.headers['set-cookie'];
    for (const line of Array.isArray(raw) ? raw : raw ? [String(raw)] : []) {
      const [pair = '', ...attributes] = String(line).split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
      // Signing in or out: form tokens are bound to the session, so the pages held so far are stale.
      if (/urbis_session$/.test(name)) this.token = undefined;
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.token = token;
    return response;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Sets a cookie as another browser (or an attacker) might have it. */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  /** The Cookie header this browser sends. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private headers(extra: Record<string, string> = {}) {
    return {
      cookie: this.header(),
      ...(this.options.userAgent ? { 'user-agent': this.options.userAgent } : {}),
      ...extra,
    };
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.take(
      await this.app.inject({
        url,
        headers: this.headers(headers),
        ...(this.options.remoteAddress ? { remoteAddress: this.options.remoteAddress } : {}),
      }),
    );
  }

  /** Posts a form with the token of the last page that had one (opening `from` first, if given). */
  async post(url: string, fields: Record<string, string>, from?: string): Promise<LightMyRequestResponse> {
    if (from || !this.token) await this.get(from ?? '/en/');
    return this.take(
      await this.app.inject({
        method: 'POST',
        url,
        headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
        payload: new URLSearchParams({ _csrf: this.token ?? '', ...fields }).toString(),
        ...(this.options.remoteAddress ? { remoteAddress: this.options.remoteAddress } : {}),
      }),
    );
  }

  async signIn(email: string, password: string, lang = 'en'): Promise<LightMyRequestResponse> {
    return this.post(`/${lang}/sign-in`, { email, password }, `/${lang}/sign-in`);
  }

  async register(fields: Record<string, string>, lang = 'en'): Promise<LightMyRequestResponse> {
    return this.post(`/${lang}/register`, fields, `/${lang}/register`);
  }
}

/** A complete, valid registration form; `changes` replace fields (undefined removes one). */
export function registration(changes: Record<string, string | undefined> = {}): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    displayName: 'Jana Nováková',
    email: 'jana@example.eu',
    handle: 'jana',
    password: STRONG_PASSWORD,
    terms: 'accepted',
    ...changes,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
}

/** The text of a field's error message in a rendered form. */
export function fieldError(html: string, field: string): string | undefined {
  return new RegExp(`<p class="field__error" id="field-${field}-error">([^<]*)</p>`).exec(html)?.[1];
}

/** The value attribute of an input, as written in the HTML. */
export function inputValue(html: string, field: string): string | undefined {
  return new RegExp(`<input[^>]*\\bname="${field}"[^>]*>`).exec(html)?.[0].match(/\bvalue="([^"]*)"/)?.[1];
}

export async function countRows(db: Kysely<Database>, table: keyof Database & string): Promise<number> {
  return Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n);
}

/** The path of a link on this site (`http://host/en/confirm/x` → `/en/confirm/x`). */
export const pathOf = (link: string) => new URL(link).pathname;
