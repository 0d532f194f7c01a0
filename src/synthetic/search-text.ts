import { Random } from './random.js';

/**
 * Words for the search part of the synthetic data set: a vocabulary whose use follows Zipf's law
 * (the word of rank k is used about 1/k^1.05 as often as the first), so that the index holds what
 * a real one does: a few words in almost every item, a long tail of words in a handful. The head
 * is real words of partnership news (English and Czech, with diacritics) and years; the tail is
 * made-up words (syllables), of which there are tens of thousands. Deterministic: the same
 * vocabulary on every machine.
 */

const HEAD = [
  // The most common words of the subject (English), roughly in order of use.
  'city',
  'cities',
  'data',
  'project',
  'partners',
  'local',
  'public',
  'digital',
  'energy',
  'results',
  'network',
  'citizens',
  'services',
  'funding',
  'plan',
  'transport',
  'housing',
  'climate',
  'pilot',
  'report',
  'mobility',
  'green',
  'region',
  'municipal',
  'council',
  'budget',
  'survey',
  'policy',
  'transition',
  'innovation',
  'workshop',
  'strategy',
  'skills',
  'platform',
  'heating',
  'water',
  'waste',
  'tender',
  'procurement',
  'neighbourhood',
  'renovation',
  'residents',
  'guidance',
  'evaluation',
  'monitoring',
  'indicator',
  'toolkit',
  'inclusion',
  'schools',
  'cycling',
  'tourism',
  'heritage',
  'resilience',
  'flooding',
  'sensors',
  'broadband',
  'library',
  'markets',
  'biodiversity',
  'mayor',
  'ministry',
  'commission',
  'regulation',
  'governance',
  'accessibility',
  'logistics',
  'forecast',
  'emissions',
  'retrofit',
  'subsidy',
  'cooperative',
  'volunteers',
  'roadmap',
  'benchmark',
  'dashboard',
  'interoperability',
  'cybersecurity',
  'algorithm',
  'microgrid',
  'heatwave',
  'stormwater',
  'brownfield',
  'tramway',
  'ferry',
  'allotments',
  'composting',
  // Czech, with diacritics (accent-insensitive search finds them typed without).
  'město',
  'obce',
  'životní',
  'prostředí',
  'doprava',
  'bydlení',
  'zeleň',
  'energie',
  'úspory',
  'dotace',
  'zastupitelstvo',
  'občané',
  'rozpočet',
  'veřejné',
  'zakázky',
  'řešení',
  'sídliště',
  'náměstí',
  'učitelé',
  'knihovna',
  'vytápění',
  'střechy',
  'kanalizace',
  'cyklostezka',
  'přestupní',
  'výsledky',
  'spolupráce',
  'dopravní',
  'školní',
  'komunitní',
  'přehled',
  'příprava',
  'hodnocení',
  'měření',
  'ovzduší',
  'hluk',
];

const YEARS = Array.from({ length: 12 }, (_, i) => String(2015 + i));

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'tr', 'st', 'pl'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'au', 'ei', 'á', 'é', 'ý'];
const CODAS = ['', '', 'n', 'r', 's', 'l', 'm', 'k', 't', 'x'];

/** How many words the vocabulary has (head, years and made-up ones). */
export const VOCABULARY_SIZE = 40_000;
const EXPONENT = 1.05;

let vocabulary: { words: string[]; cumulative: Float64Array } | null = null;

/** The vocabulary, made once: the head, the years among the first hundreds, then made-up words. */
function vocabularyOf(): { words: string[]; cumulative: Float64Array } {
  if (vocabulary) return vocabulary;
  const r = new Random(20_261_214, 0);
  const words: string[] = [];
  const seen = new Set<string>();
  const push = (word: string) => {
    if (seen.has(word)) return;
    seen.add(word);
    words.push(word);
  };
  for (const [i, word] of HEAD.entries()) {
    push(word);
    if (i % 12 === 11 && YEARS.length > 0) push(YEARS.shift()!);
  }
  for (const year of YEARS) push(year);
  while (words.length < VOCABULARY_SIZE) {
    let word = '';
    for (let s = r.between(2, 4); s > 0; s--) word += r.pick(ONSETS) + r.pick(VOWELS) + r.pick(CODAS);
    push(word);
  }
  const cumulative = new Float64Array(words.length);
  let sum = 0;
  for (let k = 0; k < words.length; k++) cumulative[k] = sum += 1 / (k + 1) ** EXPONENT;
  for (let k = 0; k < words.length; k++) cumulative[k]! /= sum;
  vocabulary = { words, cumulative };
  return vocabulary;
}

/** The word of rank `k` (from 0: the most used). */
export function wordOfRank(k: number): string {
  return vocabularyOf().words[k]!;
}

/** One word, drawn by Zipf's law. */
export function zipfWord(r: Random): string {
  const { words, cumulative } = vocabularyOf();
  const x = r.next();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return words[lo]!;
}

/** A line of `min`–`max` words drawn by Zipf's law, capitalised, with a full stop. */
export function zipfLine(r: Random, min: number, max: number): string {
  const parts: string[] = [];
  for (let n = r.between(min, max); n > 0; n--) parts.push(zipfWord(r));
  const line = parts.join(' ');
  return line.charAt(0).toUpperCase() + line.slice(1) + '.';
}
