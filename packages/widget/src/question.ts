import type { WireEvent } from '@feedloop/schema';
import { h, render } from './dom.js';
import { buildEvent } from './build-event.js';
import { startCooldown } from './cooldown.js';
import { emit } from './emitter.js';
import { loadLanguage } from './locale.js';
import type { QuestionOptions } from './options.js';
import { putItem } from './outbox.js';
import { QuestionView, type QuestionModel } from './question-view.js';
import { flush, sender } from './sender.js';
import { postUrl, state, type Instance } from './state.js';
import { applyStyles } from './styles.js';

/** How long another page leaves a rating alone while its own page may still add to it; renewed as the customer types. */
const HOLD = 18e5;

export interface Placement {
  /** Popover corner; absent for an inline question. */
  corner?: string;
  onClose?(): void;
}

/** Renders one question into `host`'s shadow root and owns its rating from first choice to the outbox. */
export function openQuestion(host: HTMLElement, options: QuestionOptions, placement: Placement = {}): Instance {
  const config = state.config!;
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  applyStyles(root, config.nonce);
  const container = document.createElement('div');
  root.append(container);
  const question = { ...options, metric: options.metric ?? 'csat' };
  const days = { answered: 30, dismissed: 7, ...config.cooldown };
  let event: WireEvent | undefined;
  let released = false;
  let mounted = true;
  let model: QuestionModel | undefined;

  const paint = (focus?: string) => {
    if (!mounted || !model) return;
    // Refused consent: nothing is asked.
    render(state.consent === 'denied' ? null : h(QuestionView, { model }), container);
    if (focus) root.querySelector<HTMLElement>(focus)?.focus();
  };
  const put = (heldUntil?: number) => putItem({ url: postUrl(config), event: event!, attempts: 0, notBefore: 0, heldUntil });
  const hold = () => {
    sender.held.add(event!.id);
    put(Date.now() + HOLD);
  };

  const instance: Instance = {
    paint,
    /** Final: what the customer gave so far (comment and reasons included) goes, and the question says thanks. */
    release() {
      if (!event || released) return;
      const m = model!;
      const comment = m.comment.trim().slice(0, 2000);
      if (comment) event.comment = comment;
      if (m.reasons.length) event.answers = Object.fromEntries(m.reasons.slice(0, 20).map((r) => [r.slice(0, 100), true]));
      released = true;
      m.done = true;
      m.message = m.language.strings.thanks;
      paint();
      sender.held.delete(event.id);
      put();
      startCooldown(question.touchpoint, 'answered', days.answered);
      const id = event.id;
      state.watchers.set(id, (outcome) => {
        if (outcome !== 'retry') state.watchers.delete(id);
        if (outcome === 'sent') return;
        m.failed = outcome === 'failed';
        m.message = m.failed ? m.language.strings.error : `${m.language.strings.thanks} ${m.language.strings.offline}`;
        paint();
      });
      emit('submitted', { event });
      void flush();
    },
    unmount() {
      instance.release();
      mounted = false;
      state.instances.delete(instance);
      render(null, container);
      container.remove();
    },
  };
  state.instances.add(instance);

  void loadLanguage(config).then((language) => {
    model = {
      question,
      language,
      theme: config.theme ?? 'light',
      corner: placement.corner?.replace('-', ' '),
      comment: '',
      reasons: [],
      done: false,
      message: '',
      failed: false,
      choose(value, byKeyboard) {
        if (released) return;
        model!.value = value;
        event ??= buildEvent(question, value);
        event.value = value;
        event.createdAt = new Date().toISOString();
        // Saved at once: the rating alone is an answer, even if the page closes before "Send".
        hold();
        paint(byKeyboard ? '[aria-checked=true]' : undefined);
      },
      type(comment) {
        model!.comment = comment;
        if (!released) hold();
      },
      toggle(reason) {
        const chosen = model!.reasons;
        model!.reasons = chosen.includes(reason) ? chosen.filter((r) => r !== reason) : [...chosen, reason];
        paint();
      },
      send() {
        instance.release();
        paint('.msg');
      },
      close() {
        if (!event) {
          startCooldown(question.touchpoint, 'dismissed', days.dismissed);
          emit('dismissed', { touchpoint: question.touchpoint, metric: question.metric });
        }
        instance.unmount();
        placement.onClose?.();
      },
    };
    paint(placement.corner ? '[tabindex="0"]' : undefined);
    if (mounted) emit('shown', { touchpoint: question.touchpoint, metric: question.metric, popover: !!placement.corner });
  });
  return instance;
}
