import type { InitOptions } from './options.js';
import { EN, type Strings } from './strings.js';

export interface Language {
  lang: string;
  dir: 'ltr' | 'rtl';
  strings: Strings;
}

const loaded: Record<string, Promise<Partial<Strings> | undefined>> = {};

/** Only English is in the bundle; another language is one small JSON file, fetched once per page. */
export async function loadLanguage(options: InitOptions): Promise<Language> {
  let lang = (options.locale ?? navigator.language ?? 'en').toLowerCase().split('-')[0]!;
  const base = `${options.localeUrl ?? `${options.endpoint.replace(/\/+$/, '')}/widget/locales`}/${lang}.json`;
  const strings =
    options.locales?.[lang] ??
    (lang === 'en'
      ? {}
      : await (loaded[base] ??= fetch(base, { credentials: 'omit' })
          .then((response) => (response.ok ? response.json() : undefined))
          .catch(() => undefined)));
  if (!strings) lang = 'en';
  return { lang, dir: /^(ar|he|fa|ur)$/.test(lang) ? 'rtl' : 'ltr', strings: { ...EN, ...strings, ...options.strings } };
}
