import { stopWatchingMarkup, watchMarkup } from './auto-mount.js';
import { activeCooldown, type CooldownReason } from './cooldown.js';
import { clearListeners, emit } from './emitter.js';
import { defineElement } from './element.js';
import { checkInit, checkQuestion, type ConsentState, type InitOptions, type QuestionOptions, type Scalar, type User, type WidgetOptions } from './options.js';
import { closePopovers, openPopover, popoverOpen, showLauncher, showLauncherButton } from './popover.js';
import { openQuestion } from './question.js';
import { flush, flushOnExit, sender, stopSender } from './sender.js';
import { state } from './state.js';
import { storeOn } from './storage.js';
import { widgetError } from './widget-error.js';

export type AskRefusal = 'not_initialized' | 'consent' | 'open' | CooldownReason | 'sampled_out';
export type AskResult = { ok: true } | { ok: false; reason: AskRefusal };

export interface MountedWidget {
  /** Removes the question; a rating already chosen is sent as it stands. */
  unmount(): void;
}

/**
 * The page is hidden or going away, often for good on mobile: every chosen rating goes now, as it stands, and the
 * browser is handed the outbox.
 */
function onExit(): void {
  for (const instance of state.instances) instance.release();
  flushOnExit();
}
const onHidden = () => document.visibilityState === 'hidden' && onExit();
const onOnline = () => void flush(true);

sender.report = ({ event, attempts }, outcome, answer) => {
  // A rating from this page that could not go yet is worth telling the host once, not at every retry.
  const firstFailure = outcome === 'retry' && attempts === 1 && state.watchers.has(event.id);
  state.watchers.get(event.id)?.(outcome);
  if (outcome === 'failed' || firstFailure) {
    const code = outcome === 'failed' ? 'WIDGET_RATING_REJECTED' : 'WIDGET_SEND_FAILED';
    emit('error', widgetError(code, `Feedloop: rating ${event.id}: ${'code' in answer ? answer.code : ''} ${answer.message ?? ''}`.trim(), answer));
  }
};

function setConsent(consent: ConsentState): void {
  state.consent = consent;
  storeOn(consent === 'granted' ? 'device' : consent === 'pending' ? 'memory' : 'forget');
  sender.enabled = consent === 'granted';
  for (const instance of state.instances) instance.paint();
  showLauncherButton(consent !== 'denied');
  // A new page, or sending newly allowed: what failed only for want of a network is not made to wait.
  void flush(true);
}

/** Starts the widget for the page: settings, the custom element, markup auto-mount, the outbox. */
export function init(options: InitOptions): void {
  checkInit(options);
  if (state.config) destroy();
  state.config = Object.freeze({ ...options });
  state.user = options.user;
  state.metadata = { ...options.metadata };
  addEventListener('pagehide', onExit);
  document.addEventListener('visibilitychange', onHidden);
  addEventListener('online', onOnline);
  defineElement();
  watchMarkup();
  if (options.launcher) {
    checkQuestion(options.launcher);
    showLauncher(options.launcher);
  }
  setConsent(options.consent ?? 'granted');
}

/** Renders a question into `element`. Site settings come from `init()`, or from these options on first use. */
export function mount(element: HTMLElement, options: WidgetOptions): MountedWidget {
  checkQuestion(options);
  if (!state.config) init(options as InitOptions);
  return openQuestion(element, options);
}

export function canAsk(touchpoint: string): AskResult {
  const refuse = (reason: AskRefusal): AskResult => ({ ok: false, reason });
  if (!state.config) return refuse('not_initialized');
  if (state.consent === 'denied') return refuse('consent');
  if (popoverOpen()) return refuse('open');
  const cooldown = activeCooldown(touchpoint);
  if (cooldown) return refuse(cooldown);
  if (!state.sampled.has(touchpoint)) state.sampled.set(touchpoint, Math.random() < (state.config.sampleRate ?? 1));
  return state.sampled.get(touchpoint) ? { ok: true } : refuse('sampled_out');
}

/** Opens the question in a popover after an interaction, unless `canAsk` says no; returns its answer. */
export function ask(question: QuestionOptions): AskResult {
  checkQuestion(question);
  const result = canAsk(question.touchpoint);
  if (result.ok) openPopover(question);
  return result;
}

export function identify(user: User | undefined): void {
  state.user = user;
}

export function setMetadata(metadata: Record<string, Scalar>): void {
  state.metadata = { ...state.metadata, ...metadata };
}

export function consent(granted: boolean): void {
  setConsent(granted ? 'granted' : 'denied');
}

/** Removes every question, listener and timer. Ratings still in the outbox stay there for the next page. */
export function destroy(): void {
  stopWatchingMarkup();
  closePopovers();
  for (const instance of [...state.instances]) instance.unmount();
  removeEventListener('pagehide', onExit);
  document.removeEventListener('visibilitychange', onHidden);
  removeEventListener('online', onOnline);
  stopSender();
  // Flushes started by the releases above finish, but schedule nothing more.
  sender.enabled = false;
  clearListeners();
  state.config = undefined;
  state.sampled.clear();
}
