/**
 * The Snowball stemmers in JavaScript (CommonJS with `__esModule` set and no default export, no
 * types of its own): import its names, not a default. Only what the search index uses is declared.
 */
declare module 'snowball-stemmers' {
  /** A stemmer of one language. It keeps state between calls, but each call is synchronous. */
  export interface Stemmer {
    /** The stem of one word, given in lower case as the algorithms expect. */
    stem(word: string): string;
  }
  /** The names of the algorithms there are: 'czech', 'english', 'porter' … */
  export function algorithms(): string[];
  /** A new stemmer for one algorithm; an unknown name throws. */
  export function newStemmer(name: string): Stemmer;
}
