extension DefaultTheme {
    /// The site stylesheet: light and dark schemes, phone layout, print rules.
    static let style = #"""
/* Casebook theme. System fonts only: no external requests. */
:root {
  --bg: #ffffff; --fg: #1b1f24; --muted: #5a6270; --line: #d8dde4; --soft: #f3f5f8;
  --accent: #0b5cad; --accent-fg: #ffffff; --focus: #d9480f; --mark: #fff2a8;
  --warn-bg: #fff4e5; --warn-fg: #7a4100; --danger: #b42318; --ok: #1a7f37;
  --radius: 6px; --measure: 46rem;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Thai", sans-serif;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418; --fg: #e6e9ee; --muted: #a3acb9; --line: #2e3540; --soft: #1a1f26;
    --accent: #6cb6ff; --accent-fg: #0b1220; --focus: #ffa657; --mark: #5c4a00;
    --warn-bg: #3a2a10; --warn-fg: #ffd79a; --danger: #ff7b72; --ok: #56d364;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 1rem/1.6 var(--font); }
a { color: var(--accent); text-underline-offset: 2px; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
main:focus { outline: none; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--accent); color: var(--accent-fg); padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: .5rem; top: .5rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

.site-header { border-bottom: 1px solid var(--line); background: var(--soft); }
.site-header-inner { max-width: 80rem; margin: 0 auto; padding: .6rem 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; }
.brand { font-weight: 700; font-size: 1.15rem; color: var(--fg); text-decoration: none; }
.brand-mark { color: var(--accent); }
.site-nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.site-nav a { color: var(--fg); text-decoration: none; padding: .25rem 0; display: inline-block; }
.site-nav a:hover { text-decoration: underline; }

.page { max-width: 80rem; margin: 0 auto; padding: 1rem; }
.columns { display: grid; grid-template-columns: minmax(0, 1fr) 16rem; gap: 2.5rem; }
.columns > main { max-width: var(--measure); min-width: 0; }
body.wide .columns { grid-template-columns: minmax(0, 1fr); }
body.wide .columns > main { max-width: none; }
@media (max-width: 60rem) {
  .columns { grid-template-columns: minmax(0, 1fr); gap: 1rem; }
  .toc { order: -1; }
}

.breadcrumbs ol { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: .25rem; color: var(--muted); font-size: .9rem; }
.breadcrumbs li + li::before { content: "›"; margin: 0 .35rem 0 .1rem; color: var(--muted); }
.breadcrumbs a { color: var(--muted); }

h1, h2, h3, h4 { line-height: 1.25; margin: 1.8em 0 .6em; scroll-margin-top: 1rem; }
h1 { font-size: 2rem; margin-top: .2em; }
h2 { font-size: 1.45rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.15rem; }
:target { background: var(--mark); border-radius: 3px; }
.heading-link { margin-left: .4rem; font-size: .85em; text-decoration: none; opacity: 0; color: var(--muted); }
h2:hover .heading-link, h3:hover .heading-link, h4:hover .heading-link, .heading-link:focus { opacity: 1; }
p, ul, ol, dl, table, pre, blockquote { margin: 0 0 1rem; }
li + li { margin-top: .25rem; }
code { font-family: var(--mono); font-size: .9em; background: var(--soft); padding: .1em .3em; border-radius: 4px; }
pre { background: var(--soft); padding: .8rem 1rem; overflow-x: auto; border-radius: var(--radius); border: 1px solid var(--line); }
pre code { background: none; padding: 0; }
blockquote { margin-left: 0; padding: .5rem 1rem; border-left: 4px solid var(--accent); background: var(--soft); }
img { max-width: 100%; height: auto; }
hr { border: 0; border-top: 1px solid var(--line); margin: 2rem 0; }

.table-wrap { overflow-x: auto; margin: 0 0 1.25rem; border: 1px solid var(--line); border-radius: var(--radius); }
table { border-collapse: collapse; width: 100%; font-size: .95rem; margin: 0; }
th, td { text-align: left; padding: .5rem .7rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--soft); font-weight: 600; }
tbody tr:last-child td { border-bottom: 0; }
tbody tr:nth-child(even) td { background: color-mix(in srgb, var(--soft) 55%, transparent); }

.sop-header .eyebrow { margin: 0; color: var(--muted); font-size: .9rem; text-transform: uppercase; letter-spacing: .04em; }
.sop-header .summary { font-size: 1.1rem; color: var(--muted); }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .92rem; padding: .75rem 1rem; border: 1px solid var(--line); border-radius: var(--radius); background: var(--soft); }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; }
.chips { list-style: none; display: inline-flex; flex-wrap: wrap; gap: .3rem; padding: 0; margin: 0; }
.chips li { margin: 0; }
.chip { display: inline-block; padding: .05rem .55rem; border: 1px solid var(--line); border-radius: 999px; font-size: .85rem; text-decoration: none; color: var(--fg); background: var(--bg); }
a.chip:hover { border-color: var(--accent); }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 4px; font-size: .8rem; font-weight: 600; background: var(--warn-bg); color: var(--warn-fg); vertical-align: middle; }
.harm { text-transform: capitalize; font-weight: 600; }
.harm-critical, .harm-high { color: var(--danger); }
.notice { padding: .75rem 1rem; border-radius: var(--radius); background: var(--warn-bg); color: var(--warn-fg); }
.common-mistake { margin: .5rem 0 1rem; padding: .6rem 1rem; border-left: 4px solid var(--warn-fg); border-radius: var(--radius); background: var(--warn-bg); color: var(--warn-fg); }
.common-mistake p { margin: .25rem 0; }
.common-mistake a { color: inherit; }

