import type { ExportBranding } from './model.js';

/**
 * The exported site's one stylesheet, in the city's colours: the header in `primary` with
 * `onPrimary` text, links and headings in `accent` on white. The colours were checked (by the
 * playbooks module, and again by `buildSite`: nothing but `#rrggbb` reaches this text). System
 * fonts only: the site loads nothing from elsewhere.
 */
export function stylesheet({ primary, onPrimary, accent }: ExportBranding): string {
  return `*, *::before, *::after { box-sizing: border-box; }
html {
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  line-height: 1.5;
  color: #1a1a1a;
  background: #ffffff;
}
body { margin: 0; overflow-wrap: anywhere; }
a { color: ${accent}; }
a:focus { outline: 3px solid ${accent}; outline-offset: 2px; }
h1, h2, h3 { color: ${accent}; line-height: 1.2; }
.skip {
  position: absolute;
  left: 0.5rem;
  top: -10rem;
  z-index: 1;
  padding: 0.5rem 1rem;
  background: #ffffff;
  color: ${accent};
}
.skip:focus { top: 0.5rem; }
.brand { background: ${primary}; color: ${onPrimary}; }
.brand a { color: ${onPrimary}; }
.brand a:focus { outline-color: ${onPrimary}; }
.brand__inner {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.5rem 1rem;
  max-width: 48rem;
  margin: 0 auto;
  padding: 1rem;
}
.brand__logo {
  display: block;
  width: auto;
  height: auto;
  max-width: 12rem;
  max-height: 4rem;
  padding: 0.25rem;
  background: #ffffff;
}
.brand__name { margin: 0; font-size: 1.5rem; font-weight: 700; }
.brand__playbook { flex-basis: 100%; margin: 0; }
main { display: block; max-width: 48rem; margin: 0 auto; padding: 1rem; }
.note { padding: 0.5rem 1rem; border-left: 0.3rem solid ${accent}; background: #f5f5f5; }
.kicker { margin: 0; color: #555555; }
.target { font-size: 1.125rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; }
.tags { display: flex; flex-wrap: wrap; gap: 0.5rem; padding: 0; list-style: none; }
.tags li { padding: 0 0.75rem; border: 1px solid #767676; border-radius: 1rem; }
.pager ul { display: grid; gap: 0.5rem; padding: 0; list-style: none; }
.colophon { max-width: 48rem; margin: 2rem auto 0; padding: 1rem; border-top: 1px solid #767676; font-size: 0.9375rem; }
@media (max-width: 30rem) {
  .facts { grid-template-columns: 1fr; }
}
@media print {
  .skip, .pager { display: none; }
  .brand { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;
}
