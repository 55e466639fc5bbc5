import type { Config, EventJob } from '@feedloop/runtime';
import type { EnrichedRecord } from '@feedloop/schema';
import { toRecord } from '../to-record.js';
import { cleanUrl } from './clean-url.js';
import { openCountryLookup, type CountryLookup } from './country.js';
import { parseDevice } from './device.js';
import { createRedactor, type Redactor } from './redact.js';
import { createSentiment } from './sentiment.js';
import { compileTopics, DEFAULT_TOPICS, mergeTopics, type TopicMatcher } from './topics.js';

/** Turns a queued event into the record destinations receive. Synchronous: it runs for every event. */
export type Enricher = (job: EventJob) => EnrichedRecord;

type Context = NonNullable<EnrichedRecord['context']>;
type Answers = NonNullable<EnrichedRecord['answers']>;

/** What differs between sites: the query parameters kept and the topics looked for. */
interface SiteRules {
  keepQuery: ReadonlySet<string>;
  topics: TopicMatcher | undefined;
}

const PLACEHOLDERS = /\[(?:email|phone|card)\]/g;

/**
 * Builds the enrichment step from the config, once, at start-up: opens the GeoIP database (`enrich.geoip`; a missing
 * or unreadable file throws CONFIG_UNREADABLE), compiles the redaction and topic patterns and creates the sentiment
 * analyser. The function it answers adds, to `toRecord`'s site, score, bucket and times: `context.device` from the user
 * agent, `context.country` and `context.ip`, `context.url` and `context.referrer` without query string and fragment
 * (but for the parameters named in `privacy.keepQuery` and the site's `keepQuery`), the comment and string answers
 * redacted per `privacy.redact`, and, for a non-empty comment, `sentiment` and `topics`. See docs/enrichment.md.
 */
export async function loadEnricher(config: Readonly<Config>): Promise<Enricher> {
  const country = config.enrich.geoip ? await openCountryLookup(config.enrich.geoip) : undefined;
  const redact = createRedactor(config.privacy.redact);
  const sentiment = createSentiment();
  const topics = mergeTopics(config.enrich.defaultTopics ? DEFAULT_TOPICS : {}, config.enrich.topics);
  const everySite: SiteRules = { keepQuery: new Set(config.privacy.keepQuery), topics: compileTopics(topics) };
  const sites = new Map<string, SiteRules>(
    config.sites.map((site) => [
      site.id,
      {
        keepQuery: site.keepQuery?.length ? new Set([...config.privacy.keepQuery, ...site.keepQuery]) : everySite.keepQuery,
        topics: site.topics ? compileTopics(mergeTopics(topics, site.topics)) : everySite.topics,
      },
    ]),
  );

  return (job) => {
    const record = toRecord(job);
    // A site removed from the config since the event was queued gets the rules every site shares.
    const rules = sites.get(job.site) ?? everySite;
    if (redact) {
      if (record.comment) record.comment = redact(record.comment);
      if (record.answers) record.answers = redactAnswers(record.answers, redact);
    }
    if (record.comment) {
      record.sentiment = sentiment(record.comment);
      // The placeholders are not the customer's words: "[card]" must not count for a topic keyed on "card".
      if (rules.topics) record.topics = rules.topics(redact ? record.comment.replace(PLACEHOLDERS, ' ') : record.comment);
    }
    const context = enrichContext(record.context, job, rules.keepQuery, country);
    if (context) record.context = context;
    else delete record.context;
    return record;
  };
}

function redactAnswers(answers: Answers, redact: Redactor): Answers {
  const out: Answers = {};
  for (const [key, value] of Object.entries(answers)) out[key] = typeof value === 'string' ? redact(value) : value;
  return out;
}

function enrichContext(context: Context | undefined, job: EventJob, keepQuery: ReadonlySet<string>, country: CountryLookup | undefined): Context | undefined {
  const out: Context = { ...context };
  for (const field of ['url', 'referrer'] as const) {
    const raw = out[field];
    if (raw === undefined) continue;
    const clean = cleanUrl(raw, keepQuery);
    if (clean === undefined) delete out[field];
    else out[field] = clean;
  }
  const device = parseDevice(job.userAgent);
  if (device) out.device = device;
  const code = country?.(job.ip);
  if (code) out.country = code;
  // Already truncated or hashed by ingest, per privacy.ip.
  if (job.ip) out.ip = job.ip;
  return Object.keys(out).length > 0 ? out : undefined;
}
