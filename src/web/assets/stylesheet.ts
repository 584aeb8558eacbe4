/**
 * The one stylesheet, served from /assets with a content hash in its name. Kept in TypeScript so the build
 * ships it without a copy step. Colours meet WCAG AA contrast (4.5:1 for text) on their backgrounds.
 */
export const STYLESHEET = String.raw`
:root {
  --text: #1c2330; --muted: #4b5563; --line: #d5dae1; --page: #f5f7fa; --card: #ffffff;
  --accent: #1a56b8; --accent-dark: #123f8a; --accent-soft: #e8effb;
  --good: #146c34; --good-soft: #e4f4e9; --bad: #a1251b; --bad-soft: #fbe9e7; --warn: #7a4b00; --warn-soft: #fff4db;
  --neutral: #3f4a5a; --neutral-soft: #eceff4; --hot: #fff0c2; --hot-line: #b7791f;
  --baseline: #5f6b7a; --mine: #1a56b8; --reference: #7b3fa6;
  --radius: 8px; --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--text); background: var(--page); }
a { color: var(--accent); text-underline-offset: 2px; }
a:hover { color: var(--accent-dark); }
:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; border-radius: 3px; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--card); padding: 8px 12px; z-index: 10; }
.skip-link:focus { left: 8px; top: 8px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

.site-header { background: #14213d; color: #fff; }
.site-header .bar { max-width: 1100px; margin: 0 auto; padding: 10px 20px; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 20px; }
.brand { color: #fff; font-weight: 700; font-size: 1.15rem; text-decoration: none; letter-spacing: .01em; }
.brand:hover { color: #fff; }
.site-nav { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; flex: 1; }
.site-nav a { color: #dbe4f5; text-decoration: none; padding: 4px 2px; }
.site-nav a:hover, .site-nav a[aria-current="page"] { color: #fff; text-decoration: underline; }
.who { display: flex; gap: 10px; align-items: center; color: #dbe4f5; font-size: .95rem; }
.who form { margin: 0; }
.who button { background: transparent; color: #fff; border: 1px solid #8da2c9; padding: 4px 10px; border-radius: 6px; font: inherit; cursor: pointer; }
.who button:hover { background: #22345c; }

main { max-width: 1100px; margin: 0 auto; padding: 20px; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 8px 0 6px; }
h2 { font-size: 1.3rem; margin: 28px 0 10px; }
h3 { font-size: 1.1rem; margin: 20px 0 8px; }
p { margin: 8px 0; }
.lead { color: var(--muted); margin-top: 0; }
.breadcrumbs { font-size: .95rem; color: var(--muted); margin: 0 0 4px; }
.breadcrumbs a { color: var(--muted); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 16px 20px; margin: 16px 0; }
.card > h2:first-child, .card > h3:first-child { margin-top: 0; }
.grid { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); }
.grid > .card { margin: 0; }
.muted { color: var(--muted); }
.small { font-size: .9rem; }
.notice { border-left: 4px solid var(--accent); background: var(--accent-soft); padding: 10px 14px; border-radius: 4px; margin: 12px 0; }
.notice.good { border-color: var(--good); background: var(--good-soft); }
.notice.bad { border-color: var(--bad); background: var(--bad-soft); }
.notice.warn { border-color: var(--hot-line); background: var(--warn-soft); }

code.small { overflow-wrap: anywhere; }
code, pre, kbd { font-family: var(--mono); font-size: .9em; }
:not(pre) > code { background: var(--neutral-soft); padding: 1px 5px; border-radius: 4px; }
pre { background: #0f1726; color: #e6edf7; padding: 12px 14px; border-radius: 6px; overflow-x: auto; line-height: 1.45; }
.description { overflow-wrap: break-word; }
.description img { max-width: 100%; }
.description blockquote { margin: 8px 0; padding: 4px 14px; border-left: 4px solid var(--line); color: var(--muted); }

.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: #f0f3f7; }
tbody th { background: transparent; }
td.num, th.num, .align-right { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.align-center { text-align: center; }
caption { text-align: left; font-weight: 600; padding: 0 0 6px; }

.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 600; font-size: .9rem; border: 1px solid transparent; white-space: nowrap; }
.badge.good { background: var(--good-soft); color: var(--good); border-color: #9fd3b0; }
.badge.bad { background: var(--bad-soft); color: var(--bad); border-color: #efb3ab; }
.badge.neutral { background: var(--neutral-soft); color: var(--neutral); border-color: #c8cfd9; }

.button, button, input[type="submit"] { display: inline-block; background: var(--accent); color: #fff; border: 1px solid var(--accent); border-radius: 6px; padding: 9px 16px; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; line-height: 1.3; }
.button:hover, button:hover { background: var(--accent-dark); color: #fff; }
.button.secondary, button.secondary { background: var(--card); color: var(--accent); }
.button.secondary:hover, button.secondary:hover { background: var(--accent-soft); color: var(--accent-dark); }
.actions { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin: 12px 0; }
.actions form { margin: 0; }

label { font-weight: 600; display: block; margin: 12px 0 4px; }
input[type="email"], input[type="password"], input[type="text"], select, textarea { width: 100%; max-width: 32rem; padding: 9px 11px; border: 1px solid #8792a2; border-radius: 6px; font: inherit; background: #fff; color: var(--text); }
textarea { max-width: none; min-height: 10rem; font-family: var(--mono); font-size: .9rem; }
input[type="file"] { font: inherit; max-width: 100%; }
.hint { color: var(--muted); font-size: .9rem; margin: 2px 0 8px; }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); padding: 8px 16px 16px; margin: 12px 0; }
legend { font-weight: 600; padding: 0 6px; }
.form-narrow { max-width: 26rem; }

.dropzone { border: 2px dashed #8792a2; border-radius: var(--radius); padding: 18px; text-align: center; background: #fafbfd; }
.dropzone.dragging { border-color: var(--accent); background: var(--accent-soft); }
.dropzone label { margin-top: 0; }
.chosen-file { font-family: var(--mono); margin: 6px 0 0; }

.figure-row { display: flex; flex-wrap: wrap; gap: 12px 28px; margin: 6px 0 12px; }
.figure { min-width: 8rem; }
.figure .value { font-size: 1.6rem; font-weight: 700; line-height: 1.2; }
.figure .label { color: var(--muted); font-size: .9rem; }
.verdict-head { display: flex; flex-wrap: wrap; gap: 6px 20px; align-items: center; }
.verdict-head h2, .verdict-head p { margin: 0; }
.verdict-head .score { font-size: 2rem; font-weight: 700; }

.chart { width: 100%; height: auto; max-width: 440px; display: block; }
.chart text { font-family: inherit; fill: var(--text); }
.chart .axis-label, .chart .tick-label { fill: var(--muted); }
.chart .value-label { paint-order: stroke; stroke: var(--card); stroke-width: 4px; stroke-linejoin: round; }
.chart .grid-line { stroke: #e3e7ed; }
.chart .axis-line { stroke: #9aa4b2; }
.chart .bar-baseline { fill: var(--baseline); }
.chart .bar-mine { fill: var(--mine); }
.chart .bar-reference { fill: var(--reference); }
.chart .bar-plain { fill: var(--accent); }
.chart .target-line { stroke: var(--good); stroke-dasharray: 5 4; stroke-width: 2; }
.chart .target-label { fill: var(--good); }
.chart .series-line { fill: none; stroke: var(--accent); stroke-width: 2.5; }
.chart .series-point { fill: var(--card); stroke: var(--accent); stroke-width: 2.5; }
.chart .series-point.good { fill: var(--good); stroke: var(--good); }
.charts { display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: 6px; }

.progress-card ol { list-style: none; padding: 0; margin: 10px 0; display: flex; flex-wrap: wrap; gap: 6px; }
.progress-card li { padding: 4px 10px; border-radius: 999px; background: var(--neutral-soft); color: var(--neutral); font-size: .9rem; }
.progress-card li.done { background: var(--good-soft); color: var(--good); }
.progress-card li.current { background: var(--accent); color: #fff; font-weight: 600; }
.progress-card progress { width: 100%; height: 12px; }
.progress-message { font-weight: 600; }

.profile td.source, .source-listing td.source { font-family: var(--mono); font-size: .85rem; white-space: pre; }
.profile tr.hot td { background: var(--hot); }
.profile tr.hot td:first-child { box-shadow: inset 4px 0 0 var(--hot-line); }
.profile .share svg { vertical-align: middle; }
.profile .share rect.fill { fill: var(--hot-line); }
.profile .share rect.track { fill: #e3e7ed; }
.source-listing td.line-no { color: var(--muted); text-align: right; user-select: none; width: 3.5rem; }
.source-listing tr.error-line td { background: var(--bad-soft); }
.source-listing tr.error-line td.line-no { color: var(--bad); font-weight: 700; box-shadow: inset 4px 0 0 var(--bad); }
.source-listing td { padding: 1px 10px; border: 0; }

.side-by-side { display: grid; gap: 16px; grid-template-columns: repeat(2, minmax(0, 1fr)); }
.side-by-side h2 { font-size: 1.05rem; margin: 12px 0 6px; }
.source-listing td.frag-anchor { width: 2rem; padding: 1px 2px; user-select: none; }
.frag-link { font-size: .8rem; font-weight: 700; text-decoration: none; padding: 0 4px; border-radius: 4px; background: var(--neutral-soft); }
.source-listing tr:target td, .source-listing tr:has(a:target) td { background: var(--hot); }
mark.frag { color: inherit; border-radius: 2px; }
.frag-0 { background: #ffe08a; } .frag-1 { background: #b9e3c6; } .frag-2 { background: #c7d9f8; }
.frag-3 { background: #f6c6d5; } .frag-4 { background: #ddd0f3; } .frag-5 { background: #f9d3ad; }
.frag-swatch { display: inline-block; width: .8em; height: .8em; margin-right: 6px; border-radius: 2px; border: 1px solid #9aa4b2; vertical-align: middle; }
tr.flagged td:first-child { box-shadow: inset 4px 0 0 var(--bad); }
label.inline { font-weight: 400; display: block; margin: 4px 0; }
.clusters li { margin: 6px 0; }
.leaderboard tr.me td { background: var(--accent-soft); font-weight: 600; }
.copy-row { display: flex; gap: 10px; flex-wrap: wrap; margin: 8px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
details { margin: 6px 0; }
summary { cursor: pointer; }
.plain-list { list-style: none; padding: 0; margin: 16px 0; }
.assignment-item h2 { margin: 0 0 8px; font-size: 1.2rem; }
.site-footer { max-width: 1100px; margin: 20px auto; padding: 0 20px 30px; color: var(--muted); font-size: .9rem; }

@media (max-width: 640px) {
  main { padding: 14px; }
  h1 { font-size: 1.45rem; }
  .card { padding: 12px 14px; }
  th, td { padding: 6px 7px; }
  .verdict-head .score { font-size: 1.6rem; }
  dl.facts { gap: 2px 12px; }
  .hide-narrow { display: none; }
  .side-by-side { grid-template-columns: minmax(0, 1fr); }
  .figure-row { gap: 10px 18px; }
  .figure { min-width: 0; flex: 1 1 40%; }
  .figure .value { font-size: 1.35rem; }
}
`;
