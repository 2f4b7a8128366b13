import { describe, expect, it } from 'vitest';
import { escapeMarkup } from '../../../src/util/markup.js';

describe('escapeMarkup', () => {
  it('escapes the five characters that end text or a quoted attribute, and nothing else', () => {
    expect(escapeMarkup(`a < b & "c" > 'd'`)).toBe('a &lt; b &amp; &quot;c&quot; &gt; &#39;d&#39;');
    expect(escapeMarkup('node-1 ✓ 50%')).toBe('node-1 ✓ 50%');
  });

  it('escapes an ampersand once, so escaped text does not read as an entity', () => {
    expect(escapeMarkup('&lt;')).toBe('&amp;lt;');
  });
});
