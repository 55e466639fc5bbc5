/**
 * Every word the widget shows or announces. English ships in the bundle; other languages are JSON files
 * beside it (`dist/locales/<lang>.json`, `@feedloop/widget/locales/<lang>`), and any key can be overridden.
 */
export interface Strings {
  /** The question for each metric. */
  csat: string;
  nps: string;
  ces: string;
  thumbs: string;
  emoji: string;
  fcr: string;
  /** Accessible name of each value, lowest first. */
  csatLabels: string[];
  cesLabels: string[];
  emojiLabels: string[];
  thumbsLabels: string[];
  fcrLabels: string[];
  /** Visible labels under the two ends of the NPS scale. */
  npsLow: string;
  npsHigh: string;
  /** Comment prompt after a low, middling or high rating. */
  followLow: string;
  followMid: string;
  followHigh: string;
  /** Appended to the comment prompt. */
  optional: string;
  /** Names the group of reason chips. */
  reasons: string;
  send: string;
  thanks: string;
  /** Announced when the rating is saved on the device and waits for the network. */
  offline: string;
  /** Announced when the server refused the rating for good. */
  error: string;
  close: string;
  launcher: string;
}

export const EN: Strings = {
  csat: 'How satisfied are you with your experience?',
  nps: 'How likely are you to recommend us to a friend or colleague?',
  ces: 'It was easy to get what I needed.',
  thumbs: 'Was this helpful?',
  emoji: 'How did we do?',
  fcr: 'Was your issue resolved?',
  csatLabels: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  cesLabels: ['Strongly disagree', 'Disagree', 'Somewhat disagree', 'Neither agree nor disagree', 'Somewhat agree', 'Agree', 'Strongly agree'],
  emojiLabels: ['Terrible', 'Bad', 'Okay', 'Good', 'Great'],
  thumbsLabels: ['Thumbs down', 'Thumbs up'],
  fcrLabels: ['No', 'Yes'],
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  followLow: 'What could we do better?',
  followMid: 'What would make it even better?',
  followHigh: 'What did you like most?',
  optional: '(optional)',
  reasons: 'What was it about?',
  send: 'Send',
  thanks: 'Thank you for your feedback!',
  offline: 'You seem to be offline. Your rating is saved and will be sent when you are back online.',
  error: 'Sorry, your rating could not be sent.',
  close: 'Close',
  launcher: 'Feedback',
};
