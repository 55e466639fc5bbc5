import type { WireEvent } from '@feedloop/schema';
import type { InitOptions, QuestionOptions } from './options.js';
import { state } from './state.js';
import { uuidv7 } from './uuidv7.js';
import { VERSION } from './version.js';

/** Query strings and fragments can carry tokens and personal data: they stay on the page unless allowed. */
export function pageUrl(href: string, allow: InitOptions['allowUrlQuery']): string {
  const url = new URL(href);
  url.hash = '';
  if (allow !== true) {
    const kept = new URLSearchParams();
    for (const name of allow || []) for (const value of url.searchParams.getAll(name)) kept.append(name, value);
    url.search = `${kept}`;
  }
  return url.href.slice(0, 2048);
}

/** A new rating; its id is made here, once, and goes with every resend. */
export function buildEvent(question: QuestionOptions & { metric: WireEvent['metric'] }, value: number): WireEvent {
  const config = state.config!;
  const gpc = config.respectGlobalPrivacyControl !== false && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
  const metadata = { ...state.metadata, ...question.metadata };
  const referrer = document.referrer.split(/[?#]/)[0];
  return {
    id: uuidv7(),
    touchpoint: question.touchpoint,
    metric: question.metric,
    value,
    ...(question.interaction && { interaction: question.interaction }),
    ...(state.user && !gpc && { user: state.user }),
    ...(Object.keys(metadata).length > 0 && { metadata }),
    context: {
      url: pageUrl(location.href, config.allowUrlQuery),
      ...(referrer && { referrer }),
      title: document.title.slice(0, 500),
      locale: navigator.language,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      screen: { width: screen.width, height: screen.height },
      sdk: { name: '@feedloop/widget', version: VERSION },
    },
    createdAt: new Date().toISOString(),
  };
}