.toc { font-size: .92rem; }
.toc-inner { position: sticky; top: 1rem; max-height: calc(100vh - 2rem); overflow-y: auto; border-left: 2px solid var(--line); padding-left: 1rem; }
.toc h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); border: 0; margin: 0 0 .5rem; }
.toc ol { list-style: none; margin: 0; padding: 0; }
.toc ol ol { padding-left: .9rem; }
.toc li { margin: .2rem 0; }
.toc a { color: var(--fg); text-decoration: none; }
.toc a:hover, .toc a[aria-current] { color: var(--accent); text-decoration: underline; }
@media (max-width: 60rem) {
  .toc-inner { position: static; max-height: none; border: 1px solid var(--line); border-radius: var(--radius); padding: .5rem 1rem; }
}

.pager { display: flex; justify-content: space-between; gap: 1rem; margin: 3rem 0 1rem; padding-top: 1rem; border-top: 1px solid var(--line); }
.pager a { display: block; max-width: 48%; text-decoration: none; padding: .5rem .75rem; border: 1px solid var(--line); border-radius: var(--radius); }
.pager a:hover { border-color: var(--accent); }
.pager .label { display: block; font-size: .8rem; color: var(--muted); }
.pager .next { margin-left: auto; text-align: right; }

.cards { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; background: var(--bg); margin: 0; }
.card h2, .card h3 { margin-top: 0; border: 0; font-size: 1.15rem; }
.card p { color: var(--muted); }
.card ul { padding-left: 1.1rem; margin-bottom: 0; }
.page-list { list-style: none; padding: 0; }
.page-list > li { padding: .6rem 0; border-bottom: 1px solid var(--line); margin: 0; }
.page-list .summary { display: block; color: var(--muted); font-size: .95rem; }
.page-list .when { color: var(--muted); font-size: .85rem; }
.changes { padding-left: 1.1rem; }
.changes .version { font-weight: 600; }
.code-id { font-family: var(--mono); font-weight: 600; white-space: nowrap; }
.definition { border: 1px solid var(--line); border-radius: var(--radius); padding: 0 1rem; }

/* Search */
.search { position: relative; flex: 1 1 16rem; max-width: 32rem; margin-left: auto; }
.search input { width: 100%; font: inherit; padding: .45rem .7rem; border: 1px solid var(--line); border-radius: var(--radius); background: var(--bg); color: var(--fg); }
.search input:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
.search-results { position: absolute; z-index: 20; left: 0; right: 0; top: calc(100% + .25rem); max-height: 70vh; overflow-y: auto;
  background: var(--bg); border: 1px solid var(--line); border-radius: var(--radius); box-shadow: 0 8px 24px rgba(0,0,0,.18); padding: .25rem; }
