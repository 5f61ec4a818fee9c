import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHtml, escapeValue } from './escape.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  });

  it('converts non-strings and treats null/undefined as empty', () => {
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(null)).toBe('');
  });

  it('never leaves a markup character in any string', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = escapeHtml(s);
        expect(out).not.toMatch(/[<>"']/);
        // Every & starts an entity we wrote.
        expect(out.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
      }),
    );
  });
});

describe('escapeValue', () => {
  it('shows values as JSON so empty strings and types stay visible', () => {
    expect(escapeValue('')).toBe('&quot;&quot;');
    expect(escapeValue([201, '<b>'])).toBe('[201,&quot;&lt;b&gt;&quot;]');
    expect(escapeValue(undefined)).toBe('');
  });

  it('survives values JSON cannot encode', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(escapeValue(circular)).toBe('[object Object]');
    expect(escapeValue(10n)).toBe('10');
  });
});
