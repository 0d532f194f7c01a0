import type { Actor } from '../auth/actor.js';
import type { Translator } from '../i18n/translator.js';
import type { HeaderSearch, PersonalHeader } from '../module.js';

/** Everything a view needs about the request it renders for. */
export interface PageContext {
  /** The reader's interface language. */
  locale: string;
  i18n: Translator;
  t: Translator['t'];
  /** The path after `/{lang}` (`/` for the home page), for the language switcher. */
  path: string;
  actor: Actor;
  /** Every interface language, for the switcher. */
  languages: readonly string[];
  /** Header links contributed by modules, in order. */
  navigation: readonly { label: string; path: string }[];
  /** The search box of the header (a module's `headerSearch`: its path and message keys), or none. */
  search?: HeaderSearch | null;
  /** A signed-in reader's own header items (unread notifications, their partnerships), read for this request. */
  header?: PersonalHeader | null;
  /** The URL of a static asset by its source name (`urbis.css` → `/assets/urbis.1a2b3c4d.css`). */
  asset(name: string): string;
  /** A CSRF token for forms on this page (sets the CSRF cookie when needed). */
  csrfToken(): string;
  /** `/{lang}` + path: an address inside the site in the reader's language. */
  href(path: string): string;
}
