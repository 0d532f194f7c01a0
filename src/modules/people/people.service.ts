import type { Kysely } from 'kysely';
import { markForIndex } from '../../core/search/search-index.js';
import type { Database } from '../../core/db/types.js';
import type { FieldErrors } from '../../core/http/forms.js';
import { cleanLine } from '../../core/http/validation.js';
import type { Translator } from '../../core/i18n/translator.js';
import { findUserByHandle, updateAccountBasics } from '../accounts/index.js';
import {
  claimStatusesOf,
  findOrganisationsByIds,
  organisationIdBySlug,
  syncClaims,
  type ClaimStatus,
  type Organisation,
} from '../organisations/index.js';
import { isLanguageCode } from './people.languages.js';
import {
  deleteProfile,
  findProfile,
  listAffiliations,
  replaceAffiliations,
  upsertProfile,
  type StoredAffiliation,
} from './people.queries.js';
import { AFFILIATIONS_MAX, BIO_MAX, DISPLAY_NAME_MAX, LANGUAGES_MAX, ROLE_TITLE_MAX } from './people.schema.js';

/** A handle as accounts make them; anything else cannot be a profile. */
const HANDLE = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

/** One organisation on a profile, with what a page needs to name and link it. */
export interface ProfileOrganisation extends Pick<Organisation, 'slug' | 'name' | 'kind' | 'country'> {
  roleTitle: string | null;
  /** Whether the organisation's side confirmed the affiliation (organisations' claims). */
  claim: ClaimStatus;
}

export interface ProfileView {
  handle: string;
  displayName: string;
  bio: string;
  languages: string[];
  organisations: ProfileOrganisation[];
  updatedAt: string | null;
}

/**
 * A person's public profile; null for an unknown handle (a deleted account has none). Others see
 * the organisations whose affiliation is confirmed; the person (`viewerId`) sees their own
 * pending and refused claims too, marked as such.
 */
export async function loadProfile(
  db: Kysely<Database>,
  handle: string,
  viewerId: number | null = null,
): Promise<ProfileView | null> {
  if (!HANDLE.test(handle)) return null;
  const user = await findUserByHandle(db, handle);
  if (!user) return null;
  const [profile, affiliations] = await Promise.all([findProfile(db, user.id), listAffiliations(db, user.id)]);
  const organisations = await withOrganisations(db, user.id, affiliations);
  return {
    handle: user.handle,
    displayName: user.displayName,
    bio: profile?.bio ?? '',
    languages: profile?.languages ?? [],
    organisations: viewerId === user.id ? organisations : organisations.filter((o) => o.claim === 'confirmed'),
    updatedAt: profile?.updatedAt ?? null,
  };
}

async function withOrganisations(
  db: Kysely<Database>,
  userId: number,
  affiliations: readonly StoredAffiliation[],
): Promise<ProfileOrganisation[]> {
  const [found, claims] = await Promise.all([
    findOrganisationsByIds(
      db,
      affiliations.map((a) => a.organisationId),
    ),
    claimStatusesOf({ db }, userId),
  ]);
  return affiliations.flatMap((a) => {
    const org = found.get(a.organisationId);
    return org
      ? [
          {
            slug: org.slug,
            name: org.name,
            kind: org.kind,
            country: org.country,
            roleTitle: a.roleTitle,
            claim: claims.get(a.organisationId) ?? 'pending',
          },
        ]
      : [];
  });
}

/** One organisation row of the settings form, as typed. */
export interface AffiliationRow {
  organisation: string;
  roleTitle: string;
  remove: boolean;
  /** As stored (not from the form): whether the organisation's side confirmed it. */
  claim?: ClaimStatus;
}

/** The settings form as typed (or as stored, for a fresh form). */
export interface ProfileFormValues {
  displayName: string;
  /** An interface language, or '' for "as my browser says". */
  locale: string;
  /** Codes ticked in the list of EU languages. */
  languages: string[];
  /** Other languages' codes, as typed: "uk, tr". */
  otherLanguages: string;
  bio: string;
  affiliations: AffiliationRow[];
  newOrganisation: string;
  newRoleTitle: string;
}

