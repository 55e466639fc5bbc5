import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigProblem } from './load-config.js';

const BASE = { sites: [{ id: 'shop', publicKey: 'pk_shop_123456' }] };
const env = { SLACK_URL: 'https://hooks.slack.com/services/T0/B0/x', HUBSPOT_TOKEN: 'pat-na1-0000' };

function problemsOf(input: unknown): ConfigProblem[] {
  try {
    parseConfig(input, env);
  } catch (error) {
    return (error as { details: ConfigProblem[] }).details;
  }
  throw new Error('expected the config to be refused');
}

describe('insights config', () => {
  it('defaults: 400 days, no targets, detractor alerts on, 600 reads a minute', () => {
    expect(parseConfig(BASE, env).insights).toEqual({ retentionDays: 400, targets: [], detractorAlerts: true, readsPerMinute: 600 });
  });

  it('fills a target from the documented shape, with an id made from its metric and touchpoint', () => {
    const config = parseConfig({ ...BASE, insights: { targets: [{ metric: 'csat', touchpoint: '*', min: 85, minResponses: 30 }, { metric: 'nps', touchpoint: 'support.*', min: 40 }] } }, env);
    expect(config.insights.targets).toEqual([
      { id: 'csat-all', metric: 'csat', touchpoint: '*', min: 85, minResponses: 30, windowDays: 7, cooldownHours: 24 },
      { id: 'nps-support_any', metric: 'nps', touchpoint: 'support.*', min: 40, minResponses: 30, windowDays: 7, cooldownHours: 24 },
    ]);
  });

  it('refuses two targets with one id, and a window past 90 days', () => {
    const problems = problemsOf({ ...BASE, insights: { targets: [{ metric: 'csat', min: 80 }, { metric: 'csat', min: 90, windowDays: 120 }] } });
    expect(problems.map((p) => p.path).sort()).toEqual(['insights.targets.1.windowDays']);
    const twice = problemsOf({ ...BASE, insights: { targets: [{ metric: 'csat', min: 80 }, { metric: 'csat', min: 90 }] } });
    expect(twice).toEqual([expect.objectContaining({ path: 'insights.targets.1.id', message: 'id "csat-all" is used twice' })]);
  });

  it('refuses a min off the headline scale, a glob with other characters, and a site that is not configured', () => {
    const problems = problemsOf({
      ...BASE,
      insights: {
        targets: [
          { metric: 'csat', min: 0.85 * 100, touchpoint: 'Support/*' },
          { metric: 'ces', min: 8 },
          { metric: 'nps', min: -101 },
          { metric: 'thumbs', min: 50, sites: ['shop', 'blog'] },
        ],
      },
    });
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['insights.targets.0.touchpoint', 'a touchpoint name, * matching any characters'],
      ['insights.targets.1.min', 'a ces headline is 1…7 (the mean)'],
      ['insights.targets.2.min', 'a nps headline is -100…100'],
      ['insights.targets.3.sites', 'no site blog is configured'],
    ]);
    expect(parseConfig({ ...BASE, insights: { targets: [{ metric: 'nps', min: -100 }, { metric: 'fcr', min: 100 }] } }, env).insights.targets).toHaveLength(2);
  });

  it('sends ratings by default, and alerts by default to Slack only', () => {
    const config = parseConfig(
      {
        ...BASE,
        destinations: [
          { id: 'alerts', type: 'slack', webhookUrl: { env: 'SLACK_URL' } },
          { id: 'crm', type: 'hubspot', token: { env: 'HUBSPOT_TOKEN' } },
        ],
      },
      env,
    );
    expect(config.destinations.map((d) => d.when.types)).toEqual([['alert.detractor', 'alert.target_missed'], ['feedback.created']]);
  });

  it('refuses alerts for a destination whose provider takes ratings only', () => {
    const problems = problemsOf({ ...BASE, destinations: [{ id: 'crm', type: 'hubspot', token: { env: 'HUBSPOT_TOKEN' }, when: { types: ['feedback.created', 'alert.detractor'] } }] });
    expect(problems).toEqual([
      expect.objectContaining({ path: 'destinations.0.when.types', message: expect.stringContaining('hubspot takes ratings only; alert.detractor can go to slack, webhook or zendesk') }),
    ]);
  });
});
