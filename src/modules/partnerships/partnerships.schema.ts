import type { Generated } from 'kysely';
import Type from 'typebox';

export interface PartnershipTable {
  id: Generated<number>;
  slug: string;
  /** Language the title and summary were first written in. */
  original_lang: string;
  title: string;
  summary: string;
  /** Year the partnership was launched (the Urban Agenda launched them in waves). */
  launched_year: number;
  created_at: string;
}

/** A title and summary written by a person in another language. */
export interface PartnershipTranslationTable {
  partnership_id: number;
  lang: string;
  title: string;
  summary: string;
}

declare module '../../core/db/types.js' {
  interface Database {
    partnerships: PartnershipTable;
    partnership_translations: PartnershipTranslationTable;
  }
}

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

/** A partnership as a reader sees it, in their language where a translation exists. */
export const PartnershipSummary = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN }),
  title: Type.String(),
  summary: Type.String(),
  lang: Type.String({ description: 'Language of title and summary as given (the reader’s, or the original when untranslated).' }),
  launchedYear: Type.Integer(),
});
export type PartnershipSummary = Type.Static<typeof PartnershipSummary>;

export const PartnershipPage = Type.Object({
  items: Type.Array(PartnershipSummary),
  next: Type.Union([Type.String(), Type.Null()], { description: 'Cursor of the next page, or null on the last.' }),
});
export type PartnershipPage = Type.Static<typeof PartnershipPage>;

export const PartnershipDetail = Type.Object({
  ...PartnershipSummary.properties,
  originalLang: Type.String(),
  languages: Type.Array(Type.String(), { description: 'Languages this partnership’s text is available in.' }),
});
export type PartnershipDetail = Type.Static<typeof PartnershipDetail>;

export const ListQuery = Type.Object({
  after: Type.Optional(Type.String({ maxLength: 100, pattern: '^[0-9]+\\.[0-9]+$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});
export const SlugParams = Type.Object({ lang: Type.Optional(Type.String()), slug: Type.String({ pattern: SLUG_PATTERN, maxLength: 100 }) });