/** The form for someone's own profile, filled in with what is stored. */
export async function profileFormValues(
  db: Kysely<Database>,
  user: { id: number; displayName: string; locale: string | null },
  listed: readonly string[],
): Promise<ProfileFormValues> {
  const [profile, affiliations] = await Promise.all([
    findProfile(db, user.id),
    listAffiliations(db, user.id).then((list) => withOrganisations(db, user.id, list)),
  ]);
  const languages = profile?.languages ?? [];
  return {
    displayName: user.displayName,
    locale: user.locale ?? '',
    languages: languages.filter((code) => listed.includes(code)),
    otherLanguages: languages.filter((code) => !listed.includes(code)).join(', '),
    bio: profile?.bio ?? '',
    affiliations: affiliations.map((a) => ({
      organisation: a.slug,
      roleTitle: a.roleTitle ?? '',
      remove: false,
      claim: a.claim,
    })),
    newOrganisation: '',
    newRoleTitle: '',
  };
}

// Control characters have no place in a name (and PostgreSQL refuses NUL in text), nor have
// bidirectional controls and zero-width characters (`cleanLine`: a name that looks like another's).
const singleLine = (value: string) =>
  cleanLine(value)
    .replace(/\p{Cc}/gu, '')
    .trim();
// A bio keeps its line breaks, written as browsers send them or not.
const multiline = (value: string) =>
  value
    .replace(/\r\n?/g, '\n')
    .replace(/(?![\n\t])\p{Cc}/gu, '')
    .trim();

/**
 * The submitted form, read field by field: unknown fields are ignored (mass assignment),
 * and each text is bounded so that a huge value is refused, not echoed whole.
 */
export function readProfileForm(body: unknown): ProfileFormValues {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const text = (key: string, max: number) => {
    const raw = source[key];
    return typeof raw === 'string' ? raw.slice(0, max * 4) : '';
  };
  const list = (key: string) => {
    const raw = source[key];
    return (Array.isArray(raw) ? raw : [raw])
      .filter((v): v is string => typeof v === 'string')
      .slice(0, LANGUAGES_MAX * 2)
      .map((v) => v.slice(0, 20));
  };
  const affiliations: AffiliationRow[] = [];
  for (let i = 0; i < AFFILIATIONS_MAX && typeof source[`organisation-${i}`] === 'string'; i++) {
    affiliations.push({
      organisation: singleLine(text(`organisation-${i}`, 100)),
      roleTitle: singleLine(text(`roleTitle-${i}`, ROLE_TITLE_MAX)),
      remove: source[`remove-${i}`] !== undefined,
    });
  }
  return {
    displayName: singleLine(text('displayName', DISPLAY_NAME_MAX)),
    locale: singleLine(text('locale', 10)),
    languages: [...new Set(list('languages'))],
    otherLanguages: singleLine(text('otherLanguages', 200)),
    bio: multiline(text('bio', BIO_MAX)),
    affiliations,
    newOrganisation: singleLine(text('newOrganisation', 100)),
    newRoleTitle: singleLine(text('newRoleTitle', ROLE_TITLE_MAX)),
  };
}

export interface CheckedProfile {
  displayName: string;
  locale: string | null;
  languages: string[];
  bio: string;
  affiliations: StoredAffiliation[];
}