.search-result { display: block; padding: .5rem .6rem; border-radius: 4px; color: var(--fg); text-decoration: none; }
.search-result:hover, .search-result[aria-selected="true"] { background: var(--soft); outline: 2px solid var(--accent); outline-offset: -2px; }
.search-result-title { display: block; font-size: .95rem; color: var(--accent); }
.search-result-snippet { display: block; font-size: .85rem; color: var(--muted); margin-top: .15rem; display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.search-result-chips { display: flex; flex-wrap: wrap; gap: .25rem; margin-top: .3rem; }
.search-result-chips .chip { font-size: .75rem; padding: 0 .45rem; }
.search-more { display: block; padding: .5rem .6rem; font-size: .9rem; }
mark { background: var(--mark); color: inherit; border-radius: 2px; padding: 0 .05em; }
.search-page-list { list-style: none; padding: 0; }
.search-page-list li { border-bottom: 1px solid var(--line); margin: 0; }
.search-page-list .search-result-snippet { -webkit-line-clamp: unset; display: block; }
.search-page-form { display: flex; gap: .5rem; margin-bottom: 1rem; }
.search-page-form input { flex: 1; font: inherit; padding: .5rem .7rem; border: 1px solid var(--line); border-radius: var(--radius); background: var(--bg); color: var(--fg); }
.search-page-form button { font: inherit; padding: .5rem 1rem; border-radius: var(--radius); border: 1px solid var(--accent); background: var(--accent); color: var(--accent-fg); cursor: pointer; }
@media (max-width: 40rem) { .search { flex-basis: 100%; max-width: none; } }

/* Quiz player */
.button { font: inherit; padding: .5rem 1rem; border-radius: var(--radius); border: 1px solid var(--accent); background: var(--accent); color: var(--accent-fg); cursor: pointer; }
.button.secondary { background: var(--bg); color: var(--accent); }
.button[disabled] { opacity: .5; cursor: not-allowed; }
.quiz-login { display: grid; gap: .5rem; max-width: 24rem; }
.quiz-login input, .contest textarea { font: inherit; padding: .5rem; border: 1px solid var(--line); border-radius: var(--radius); background: var(--bg); color: var(--fg); width: 100%; }
.quiz-progress { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem; margin-bottom: 1rem; }
.quiz-progress progress { flex: 1; min-width: 8rem; }
#quiz-timer { font-variant-numeric: tabular-nums; font-weight: 600; }
.case-card { border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; margin-bottom: 1rem; background: var(--soft); position: relative; }
.case-meta { color: var(--muted); font-size: .9rem; margin: 0; text-transform: capitalize; }
.case-title { margin-top: .3rem; }
.case-section h4 { margin: .8rem 0 .2rem; font-size: .95rem; }
.case-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.media-placeholder { display: grid; place-items: center; height: 6rem; border: 1px dashed var(--line); border-radius: var(--radius); color: var(--muted); }
.case-card.sensitive:not(.revealed) .case-content { filter: blur(14px) grayscale(1); user-select: none; pointer-events: none; }
.content-warning { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; padding: .75rem; margin-bottom: .75rem; border-radius: var(--radius); background: var(--warn-bg); color: var(--warn-fg); }
.quiz-options { border: 0; padding: 0; margin: 0 0 1rem; }
.quiz-options legend { font-weight: 600; margin-bottom: .5rem; }
.quiz-option { display: flex; gap: .6rem; align-items: flex-start; padding: .55rem .7rem; border: 1px solid var(--line); border-radius: var(--radius); margin: .4rem 0; }
.quiz-option:focus-within { outline: 3px solid var(--focus); outline-offset: 1px; }
.quiz-option input { margin-top: .3rem; width: 1.1rem; height: 1.1rem; }
.quiz-option label { flex: 1; cursor: pointer; }
kbd { font-family: var(--mono); font-size: .8em; border: 1px solid var(--line); border-radius: 4px; padding: 0 .3em; background: var(--bg); }
.feedback { border-left: 4px solid var(--line); padding: .5rem 1rem; margin: 1rem 0; background: var(--soft); border-radius: var(--radius); }
.feedback.right { border-left-color: var(--ok); }
.feedback.wrong { border-left-color: var(--danger); }
.contest { margin: .75rem 0; }

/* Reports: filter form, summary figures, inline SVG charts (colours from the scheme's variables) */
.reports-filter { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .75rem 1rem; padding: .75rem 1rem; margin-bottom: 1.5rem; border: 1px solid var(--line); border-radius: var(--radius); background: var(--soft); }
.reports-filter[hidden] { display: none; }
.reports-filter label { display: block; font-size: .85rem; color: var(--muted); }
.reports-filter input { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: var(--radius); background: var(--bg); color: var(--fg); width: 10rem; max-width: 100%; }
.reports-actions { display: flex; align-items: center; gap: .75rem; }
#reports-app[aria-busy="true"] { opacity: .6; }
.dash-scope, .dash-note { color: var(--muted); font-size: .92rem; }
.dash-figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: .75rem; margin: 0 0 1rem; }
.dash-figures > div { border: 1px solid var(--line); border-radius: var(--radius); padding: .6rem .8rem; background: var(--soft); }
.dash-figures dt { color: var(--muted); font-size: .85rem; }
.dash-figures dd { margin: 0; font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.dash-figures dd small { font-size: .75rem; font-weight: 400; color: var(--muted); }
.dash-id { color: var(--muted); font-family: var(--mono); font-size: .82rem; overflow-wrap: anywhere; }
.dash-table td { font-variant-numeric: tabular-nums; }
.dash-table ul { margin: 0; padding-left: 1.1rem; }
.dash-comments li { overflow-wrap: anywhere; white-space: pre-wrap; }
.chart { margin: 0 0 .75rem; color: var(--fg); }
.chart-svg { display: block; width: 100%; height: auto; max-width: 40rem; overflow: visible; }
.chart-heat .chart-svg { max-width: 34rem; }
.chart figcaption { color: var(--muted); font-size: .88rem; margin-top: .4rem; }
.chart text { fill: currentColor; font-family: var(--font); font-size: 13px; }
.chart .tick, .chart .value { fill: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
.chart .axis-title { fill: var(--muted); font-size: 12px; font-weight: 600; }
.chart a .label { fill: var(--accent); }
.chart a:hover .label { text-decoration: underline; }
.chart .flagged .label { font-weight: 700; }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .ref { stroke: var(--fg); stroke-width: 1.5; stroke-dasharray: 5 4; }
.chart .whisker { stroke: var(--muted); stroke-width: 2; }
.chart .dot { fill: var(--accent); stroke: var(--bg); stroke-width: 1.5; }
.chart .dot.flagged, .chart .flagged .whisker { fill: var(--danger); stroke: var(--danger); }
.chart .flagged .dot { stroke: var(--bg); }
.chart .band { fill: var(--accent); fill-opacity: .16; stroke: none; }
.chart .line, .swatch .line { fill: none; stroke: var(--accent); stroke-width: 2.5; }
.chart .series, .swatch .series { fill: none; stroke-width: 2; }
.series-1 { stroke: var(--danger); stroke-dasharray: 7 4; }
.series-2 { stroke: var(--warn-fg); stroke-dasharray: 2 3; }
.series-3 { stroke: var(--ok); stroke-dasharray: 8 3 2 3; }
.legend { display: inline-flex; align-items: center; gap: .35rem; margin-right: 1rem; }
.swatch { width: 1.6rem; height: .6rem; }
.chart .heat { fill: var(--accent); }
.chart .heat-zero { fill: none; stroke: var(--line); }
.chart .heat-diagonal { fill: var(--soft); stroke: var(--line); }
.chart .heat-count { fill: var(--fg); font-weight: 600; }
.chart .heat-count.on-dark { fill: var(--accent-fg); }
.chart-data { margin: 0 0 1.5rem; }
.chart-data summary { cursor: pointer; color: var(--accent); font-size: .92rem; }
.chart-data .table-wrap { margin-top: .5rem; }
@media (max-width: 40rem) {
  .reports-filter input { width: 100%; }
  .reports-filter > div { flex: 1 1 45%; }
}

.site-footer { border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; padding: 1rem; text-align: center; margin-top: 2rem; }

@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }

@media print {
  :root { --bg: #fff; --fg: #000; --muted: #333; --line: #999; --soft: #fff; --accent: #000; }
  .site-header, .site-footer, .toc, .pager, .skip-link, .heading-link, .search, .reports-filter { display: none !important; }
  .page { max-width: none; padding: 0; }
  .columns { display: block; }
  a { color: inherit; }
  .sop-body a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; }
  h2, h3 { break-after: avoid; }
  table, pre, blockquote { break-inside: avoid; }
  .table-wrap { overflow: visible; border: 0; }
  body { font-size: 11pt; }
}

"""#
}
