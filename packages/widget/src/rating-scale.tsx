import type { TargetedKeyboardEvent } from 'preact';
import { useRef } from 'preact/hooks';

export interface RatingScaleProps {
  min: number;
  max: number;
  value: number | undefined;
  labels?: readonly string[];
  labelledBy: string;
  onChange(value: number): void;
}

const STEP: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/**
 * A radio group as WAI-ARIA describes it: one tab stop, arrow keys move and select, Home and End
 * jump to the ends. In right-to-left pages the browser's `dir` flips the visual order only.
 */
export function RatingScale({ min, max, value, labels, labelledBy, onChange }: RatingScaleProps) {
  const group = useRef<HTMLDivElement>(null);
  const values = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const focusable = value ?? min;

  const choose = (next: number) => {
    onChange(next);
    const button = group.current?.querySelector<HTMLElement>(`[data-value="${next}"]`);
    button?.focus();
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLDivElement>) => {
    const current = value ?? min - 1;
    let next: number | undefined;
    if (event.key in STEP) {
      const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
      const horizontal = event.key === 'ArrowLeft' || event.key === 'ArrowRight';
      const step = STEP[event.key]! * (rtl && horizontal ? -1 : 1);
      next = value === undefined ? (step > 0 ? min : max) : Math.min(max, Math.max(min, current + step));
    } else if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    if (next !== undefined) {
      event.preventDefault();
      choose(next);
    }
  };

  return (
    <div class="scale" role="radiogroup" aria-labelledby={labelledBy} ref={group} onKeyDown={onKeyDown}>
      {values.map((v, i) => {
        const label = labels?.[i];
        return (
          <button
            type="button"
            class="opt"
            role="radio"
            key={v}
            data-value={v}
            aria-checked={value === v}
            aria-label={label ? `${v} – ${label}` : String(v)}
            title={label}
            tabIndex={v === focusable ? 0 : -1}
            onClick={() => choose(v)}
          >
            {v}
          </button>
        );
      })}
    </div>
  );
}
