import { loadLanguage } from './locale.js';
import type { QuestionOptions } from './options.js';
import { openQuestion } from './question.js';
import { state, type Instance } from './state.js';
import { applyStyles } from './styles.js';

let popover: Instance | undefined;
let launcher: HTMLElement | undefined;
let launcherButton: HTMLButtonElement | undefined;

export const popoverOpen = () => !!popover;

/** Hidden while a popover is open, and while consent is refused. */
export function showLauncherButton(shown: boolean): void {
  if (launcherButton) launcherButton.hidden = !shown;
}

/** The element that really has focus, inside shadow roots too (the launcher's button, a design system's button). */
function focused(): HTMLElement | null {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  return element as HTMLElement | null;
}

/**
 * A non-modal dialog in a corner: focus moves into it, Escape or × closes it, and focus goes back to where
 * the customer was.
 */
export function openPopover(question: QuestionOptions): void {
  const returnTo = focused();
  const host = document.createElement('feedloop-popover');
  document.body.append(host);
  showLauncherButton(false);
  popover = openQuestion(host, question, {
    corner: state.config!.position ?? 'bottom-right',
    onClose() {
      popover = undefined;
      host.remove();
      showLauncherButton(true);
      // Back where the customer was; if that is gone (the chat window closed), to the launcher or the page.
      (returnTo?.isConnected ? returnTo : (launcherButton ?? document.body)).focus();
    },
  });
}

/** The floating tab: the customer's own way in, so it skips cooldown and sampling. */
export function showLauncher(question: QuestionOptions): void {
  const host = (launcher = document.createElement('feedloop-launcher'));
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root, state.config!.nonce);
  const button = (launcherButton = document.createElement('button'));
  button.className = `v lau ${state.config!.theme ?? 'light'} ${(state.config!.position ?? 'bottom-right').replace('-', ' ')}`;
  void loadLanguage(state.config!).then((language) => (button.textContent = language.strings.launcher));
  button.onclick = () => openPopover(question);
  root.append(button);
  document.body.append(host);
}

export function closePopovers(): void {
  popover?.unmount();
  popover = undefined;
  document.querySelector('feedloop-popover')?.remove();
  launcher?.remove();
  launcher = launcherButton = undefined;
}
