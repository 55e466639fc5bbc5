// @vitest-environment happy-dom
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { InsightsRow } from '../api/api-types.js';
import { SummaryTable } from './summary-table.js';

const row = (key: string, count: number, headline: number | null): InsightsRow => ({
  key,
  count,
  histogram: {},
  buckets: {},
  headline,
  ci95: headline == null ? null : [headline - 10, Math.min(100, headline + 10)],
});

const container = document.createElement('div');
document.body.append(container);
afterEach(() => render(null, container));
const keys = () => [...container.querySelectorAll('tbody th')].map((th) => th.textContent);
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a summary table', () => {
  it('sorts by responses first, then by the column whose header is pressed, and says so to screen readers', async () => {
    const rows = [row('checkout', 5, 80), row('support.chat', 12, 50), row('help', 3, null), row('app', 7, 95)];
    render(<SummaryTable metric="csat" caption="CSAT by touchpoint" keyLabel="Touchpoint" keyName="touchpoint" rows={rows} csvFilename="x.csv" />, container);
    expect(keys()).toEqual(['support.chat', 'app', 'checkout', 'help']);
    const headline = [...container.querySelectorAll('thead th')][2]!;
    headline.querySelector('button')!.click();
    await flush();
    expect(keys()).toEqual(['app', 'checkout', 'support.chat', 'help']);
    expect(headline.getAttribute('aria-sort')).toBe('descending');
    headline.querySelector('button')!.click();
    await flush();
    // Ascending, and still the row without a figure last.
    expect(keys()).toEqual(['support.chat', 'checkout', 'app', 'help']);
    expect(headline.getAttribute('aria-sort')).toBe('ascending');
    expect(container.querySelector('caption')?.textContent).toBe('CSAT by touchpoint');
    expect(container.querySelector('button.csv')?.getAttribute('aria-label')).toBe('Download CSV of CSAT by touchpoint');
  });
});
