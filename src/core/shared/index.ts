// The one way a module makes a page fast (ARCHITECTURE.md, "Making a page fast"): cached reads
// declared once per module, shared fragments placed with <Shared>, the reader's own words with
// <Personal>. Modules import from here, never from the files behind it.
export { type Bucket, defineReads, read, type Read, type ReadSpec } from './reads.js';
export { dim, type Dim, type Dims, type KeyOf } from './dims.js';
export { defineFragment, type Filling, type Fragment, type FragmentSpec, type RenderedFragment } from './fragments.js';
export { Personal, renderHtml, Shared, Slot } from './render.js';
export type { Placeable } from './markers.js';
