// Kept while the modules move to core/http/html.ts (sending pages belongs to HTTP, not to views).
import type { VNode } from 'preact';
import { joinPieces } from '../shared/markers.js';
import { renderPage } from '../shared/render.js';

export { sendPage } from '../http/html.js';

/** A whole HTML document from a page's root element, joined (no splicing). */
export const renderDocument = (root: VNode): string => joinPieces(renderPage(root));
