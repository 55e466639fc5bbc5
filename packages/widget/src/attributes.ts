import type { QuestionOptions } from './options.js';

const NAMES = ['touchpoint', 'metric', 'question', 'low-label', 'high-label', 'scale'];

/** Question options from markup: `<feedloop-rating low-label="…">` or `data-feedloop-low-label="…"`. */
export function questionFromAttributes(read: (name: string) => string | null): QuestionOptions {
  const options: Record<string, unknown> = {};
  for (const name of NAMES) {
    const value = read(name);
    if (value != null) options[name.replace(/-(\w)/, (_, c: string) => c.toUpperCase())] = value;
  }
  const reasons = read('reasons');
  if (reasons) options.reasons = reasons.split(',').map((r) => r.trim());
  if (read('comment') === 'false') options.comment = false;
  return options as unknown as QuestionOptions;
}