/** Checks every field; `errors` names each wrong one with a message in the reader's language. */
export async function checkProfileForm(
  db: Kysely<Database>,
  values: ProfileFormValues,
  interfaceLanguages: readonly string[],
  t: Translator['t'],
): Promise<{ ok: true; value: CheckedProfile } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const tooLong = (limit: number) => t('core.field.tooLong', { limit });

  if (!values.displayName) errors.displayName = t('core.field.required');
  else if (values.displayName.length > DISPLAY_NAME_MAX) errors.displayName = tooLong(DISPLAY_NAME_MAX);
  if (values.locale && !interfaceLanguages.includes(values.locale)) errors.locale = t('core.field.choose');
  if (values.bio.length > BIO_MAX) errors.bio = tooLong(BIO_MAX);

  if (!values.languages.every(isLanguageCode)) errors.languages = t('core.field.choose');
  const others = values.otherLanguages
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter(Boolean);
  const unknown = others.find((code) => !isLanguageCode(code));
  if (unknown) errors.otherLanguages = t('people.problem.languageCode', { code: unknown.slice(0, 20) });
  const languages = [...new Set([...values.languages, ...others])];
  if (!errors.otherLanguages && languages.length > LANGUAGES_MAX)
    errors.otherLanguages = t('people.problem.tooManyLanguages', { limit: LANGUAGES_MAX });

  // Organisations are chosen by slug (the address people see) and stored by id.
  const affiliations: StoredAffiliation[] = [];
  for (const [i, row] of values.affiliations.entries()) {
    if (row.remove) continue;
    const id = await organisationIdBySlug(db, row.organisation);
    if (row.roleTitle.length > ROLE_TITLE_MAX) errors[`roleTitle-${i}`] = tooLong(ROLE_TITLE_MAX);
    else if (id === null || affiliations.some((a) => a.organisationId === id))
      errors[`roleTitle-${i}`] = t('people.problem.organisationGone');
    if (id !== null) affiliations.push({ organisationId: id, roleTitle: row.roleTitle || null });
  }
  if (values.newRoleTitle.length > ROLE_TITLE_MAX) errors.newRoleTitle = tooLong(ROLE_TITLE_MAX);
  if (values.newOrganisation) {
    const id = await organisationIdBySlug(db, values.newOrganisation);
    if (id === null) errors.newOrganisation = t('people.problem.organisationUnknown');
    else if (affiliations.some((a) => a.organisationId === id))
      errors.newOrganisation = t('people.problem.organisationListed');
    else if (affiliations.length >= AFFILIATIONS_MAX)
      errors.newOrganisation = t('people.problem.tooManyOrganisations', { limit: AFFILIATIONS_MAX });
    else affiliations.push({ organisationId: id, roleTitle: values.newRoleTitle || null });
  } else if (values.newRoleTitle) {
    errors.newOrganisation = t('people.problem.roleWithoutOrganisation');
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { displayName: values.displayName, locale: values.locale || null, languages, bio: values.bio, affiliations },
  };
}

/** Stores a checked profile: the account's name and language, the profile, the organisations; all or nothing. */
export async function storeProfile(db: Kysely<Database>, userId: number, profile: CheckedProfile): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await updateAccountBasics(trx, userId, { displayName: profile.displayName, locale: profile.locale });
    await upsertProfile(trx, userId, { bio: profile.bio, languages: profile.languages });
    await replaceAffiliations(trx, userId, profile.affiliations);
    // A newly listed organisation is a claim that waits for the organisation's side to confirm it.
    await syncClaims(
      trx,
      userId,
      profile.affiliations.map((a) => a.organisationId),
    );
    // What the profile shows everyone is found by search (people.search.ts).
    await markForIndex(trx, 'person', [userId]);
  });
}

export type SaveResult =
  { ok: true; locale: string | null } | { ok: false; errors: FieldErrors; values: ProfileFormValues };

/** Changes the signed-in person's own profile from the submitted form. */
export async function saveProfile(
  db: Kysely<Database>,
  userId: number,
  body: unknown,
  interfaceLanguages: readonly string[],
  t: Translator['t'],
): Promise<SaveResult> {
  const values = readProfileForm(body);
  const checked = await checkProfileForm(db, values, interfaceLanguages, t);
  if (!checked.ok) return { ok: false, errors: checked.errors, values };
  await storeProfile(db, userId, checked.value);
  return { ok: true, locale: checked.value.locale };
}

/** For "download my data": the profile, and the organisations with the person's role in each. */
export async function exportPersonalData(db: Kysely<Database>, userId: number): Promise<Record<string, unknown>> {
  const [profile, affiliations] = await Promise.all([
    findProfile(db, userId),
    listAffiliations(db, userId).then((list) => withOrganisations(db, userId, list)),
  ]);
  return {
    profile,
    affiliations: affiliations.map((a) => ({ organisation: a.slug, name: a.name, roleTitle: a.roleTitle })),
  };
}

/** For account deletion: the profile and the organisations go; nothing else refers to them. */
export async function erasePersonalData(db: Kysely<Database>, userId: number): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => erasePersonalData(trx, userId));
  await deleteProfile(db, userId);
  await markForIndex(db, 'person', [userId]);
}
