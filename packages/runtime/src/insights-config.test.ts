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
      { id: 'csat-all', metric: 'csat', touchpoint: '*', min: 85, minResponses: 30, windowDays: 7 },
      { id: 'nps-support_any', metric: 'nps', touchpoint: 'support.*', min: 40, minResponses: 30, windowDays: 7 },
    ]);
  });

  it('refuses two targets with one id, and a window past 90 days', () => {
    const problems = problemsOf({ ...BASE, insights: { targets: [{ metric: 'csat', min: 80 }, { metric: 'csat', min: 90, windowDays: 120 }] } });
    expect(problems.map((p) => p.path).sort()).toEqual(['insights.targets.1.windowDays']);
    const twice = problemsOf({ ...BASE, insights: { targets: [{ metric: 'csat', min: 80 }, { metric: 'csat', min: 90 }] } });
    expect(twice).toEqual([expect.objectContaining({ path: 'insights.targets.1.id', message: 'id "csat-all" is used twice' })]);
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
