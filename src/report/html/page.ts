/**
 * The document shell: doctype, viewport, a Content-Security-Policy that forbids every external
 * request (the page must work offline and never call home), the stylesheet and a section nav.
 */
import { escapeHtml } from './escape.js';
import { STYLES } from './styles.js';

/** Nothing may load from anywhere; inline styles only, no scripts. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export interface NavLink {
  id: string;
  label: string;
}

export function nav(links: readonly NavLink[]): string {
  const a = links.map((l) => `<a href="#${escapeHtml(l.id)}">${escapeHtml(l.label)}</a>`).join('');
  return `<nav class="toc" aria-label="Sections">${a}</nav>`;
}

export function page(title: string, body: string, footer: string): string {
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    `<meta name="color-scheme" content="light dark">` +
    `<title>${escapeHtml(title)}</title><style>${STYLES}</style></head>` +
    `<body><main>${body}</main><footer>${footer}</footer></body></html>\n`
  );
}
