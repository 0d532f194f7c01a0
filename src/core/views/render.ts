import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** A whole HTML document from a page's root element. */
export function renderDocument(root: VNode): string {
  return '<!DOCTYPE html>' + renderToString(root);
}
