import type { Strings } from '../strings.js';

/** German. */
const de: Strings = {
  csat: 'Wie zufrieden sind Sie mit Ihrer Erfahrung?',
  nps: 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen?',
  ces: 'Es war einfach, das zu bekommen, was ich brauchte.',
  thumbs: 'War das hilfreich?',
  emoji: 'Wie war Ihr Eindruck?',
  fcr: 'Wurde Ihr Anliegen gelöst?',
  csatLabels: ['Sehr unzufrieden', 'Unzufrieden', 'Neutral', 'Zufrieden', 'Sehr zufrieden'],
  cesLabels: ['Stimme überhaupt nicht zu', 'Stimme nicht zu', 'Stimme eher nicht zu', 'Weder noch', 'Stimme eher zu', 'Stimme zu', 'Stimme voll und ganz zu'],
  emojiLabels: ['Sehr schlecht', 'Schlecht', 'Okay', 'Gut', 'Ausgezeichnet'],
  thumbsLabels: ['Daumen runter', 'Daumen hoch'],
  fcrLabels: ['Nein', 'Ja'],
  npsLow: 'Äußerst unwahrscheinlich',
  npsHigh: 'Äußerst wahrscheinlich',
  followLow: 'Was können wir besser machen?',
  followMid: 'Was würde es noch besser machen?',
  followHigh: 'Was hat Ihnen am besten gefallen?',
  optional: '(optional)',
  reasons: 'Worum ging es?',
  send: 'Senden',
  thanks: 'Vielen Dank für Ihr Feedback!',
  offline: 'Sie scheinen offline zu sein. Ihre Bewertung wurde gespeichert und wird gesendet, sobald Sie wieder online sind.',
  error: 'Ihre Bewertung konnte leider nicht gesendet werden.',
  close: 'Schließen',
  launcher: 'Feedback',
};
export default de;
