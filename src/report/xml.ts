/** XML text and attribute escaping, including characters XML 1.0 cannot carry at all. */

/**
 * Escapes markup characters and replaces what XML 1.0 forbids (control characters other than
 * tab/newline/return, lone surrogates, U+FFFE/U+FFFF) with a visible escape (`\u0007` for BEL) so a response body
 * full of binary junk still yields a parseable junit.xml.
 */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else if (isForbidden(cp)) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

function isForbidden(cp: number): boolean {
  if (cp === 0x9 || cp === 0xa || cp === 0xd) return false;
  if (cp < 0x20) return true;
  if (cp >= 0xd800 && cp <= 0xdfff) return true; // lone surrogate (pairs arrive as one code point)
  return cp === 0xfffe || cp === 0xffff;
}
