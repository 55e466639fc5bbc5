import { describe, expect, it } from 'vitest';
import { bandPath, labelIndexes, linearScale, linePath, runs, spread } from './chart-geometry.js';

describe('chart geometry', () => {
  it('scales linearly, top of the plot for the top of the domain, clamping what lies outside', () => {
    const y = linearScale([0, 100], [200, 10]);
    expect([y(0), y(50), y(100), y(-20), y(140)]).toEqual([200, 105, 10, 200, 10]);
    const nps = linearScale([-100, 100], [200, 0]);
    expect(nps(0)).toBe(100);
  });

  it('spreads points over the plot, one point in the middle', () => {
    expect(spread(3, [0, 100])).toEqual([0, 50, 100]);
    expect(spread(1, [0, 100])).toEqual([50]);
    expect(spread(0, [0, 100])).toEqual([]);
  });

  it('breaks lines and bands where a day has no responses', () => {
    expect(runs([1, 2, null, null, 3, null])).toEqual([[1, 2], [3]]);
    const points = [{ x: 0, y: 10 }, { x: 10, y: 20 }, null, { x: 30, y: 5 }, { x: 40, y: 6 }];
    expect(linePath(points)).toBe('M0 10L10 20M30 5L40 6');
    // A lone point has no line: the dot shows it.
    expect(linePath([{ x: 0, y: 1 }, null, { x: 2, y: 3 }])).toBe('');
  });

  it('draws the band along the upper bounds and back along the lower ones, a lone point as a narrow box', () => {
    expect(bandPath([{ x: 0, lo: 50, hi: 10 }, { x: 10, lo: 60, hi: 20 }])).toBe('M0 10L10 20L10 60L0 50Z');
    expect(bandPath([null, { x: 20, lo: 50, hi: 30 }], 4)).toBe('M16 30L24 30L24 50L16 50Z');
    expect(bandPath([null, null])).toBe('');
  });

  it('labels at most a few evenly spaced points, the first and last always', () => {
    expect(labelIndexes(5, 7)).toEqual([0, 1, 2, 3, 4]);
    expect(labelIndexes(30, 4)).toEqual([0, 10, 19, 29]);
    expect(labelIndexes(0, 4)).toEqual([]);
  });
});
