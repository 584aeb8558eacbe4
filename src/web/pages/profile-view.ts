import type { ProfileLine } from '../../grading/report.types.js';
import { formatMs, significant } from '../html/format.js';
import { html, type Html } from '../html/html.js';

/** A line is hot when it takes at least this share of the function's time (the busiest line always is). */
const HOT_PERCENT = 10;

/**
 * The line profile the way kernprof prints it: the student's function line by line with hits, time and share
 * of time; the lines where the time goes are highlighted (and say so in words).
 */
export function profileSection(profile: ProfileLine[], source: string, warnings: string[]): Html {
  const heading = html`<h2 id="profile-heading">Where the time goes: line profile</h2>`;
  if (profile.length === 0) {
    const why = warnings.find((w) => w.startsWith('No line profile'));
    return html`<section class="card" aria-labelledby="profile-heading">${heading}<p>${why ?? 'There is no line profile for this submission.'}</p></section>`;
  }
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const byFunction = new Map<string, ProfileLine[]>();
  for (const line of profile) byFunction.set(line.function, [...(byFunction.get(line.function) ?? []), line]);
  const tables = [...byFunction].map(([name, profiled]) => functionTable(name, profiled, lines));
  return html`<section class="card profile" aria-labelledby="profile-heading">
${heading}
<p class="hint">One call profiled with line_profiler. Highlighted lines take ${HOT_PERCENT} % of the time or more: optimise those first. Code compiled by numba runs as one call and shows no lines of its own.</p>
${tables}
</section>`;
}

function functionTable(name: string, profiled: ProfileLine[], source: string[]): Html {
  const byLine = new Map(profiled.map((line) => [line.line, line]));
  const first = Math.min(...profiled.map((line) => line.line));
  const last = Math.max(...profiled.map((line) => line.line));
  const start = definitionLine(source, name, first) ?? first;
  const busiest = Math.max(...profiled.map((line) => line.timePercent));
  const totalMs = profiled.reduce((sum, line) => sum + line.timeMs, 0);
  const rows: Html[] = [];
  for (let n = start; n <= last; n++) {
    const line = byLine.get(n);
    const text = line?.source ?? source[n - 1] ?? '';
    if (!line) {
      rows.push(html`<tr><td class="num">${n}</td><td class="num"></td><td class="num hide-narrow"></td><td class="num"></td><td class="source">${text || ' '}</td></tr>`);
      continue;
    }
    const hot = line.timePercent >= HOT_PERCENT || line.timePercent === busiest;
    rows.push(html`<tr${hot ? html` class="hot"` : null}>
<td class="num">${n}${hot ? html`<span class="visually-hidden"> (hot line)</span>` : null}</td>
<td class="num">${line.hits.toLocaleString('en-US')}</td>
<td class="num hide-narrow">${formatMs(line.timeMs)}</td>
<td class="num share">${significant(line.timePercent, 3)} % ${shareBar(line.timePercent)}</td>
<td class="source">${text}</td></tr>`);
  }
  return html`<div class="table-wrap" tabindex="0"><table>
<caption>${name}(): ${formatMs(totalMs)} in this call</caption>
<thead><tr><th scope="col" class="num">Line</th><th scope="col" class="num">Hits</th><th scope="col" class="num hide-narrow">Time</th><th scope="col" class="num">% time</th><th scope="col">Code</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

/** The `def` of the function just above its first profiled line, so the listing starts where the function does. */
function definitionLine(source: string[], name: string, firstProfiled: number): number | undefined {
  const def = new RegExp(`^\\s*(async\\s+)?def\\s+${name.replace(/[^\w]/g, '')}\\s*\\(`);
  for (let n = firstProfiled - 1; n >= Math.max(1, firstProfiled - 200); n--) if (def.test(source[n - 1] ?? '')) return n;
  return undefined;
}

function shareBar(percent: number): Html {
  const width = Math.max(1, Math.min(60, (percent / 100) * 60));
  return html`<svg width="60" height="8" aria-hidden="true" focusable="false"><rect class="track" width="60" height="8" rx="2"/><rect class="fill" width="${width.toFixed(1)}" height="8" rx="2"/></svg>`;
}
