import { newStemmer, type Stemmer } from 'snowball-stemmers';
import { folded } from './text.js';

/**
 * The Snowball algorithm of each language that has one, by ISO 639-1 code: the EU languages
 * the library stems. The others (bg, el, et, hr, lt, lv, mt, pl, sk) are absent: their words
 * are not stemmed.
 */
export const stemmerLanguages: Readonly<Record<string, string>> = Object.freeze({
  cs: 'czech',
  da: 'danish',
  de: 'german',
  en: 'english',
  es: 'spanish',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hu: 'hungarian',
  it: 'italian',
  nl: 'dutch',
  pt: 'portuguese',
  ro: 'romanian',
  sl: 'slovene',
  sv: 'swedish',
});

/** The shortest stem that is kept: a shorter one would match too many words. */
const MIN_STEM_CHARS = 2;
/** The longest word that is stemmed: no real word is longer, and the stemmers slow down on long ones. */
const MAX_WORD_CHARS = 64;
/** The most words whose stems are kept per language between calls; past it the memory starts anew. */
const MAX_KNOWN_WORDS = 20_000;

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;
const DIGITS = /^\p{N}+$/u;

/** A language's stemmer, made once, and the stems of the words it has seen (null: none). */
interface Language {
  stemmer: Stemmer;
  known: Map<string, string | null>;
}

const languages = new Map<string, Language>();

/** The stemmer and remembered stems of a language, made on first use, or null when it has no stemmer. */
function languageOf(lang: string): Language | null {
  let language = languages.get(lang);
  if (!language) {
    const algorithm = Object.hasOwn(stemmerLanguages, lang) ? stemmerLanguages[lang] : undefined;
    if (!algorithm) return null;
    language = { stemmer: newStemmer(algorithm), known: new Map() };
    languages.set(lang, language);
  }
  return language;
}

/** The folded stem of a word in NFC and lower case, or null (see `stemOf`); remembered. */
function stemIn(language: Language, lower: string): string | null {
  let stem = language.known.get(lower);
  if (stem !== undefined) return stem;
  stem = null;
  if (lower.length <= MAX_WORD_CHARS && !DIGITS.test(lower)) {
    const found = folded(language.stemmer.stem(lower));
    if (found.length >= MIN_STEM_CHARS && found !== folded(lower)) stem = found;
  }
  if (language.known.size >= MAX_KNOWN_WORDS) language.known.clear();
  language.known.set(lower, stem);
  return stem;
}

/**
 * The stem of one word in a language, folded the way the index folds words (no diacritics,
 * lower case). The word is stemmed in lower case with its diacritics, which the stemmers need.
 * Null when the language has no stemmer, when the stem is the word itself, or when it is
 * shorter than two characters.
 */
export function stemOf(word: string, lang: string): string | null {
  const language = languageOf(lang);
  return language ? stemIn(language, word.normalize('NFC').toLowerCase()) : null;
}

/**
 * The distinct stems of the words of a text in a language, in the order they are first seen,
 * at most `max` of them; none for a language without a stemmer. A word is stemmed once, and
 * the stems of recent words are remembered between calls, since stemming is the slow part.
 */
export function stemsOf(text: string, lang: string, max = 2000): string[] {
  const language = languageOf(lang);
  if (!language || max <= 0) return [];
  const seen = new Set<string>();
  const stems = new Set<string>();
  for (const [word] of text.normalize('NFC').matchAll(WORD)) {
    const lower = word.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    const stem = stemIn(language, lower);
    if (stem === null) continue;
    stems.add(stem);
    if (stems.size >= max) break;
  }
  return [...stems];
}
