import { isMetric, TOUCHPOINT_PATTERN, type Metric } from '@feedloop/schema/metrics';
import type { WireEvent } from '@feedloop/schema';

export type User = NonNullable<WireEvent['user']>;
export type Interaction = NonNullable<WireEvent['interaction']>;
import type { Strings } from './strings.js';
import { widgetError } from './widget-error.js';

export type Scalar = string | number | boolean;
export type Theme = 'light' | 'dark' | 'auto';
export type Corner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
export type ConsentState = 'granted' | 'pending' | 'denied';

/** One question: what is asked, where, and what follows the rating. */
export interface QuestionOptions {
  /** Where the customer is: `checkout`, `support.chat` (`[a-z0-9][a-z0-9_.-]{0,63}`). */
  touchpoint: string;
  /** Default `csat`. */
  metric?: Metric;
  /** Replaces the metric's default question. */
  question?: string;
  /** Accessible names of the values, lowest first. */
  labels?: string[];
  /** End labels of the NPS and CES scales. */
  lowLabel?: string;
  highLabel?: string;
  /** CSAT as `stars` (default) or `numbers`. */
  scale?: 'stars' | 'numbers';
  /** Reason chips shown after the rating; the chosen ones arrive as `answers: { <reason>: true }`. */
  reasons?: string[];
  /** Ask for a comment after the rating. Default true. */
  comment?: boolean;
  interaction?: Interaction;
  /** Merged over the `setMetadata()` values for this question only. */
  metadata?: Record<string, Scalar>;
}

/** Site-wide settings, given once to `init()`. */
export interface InitOptions {
  /** Base URL of the Feedloop ingest server. */
  endpoint: string;
  /** The site's public key, `pk_…`. */
  siteKey: string;
  /** BCP 47 tag; default `navigator.language`. */
  locale?: string;
  /** Translations you bundle yourself, by language: `{ fr }`. */
  locales?: Record<string, Partial<Strings>>;
  /** Where other languages are fetched from; default `<endpoint>/widget/locales`. */
  localeUrl?: string;
  /** Overrides any string, in every language. */
  strings?: Partial<Strings>;
  /** Default `light`; `auto` follows the system. */
  theme?: Theme;
  /** Corner of the `ask()` popover and the launcher. Default `bottom-right`. */
  position?: Corner;
  /** A floating "Feedback" tab that opens this question. Off by default. */
  launcher?: QuestionOptions | false;
  /** Default `granted`. `pending` stores and sends nothing until `consent(true)`. */
  consent?: ConsentState;
  /** Leave the customer's identity out of events from browsers that send Global Privacy Control. Default true. */
  respectGlobalPrivacyControl?: boolean;
  /** Days before the same touchpoint is asked again by `ask()`. Default 30 after an answer, 7 after a dismissal. */
  cooldown?: { answered?: number; dismissed?: number };
  /** Share of `ask()` calls that are shown, 0–1, decided once per touchpoint and page. Default 1. */
  sampleRate?: number;
  /** Keep the page URL's query string (`true`) or only these parameters. The fragment never leaves. Default false. */
  allowUrlQuery?: boolean | string[];
  /** Nonce for the `<style>` fallback on browsers without constructable stylesheets. */
  nonce?: string;
  user?: User;
  metadata?: Record<string, Scalar>;
}

export type WidgetOptions = QuestionOptions & Partial<InitOptions>;

type Rules = Record<string, (value: never) => boolean>;

const oneOf =
  (...allowed: string[]) =>
  (value: string | undefined) =>
    value === undefined || allowed.includes(value);

/** Names every bad option with what it got; the docs list what each one takes. */
function check(options: object | undefined, rules: Rules): void {
  const bad = Object.keys(rules).filter((name) => !rules[name]!(options?.[name as keyof typeof options] as never));
  const got = (name: string) => `${name} (${JSON.stringify(options?.[name as keyof typeof options]) ?? 'missing'})`;
  if (bad.length) throw widgetError('WIDGET_OPTIONS_INVALID', `Feedloop: invalid ${bad.map(got).join(', ')}`);
}

export const checkInit = (options: InitOptions) =>
  check(options, {
    endpoint: (value: string) => /^https?:\/\/./.test(value),
    siteKey: (value: string) => typeof value === 'string' && !!value,
    theme: oneOf('light', 'dark', 'auto'),
    position: oneOf('bottom-right', 'bottom-left', 'top-right', 'top-left'),
    consent: oneOf('granted', 'pending', 'denied'),
    sampleRate: (value?: number) => value === undefined || (value >= 0 && value <= 1),
  });

export const checkQuestion = (options: QuestionOptions) =>
  check(options, {
    touchpoint: (value: string) => typeof value === 'string' && TOUCHPOINT_PATTERN.test(value),
    metric: (value?: string) => value === undefined || isMetric(value),
  });
