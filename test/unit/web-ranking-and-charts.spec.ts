import { barChart } from '../../src/web/charts/bar-chart.js';
import { logScale } from '../../src/web/charts/scales.js';
import { scoreBins, speedupBins } from '../../src/web/dashboard-stats.js';
import { formatBytes, formatMs, formatSpeedup, timeLeft } from '../../src/web/html/format.js';
import { html } from '../../src/web/html/html.js';
import { rankWithTies } from '../../src/web/leaderboard/ranking.js';
import { localPath } from '../../src/web/local-path.js';

describe('leaderboard ranking', () => {
  it('ranks by speedup and ties speedups that lie within the measurement noise', () => {
    const ranked = rankWithTies([
      { name: 'c', speedup: 30, cv: 0.02 },
      { name: 'a', speedup: 50, cv: 0.02 },
      { name: 'b', speedup: 49, cv: 0.02 },
      { name: 'd', speedup: 10, cv: null },
    ]);
    expect(ranked.map((r) => [r.entry.name, r.rank, r.tied])).toEqual([
      ['a', 1, true],
      ['b', 1, true],
      ['c', 3, false],
      ['d', 4, false],
    ]);
  });

  it('ties more when the measurements were noisy, anchored at the fastest of the group', () => {
    const ranked = rankWithTies([
      { speedup: 50, cv: 0.2 },
      { speedup: 40, cv: 0.2 },
      { speedup: 25, cv: 0.2 },
    ]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 3]);
  });
});

describe('charts and figures', () => {
  it('escapes everything that is text, in HTML and in SVG', () => {
    expect(html`<p title="${'"><script>'}">${'<b>'}</p>`.value).toBe('<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;</p>');
    const svg = barChart({ id: 'c', title: 'T <1>', description: 'D & d', bars: [{ label: '<Yours>', value: 2, tone: 'mine' }], scale: 'log', format: formatMs, axisLabel: 'ms' }).value;
    expect(svg).toContain('<title id="c-title">T &lt;1&gt;</title>');
    expect(svg).toContain('aria-labelledby="c-title c-desc"');
    expect(svg).toContain('&lt;Yours&gt;');
    expect(svg).not.toContain('<Yours>');
  });

  it('puts log ticks on whole decades around the data', () => {
    expect(logScale([1.3, 600], 300).ticks).toEqual([1, 10, 100, 1000]);
    expect(logScale([2, 8], 300).ticks).toEqual([1, 2, 5, 10]);
  });

  it('bins scores in tenths of the maximum and speedups in growing ranges', () => {
    expect(scoreBins([0, 55, 100, 99.9], 100).bins.map((b) => b.count)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(speedupBins([0.5, 1, 19.9, 20, 250]).bins.map((b) => b.count)).toEqual([1, 1, 0, 0, 1, 1, 0, 1]);
  });

  it('writes times, memory, speedups and deadlines for people', () => {
    expect([formatMs(0.5), formatMs(10.696), formatMs(603.8), formatMs(1234)]).toEqual(['500 µs', '10.7 ms', '604 ms', '1.23 s']);
    expect([formatBytes(160), formatBytes(7149), formatBytes(3 * 1024 ** 2)]).toEqual(['160 B', '6.98 KiB', '3 MiB']);
    expect([formatSpeedup(56.45), formatSpeedup(0.8), formatSpeedup(123.4)]).toEqual(['56.5×', '0.8×', '123×']);
    const now = new Date('2026-01-10T12:00:00Z');
    expect(timeLeft('2026-01-13T16:30:00Z', now)).toBe('3 days 4 h left');
    expect(timeLeft('2026-01-10T09:00:00Z', now)).toBe('deadline passed 3 h ago');
  });
});

describe('where a form may send someone', () => {
  const request = { get: () => 'grader.example.edu' } as never;

  it('accepts paths and this host, and nothing else', () => {
    expect(localPath('/assignments/x?y=1', request)).toBe('/assignments/x?y=1');
    expect(localPath('https://grader.example.edu/submissions/1', request)).toBe('/submissions/1');
    for (const target of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', ['/a'], undefined]) {
      expect(localPath(target, request)).toBeUndefined();
    }
  });
});
