import { Fragment, h } from './dom.js';
import { METRIC_SCALES } from '@feedloop/schema/metrics';
import type { Language } from './locale.js';
import type { QuestionOptions, Theme } from './options.js';
import { Scale } from './scale.js';
import type { Strings } from './strings.js';

/** Everything one question shows; the controller in question.ts owns it and repaints after each change. */
export interface QuestionModel {
  question: QuestionOptions & Required<Pick<QuestionOptions, 'metric'>>;
  language: Language;
  theme: Theme;
  /** Set for a popover: which corner. */
  corner?: string;
  value?: number;
  comment: string;
  reasons: string[];
  done: boolean;
  message: string;
  failed: boolean;
  choose(value: number, byKeyboard?: boolean): void;
  type(comment: string): void;
  toggle(reason: string): void;
  send(): void;
  close(): void;
}

type Follow = 'followLow' | 'followMid' | 'followHigh';

/** The comment prompt follows the bucket: a detractor is asked what to improve, a promoter what went well. */
function followUp(model: QuestionModel): Follow {
  const buckets = METRIC_SCALES[model.question.metric].buckets;
  const index = buckets.findIndex((b) => model.value! >= b.from);
  return index === 0 ? 'followHigh' : index === buckets.length - 1 ? 'followLow' : 'followMid';
}

export function QuestionView({ model }: { model: QuestionModel }) {
  const { question: q, language, value } = model;
  const s = language.strings;
  const metric = q.metric;
  const names: (string | undefined)[] = [...(q.labels ?? (s[`${metric}Labels` as keyof Strings] as string[] | undefined) ?? [])];
  const ends = metric === 'nps' || metric === 'ces';
  const low = q.lowLabel ?? (metric === 'nps' ? s.npsLow : names[0]);
  const high = q.highLabel ?? (metric === 'nps' ? s.npsHigh : names[names.length - 1]);
  if (ends) Object.assign(names, { 0: low, [names.length ? names.length - 1 : 10]: high });
  const popover = model.corner !== undefined;
  return (
    <div
      class={`v fl ${model.theme}${popover ? ` pop ${model.corner}` : ''}`}
      dir={language.dir}
      lang={language.lang}
      role={popover ? 'dialog' : undefined}
      aria-labelledby={popover ? 'q' : undefined}
      // Not while an input method is composing: there Escape cancels the composition.
      onKeyDown={popover ? (e: KeyboardEvent) => e.key === 'Escape' && !e.isComposing && model.close() : undefined}
    >
      {popover && (
        <button type="button" class="x" aria-label={s.close} onClick={model.close}>
          ×
        </button>
      )}
      <p class="q" id="q">
        {q.question ?? s[metric]}
      </p>
      {/* Before the form, so that it stays the same node when the form goes: screen readers announce changes to it. */}
      <p class={model.failed ? 'msg err' : 'msg'} role="status" tabIndex={-1}>
        {model.message}
      </p>
      {!model.done && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            model.send();
          }}
        >
          <Scale metric={metric} value={value} names={names} stars={metric === 'csat' && q.scale !== 'numbers'} rtl={language.dir === 'rtl'} onChoose={model.choose} />
          {ends && (
            <p class="ends" aria-hidden="true">
              <span>{low}</span>
              <span>{high}</span>
            </p>
          )}
          {value !== undefined && (
            <>
              {q.reasons?.length ? (
                <div class="chips" role="group" aria-label={s.reasons}>
                  {q.reasons.map((reason) => (
                    <button type="button" class="chip" aria-pressed={model.reasons.includes(reason)} onClick={() => model.toggle(reason)}>
                      {reason}
                    </button>
                  ))}
                </div>
              ) : null}
              {q.comment !== false && (
                <>
                  <label for="c">
                    {s[followUp(model)]} <span>{s.optional}</span>
                  </label>
                  <textarea id="c" maxLength={2000} value={model.comment} onInput={(e) => model.type(e.currentTarget.value)} />
                </>
              )}
              <button class="send">{s.send}</button>
            </>
          )}
        </form>
      )}
    </div>
  );
}
