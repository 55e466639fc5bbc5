import { h } from './dom.js';
import { METRIC_SCALES, type Metric } from '@feedloop/schema/metrics';

export interface ScaleProps {
  metric: Metric;
  value: number | undefined;
  /** Accessible names by position, lowest first; may be sparse (NPS names only its ends). */
  names: (string | undefined)[];
  stars: boolean;
  rtl: boolean;
  onChoose(value: number, byKeyboard?: boolean): void;
}

const GLYPHS: Partial<Record<Metric, string[]>> = { thumbs: ['👎', '👍'], emoji: ['😞', '🙁', '😐', '🙂', '😄'] };

/**
 * A radio group as WAI-ARIA describes it: one tab stop, arrow keys move and select, Home and End jump to the
 * ends. Left and right follow the reading direction, so in Arabic and Hebrew the right arrow goes lower.
 */
export function Scale({ metric, value, names, stars, rtl, onChoose }: ScaleProps) {
  const { min, max } = METRIC_SCALES[metric];
  const onKeyDown = (event: KeyboardEvent) => {
    const step = ({ ArrowRight: rtl ? -1 : 1, ArrowDown: 1, ArrowLeft: rtl ? 1 : -1, ArrowUp: -1 } as Record<string, number>)[event.key];
    const next =
      event.key === 'Home' ? min
      : event.key === 'End' ? max
      : step && (value === undefined ? (step > 0 ? min : max) : Math.min(max, Math.max(min, value + step)));
    if (next !== undefined) {
      event.preventDefault();
      onChoose(next, true);
    }
  };
  const glyphs = GLYPHS[metric] ?? (metric === 'fcr' ? names : undefined);
  return (
    <div class={`scale ${stars ? 'stars' : metric}`} role="radiogroup" aria-labelledby="q" onKeyDown={onKeyDown}>
      {Array.from({ length: max - min + 1 }, (_, i) => {
        const v = min + i;
        const name = names[i];
        return (
          <button
            type="button"
            role="radio"
            class={stars && value !== undefined && v <= value ? 'opt on' : 'opt'}
            data-value={v}
            aria-checked={value === v}
            aria-label={glyphs ? name : name ? `${v} – ${name}` : String(v)}
            title={name}
            tabIndex={v === (value ?? min) ? 0 : -1}
            onClick={() => onChoose(v)}
          >
            {glyphs?.[i] ?? (stars ? '★' : v)}
          </button>
        );
      })}
    </div>
  );
}
