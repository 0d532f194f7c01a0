/** Types for source-stamp.mjs (plain JavaScript, so that bin/urbis.mjs can use it without tsx). */
export declare const STAMP_FILE: string;
export declare function isBuildInput(relative: string): boolean;
export declare function buildInputs(root: string): string[];
export declare function sourceStamp(root: string): string;
