import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/types.js';
import type { Translator } from '../../core/i18n/translator.js';
import { dateLocale } from '../../core/i18n/locales.js';
import { VISITORS, type ModuleContext } from '../../core/module.js';
import { visibleLessons } from '../lessons/index.js';
import { findOrganisationsByIds, organisationDisplayName } from '../organisations/index.js';
import { partnershipTitlesByIds, standingIn } from '../partnerships/index.js';
import { tagsOf } from '../tags/index.js';
import type { ExportChapter, ExportDocument, ExportText } from './export/index.js';
import type { ExportRow } from './exports.queries.js';
import { storeOf } from './exports.service.js';
import { mayExport } from './playbooks.policy.js';
import { findPlaybookById, lessonIdsOf, playbookPath, stepsOf } from './playbooks.queries.js';

type Db = Kysely<Database>;

/** A country's name in a language ("SE" → "Švédsko"). */
function countryName(lang: string, code: string | null): string | null {
  if (!code || !/^[A-Z]{2}$/.test(code)) return null;
  return new Intl.DisplayNames([lang, 'en'], { type: 'region' }).of(code) ?? code;
}

/**
 * The published lessons of `ids` (what everyone may see of them, by the lessons module's own rule as a
 * filter), with their texts in `lang` where translated, in the order of `ids`.
 */
async function publishedLessons(db: Db, ids: readonly number[], lang: string) {
  if (ids.length === 0) return [];
  const [rows, translations] = await Promise.all([
    db
      .selectFrom('lessons')
      .selectAll('lessons')
      .where(visibleLessons(VISITORS))
      .where('lessons.id', 'in', [...ids])
      .execute(),
    db
      .selectFrom('lesson_translations')
      .selectAll()
      .where('lesson_id', 'in', [...ids])
      .where('lang', '=', lang)
      .execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const translated = new Map(translations.map((r) => [r.lesson_id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const own = row.original_lang === lang ? null : translated.get(id);
    const texts = own ?? { ...row, lang: row.original_lang };
    return [{ row, texts }];
  });
}

/** A lesson's context and effort, worded in the export's language ("Budget: under €10,000"). */
function factsOf(
  t: Translator['t'],
  row: { budget_band: string | null; staff: number | null; duration_months: number | null; effort: string },
) {
  const facts: { label: string; value: string }[] = [];
  if (row.budget_band)
    facts.push({ label: t('playbooks.fact.budget'), value: t(`playbooks.budget.${row.budget_band}`) });
  if (row.staff !== null)
    facts.push({ label: t('playbooks.fact.staff'), value: t('playbooks.fact.staffCount', { count: row.staff }) });
  if (row.duration_months !== null)
    facts.push({
      label: t('playbooks.fact.duration'),
      value: t('playbooks.fact.months', { count: row.duration_months }),
    });
  facts.push({ label: t('playbooks.fact.effort'), value: t(`playbooks.effort.${row.effort}`) });
  return facts;
}

/**
 * What an export is made from (`ExportDocument`), read when it is built: the playbook's texts and each
 * published lesson's, in the export's language where translated, else in their own (`fellBack`); where
 * each lesson was learnt, its facts and tags in that language; the city's branding with its logo's
 * bytes; absolute links to the platform. Null when the requester may no longer export the playbook
 * (it went back to a draft they do not see, or it is gone).
 */
export async function gatherDocument(
  ctx: ModuleContext,
  row: ExportRow,
  now = new Date(),
): Promise<ExportDocument | null> {
  const lang = row.lang;
  const playbook = await findPlaybookById(ctx.db, row.playbook_id, lang);
  if (!playbook) return null;
  const actor = await ctx.modules.find((m) => m.loadActor)?.loadActor?.(ctx, row.requester_id);
  if (!actor || !mayExport(await standingIn(ctx, playbook.partnershipId, actor), playbook)) return null;
  const i18n = ctx.i18n(lang);
  const { t } = i18n;
  const lessons = await publishedLessons(ctx.db, await lessonIdsOf(ctx.db, playbook.id), lang);
  const ids = lessons.map((l) => l.row.id);
  const [organisations, tags, titles] = await Promise.all([
    findOrganisationsByIds(
      ctx.db,
      lessons.map((l) => l.row.organisation_id),
    ),
    tagsOf(ctx.db, 'lesson', ids, lang),
    partnershipTitlesByIds(ctx.db, lang, [playbook.partnershipId]),
  ]);
  const online = (path: string) => `${ctx.config.baseUrl}/${lang}${path}`;
  const chapters: ExportChapter[] = lessons.map(({ row: l, texts }) => {
    const org = organisations.get(l.organisation_id);
    return {
      slug: l.slug,
      lang: texts.lang,
      fellBack: texts.lang !== lang,
      title: texts.title,
      tried: texts.tried,
      worked: texts.worked,
      notWorked: texts.not_worked,
      replicate: texts.replicate,
      where: {
        organisation: org ? organisationDisplayName(org, lang) : '',
        country: countryName(lang, org?.country ?? null),
        sizeBand: org?.sizeBand ? t(`playbooks.size.${org.sizeBand}`) : null,
      },
      facts: factsOf(t, l),
      tags: (tags.get(l.id) ?? []).map((tag) => tag.label),
      onlineUrl: online(`/lessons/${l.slug}`),
    };
  });
  const shown = playbook.shown;
  const text = (value: string): ExportText => ({ text: value, lang: shown.lang });
  const type = row.logo_type;
  const mediaType: 'image/png' | 'image/jpeg' | null = type === 'image/png' || type === 'image/jpeg' ? type : null;
  const logo =
    row.logo_key && mediaType ? { bytes: await readFile(storeOf(ctx).pathOf(row.logo_key)), mediaType } : null;
  return {
    lang,
    t: (key, values) => t(key, values),
    title: text(shown.title),
    target: text(shown.target),
    introduction: text(shown.introduction),
    steps: stepsOf(shown.steps).map(text),
    chapters,
    branding: {
      name: row.name,
      logo,
      primary: row.primary_colour,
      onPrimary: row.on_primary_colour,
      accent: row.accent_colour,
    },
    partnership: titles.get(playbook.partnershipId)?.title ?? '',
    // The day alone ("7 December 2026", "7. prosince 2026"): the long style's weekday would read as a
    // word of the sentence it goes into (Czech "po" is also "after").
    madeOn: new Intl.DateTimeFormat(dateLocale(lang), {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: ctx.config.timeZone,
    }).format(now),
    onlineUrl: online(playbookPath(playbook.slug)),
  };
}
