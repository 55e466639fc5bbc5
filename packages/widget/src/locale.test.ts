// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { host, inShadow, resetWidget, settle, SITE } from '../../../test/helpers/widget.js';
import { init, mount } from './index.js';
import { loadLanguage } from './locale.js';
import { EN } from './strings.js';
import ar from './locales/ar.js';
import de from './locales/de.js';
import es from './locales/es.js';
import fr from './locales/fr.js';
import he from './locales/he.js';
import ja from './locales/ja.js';
import pt from './locales/pt.js';

const LOCALES = { ar, de, es, fr, he, ja, pt };
/** Words these languages really do write as English does. */
const SAME_AS_ENGLISH = new Set(['pt.launcher', 'de.launcher', 'de.optional']);

beforeEach(resetWidget);
afterEach(() => {
  vi.unstubAllGlobals();
  resetWidget();
});

/** Serves the built locale files the way `feedloop start` does under /widget/locales. */
function serveLocales() {
  const fetch = vi.fn(async (url: string) => {
    const lang = /\/widget\/locales\/(\w+)\.json$/.exec(url)?.[1];
    try {
      return new Response(readFileSync(join(import.meta.dirname, `../dist/locales/${lang}.json`), 'utf8'), { status: 200 });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('languages', () => {
  it.each(Object.entries(LOCALES))('%s translates every string, with value labels of the right length', (lang, strings) => {
    expect(Object.keys(strings).sort()).toEqual(Object.keys(EN).sort());
    for (const [key, value] of Object.entries(EN)) {
      const translated = strings[key as keyof typeof EN];
      if (Array.isArray(value)) expect(translated).toHaveLength(value.length);
      else expect(translated).toEqual(expect.any(String));
      if (!SAME_AS_ENGLISH.has(`${lang}.${key}`)) expect(translated, key).not.toEqual(value);
    }
  });

  it('follows navigator.language, fetching the language from the server once, right-to-left for Arabic', async () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('ar-EG');
    const fetch = serveLocales();
    const first = host();
    const second = host();
    mount(first, { ...SITE, touchpoint: 'checkout', metric: 'nps' });
    mount(second, { touchpoint: 'billing' });
    await settle(8);
    const root = inShadow(first, '.v');
    expect(root.getAttribute('dir')).toBe('rtl');
    expect(root.getAttribute('lang')).toBe('ar');
    expect(inShadow(first, '#q').textContent).toBe(ar.nps);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![0]).toBe('https://feedback.example/widget/locales/ar.json');
  });

  it('falls back to English for a language it does not have', async () => {
    serveLocales();
    const element = host();
    mount(element, { ...SITE, touchpoint: 'checkout', locale: 'sw-KE' });
    await settle(8);
    expect(inShadow(element, '.v').getAttribute('lang')).toBe('en');
    expect(inShadow(element, '#q').textContent).toBe(EN.csat);
  });

  it('translates the launcher too', async () => {
    init({ ...SITE, locale: 'fr', locales: { fr }, launcher: { touchpoint: 'site' } });
    await settle();
    expect(inShadow(document.querySelector('feedloop-launcher')!, 'button').textContent).toBe(fr.launcher);
  });

  it('uses bundled translations without fetching, and any string can be overridden', async () => {
    const fetch = serveLocales();
    const language = await loadLanguage({ ...SITE, locale: 'de-AT', locales: { de }, strings: { send: 'Ab damit' } });
    expect(fetch).not.toHaveBeenCalled();
    expect(language).toMatchObject({ lang: 'de', dir: 'ltr' });
    expect(language.strings.csat).toBe(de.csat);
    expect(language.strings.send).toBe('Ab damit');
    expect((await loadLanguage({ ...SITE, locale: 'he', locales: { he } })).dir).toBe('rtl');
  });
});
