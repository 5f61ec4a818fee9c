import { describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';

describe('launchChromium', () => {
  it('fails (never skips) with the install hint when the browser is missing', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow('apt-get install chromium');
  });
});
