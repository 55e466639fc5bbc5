import { METRIC_SCALES } from '@feedloop/schema/metrics';
import { useMemo, useState } from 'preact/hooks';
import type { ResolvedOptions } from './options.js';
import { RatingScale } from './rating-scale.js';
import { buildEvent, sendEvents } from './send-rating.js';
import { defaultStrings } from './strings.js';

type Phase = 'asking' | 'sending' | 'thanks' | 'error';

let instances = 0;

export function RatingForm({ options }: { options: ResolvedOptions }) {
  const strings = { ...defaultStrings(options.metric), ...options.strings };
  const { min, max } = METRIC_SCALES[options.metric];
  const ids = useMemo(() => `feedloop-${++instances}`, []);
  const [value, setValue] = useState<number | undefined>(undefined);
  const [comment, setComment] = useState('');
  const [phase, setPhase] = useState<Phase>('asking');
  // One event per answer: a resend after an error reuses its id, so the server counts it once.
  const [pending, setPending] = useState<ReturnType<typeof buildEvent> | undefined>(undefined);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (value === undefined || phase === 'sending') return;
    const outgoing = pending && pending.value === value && (pending.comment ?? '') === comment.trim()
      ? pending
      : buildEvent(options, { value, comment });
    setPending(outgoing);
    setPhase('sending');
    try {
      await sendEvents(options, [outgoing]);
      setPhase('thanks');
    } catch {
      setPhase('error');
    }
  };

  if (phase === 'thanks') {
    return (
      <div class="thanks" role="status">
        {strings.thanks}
      </div>
    );
  }

  return (
    <form onSubmit={submit} aria-busy={phase === 'sending'}>
      <p class="q" id={`${ids}-q`}>
        {strings.question}
      </p>
      <RatingScale min={min} max={max} value={value} labels={strings.valueLabels} labelledBy={`${ids}-q`} onChange={setValue} />
      <label for={`${ids}-c`}>{strings.commentLabel}</label>
      <textarea id={`${ids}-c`} maxLength={2000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      <button class="send" type="submit" disabled={value === undefined || phase === 'sending'}>
        {phase === 'sending' ? strings.sending : strings.submit}
      </button>
      <p class="err" role="alert">
        {phase === 'error' ? strings.error : ''}
      </p>
    </form>
  );
}
