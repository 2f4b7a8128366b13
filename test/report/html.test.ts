/** The page's inline data and scripts cannot end their `<script>` element early. */
import { describe, expect, it } from 'vitest';
import { jsonForScript, scriptSafe } from '../../src/report/html.js';

describe('inline script text', () => {
  const hostile = { message: 'bad </script><script>alert(1)</script> <!-- \u2028' };

  it('keeps </script> and <!-- out of the embedded JSON, which still parses to the same value', () => {
    const text = jsonForScript(hostile);
    expect(text).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(text)).toEqual(hostile);
  });

  it('escapes a closing script tag inside an inlined script, in any case', () => {
    expect(scriptSafe('const s = "</SCRIPT>"; // <!--')).toBe('const s = "<\\/SCRIPT>"; // <\\!--');
  });
});
