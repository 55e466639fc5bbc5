/** Topic name → keywords: words or short phrases, matched whole-word, case-insensitively, with simple word forms. */
export type TopicKeywords = Readonly<Record<string, readonly string[]>>;

/** The names of the topics a comment mentions, in the order the topics are defined. */
export type TopicMatcher = (text: string) => string[];

/** The built-in English topics (`enrich.defaultTopics: false` turns them off). */
export const DEFAULT_TOPICS: TopicKeywords = {
  price: ['price', 'cost', 'expensive', 'cheap', 'cheaper', 'overpriced', 'pricey', 'fee', 'charge', 'discount', 'refund', 'value for money'],
  delivery: ['delivery', 'deliver', 'shipping', 'ship', 'shipment', 'courier', 'parcel', 'package', 'tracking', 'dispatch', 'postage', 'arrive'],
  speed: ['fast', 'faster', 'slow', 'slower', 'slowly', 'quick', 'quickly', 'speed', 'wait', 'delay', 'late', 'took forever'],
  staff: ['staff', 'employee', 'agent', 'cashier', 'manager', 'customer service', 'customer support', 'rude', 'polite', 'helpful', 'unhelpful', 'attitude'],
  quality: ['quality', 'broken', 'damage', 'defective', 'faulty', 'flimsy', 'sturdy', 'durable', 'well made', 'poorly made', 'cheaply made'],
  usability: ['easy', 'intuitive', 'confuse', 'complicated', 'navigation', 'navigate', 'interface', 'layout', 'user friendly', 'hard to use', 'hard to find', 'clunky'],
  bug: ['bug', 'buggy', 'error', 'crash', 'glitch', 'freeze', 'froze', 'not working', "doesn't work", "didn't work", "won't load", 'stuck'],
};

/**
 * `base` with `overrides` laid over it: a topic named in both takes the override's keywords, a new name adds a topic,
 * and an empty list removes the topic.
 */
export function mergeTopics(base: TopicKeywords, overrides: TopicKeywords | undefined): TopicKeywords {
  const merged: Record<string, readonly string[]> = { ...base, ...overrides };
  return Object.fromEntries(Object.entries(merged).filter(([, keywords]) => keywords.length > 0));
}

/** A matcher for `topics`, its patterns compiled once; undefined when there is no topic to look for. */
export function compileTopics(topics: TopicKeywords): TopicMatcher | undefined {
  const compiled = Object.entries(topics)
    .filter(([, keywords]) => keywords.length > 0)
    .map(([name, keywords]) => ({ name, pattern: topicPattern(keywords) }));
  if (compiled.length === 0) return undefined;
  return (text) => compiled.filter(({ pattern }) => pattern.test(text)).map(({ name }) => name);
}

function topicPattern(keywords: readonly string[]): RegExp {
  const alternatives = keywords.map(keywordPattern).filter((pattern) => pattern !== '');
  // Letters or digits on either side mean another word: "ship" is not in "relationship", "late" not in "chocolate".
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

/** A keyword as a pattern: its words separated by spaces or hyphens, the last one in its simple forms. */
function keywordPattern(keyword: string): string {
  const words = keyword.trim().toLowerCase().split(/[\s-]+/).filter(Boolean);
  const last = words.pop();
  if (last === undefined) return '';
  return [...words.map(literal), wordForms(last)].join('[\\s-]+');
}

/** An English word's plural, past and -ing forms (price → prices, priced, pricing; ship → shipped; delivery → deliveries). */
function wordForms(word: string): string {
  const w = literal(word);
  if (!/^[a-z]{3,}$/.test(word)) return w;
  if (word.endsWith('ee')) return `${w}s?`;
  if (word.endsWith('e')) return `(?:${w}[sd]?|${literal(word.slice(0, -1))}ing)`;
  if (/[^aeiou]y$/.test(word)) return `(?:${w}|${literal(word.slice(0, -1))}(?:ies|ied|ier|iest|ily))`;
  const forms = [`${w}(?:s|es|ed|ing)?`];
  // Consonant-vowel-consonant doubles its last letter: ship → shipped, shipping; bug → bugged.
  if (/[^aeiou][aeiou][^aeiouwxy]$/.test(word)) forms.push(`${w}${word.at(-1)}(?:ed|ing)`);
  return forms.length === 1 ? forms[0]! : `(?:${forms.join('|')})`;
}

/** Literal text in a pattern; an apostrophe matches ’ too, or none ("doesnt"). */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/'/g, "['’]?");
}
