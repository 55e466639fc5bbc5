import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from '@feedloop/schema/metrics';
import { useWidgetSite, widgetPage } from '../helpers/widget-site.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const harness = useWidgetSite();

interface Violation {
  id: string;
  help: string;
  nodes: { target: unknown[]; failureSummary: string }[];
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(
    async (tags) => (await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations,
    WCAG_22_AA,
  );
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} at ${JSON.stringify(n.target)} (${n.failureSummary})`));
}

describe.each(['light', 'dark'] as const)('accessibility, %s theme', (theme) => {
  it('every metric, before and after a rating, and the popover: no axe-core violations of WCAG 2.2 AA', async () => {
    const body = `<main><h1>Order confirmed</h1>${METRIC_NAMES.map((m) => `<div id="w-${m}" data-feedloop-touchpoint="a11y.${m}" data-feedloop-metric="${m}" data-feedloop-reasons="Price,Delivery"></div>`).join('')}</main>`;
    const page = await harness.browser.newPage();
    await page.goto(harness.site.page(`/a11y-${theme}`, widgetPage(harness.site, { body, script: `Feedloop.init({ ...window.FEEDLOOP_SITE, theme: '${theme}' });` })));
    await page.locator('#w-emoji [role=radio]').first().waitFor();
    expect(await axe(page)).toEqual([]);

    for (const metric of METRIC_NAMES) await page.locator(`#w-${metric}`).getByRole('radio').last().click();
    await page.locator('#w-csat').getByRole('button', { name: 'Price' }).click();
    await page.locator('#w-csat textarea').focus();
    expect(await axe(page)).toEqual([]);

    await page.locator('#w-nps').getByRole('button', { name: 'Send' }).click();
    await page.evaluate(() => (window as unknown as { Feedloop: { ask(q: object): void } }).Feedloop.ask({ touchpoint: 'a11y.popover', metric: 'nps' }));
    await page.getByRole('dialog').getByRole('radio').first().click();
    expect(await axe(page)).toEqual([]);
    await page.close();
  });
});
