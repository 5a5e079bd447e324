/**
 * The public site's one stylesheet, served as /assets/public.css. Mobile first (one column, tables
 * scroll sideways in their own region), wider layouts from 48em. Colours keep at least 4.5:1 contrast on
 * their backgrounds (WCAG AA); every focusable thing shows a visible focus ring; motion is none.
 */
export const PUBLIC_CSS = `:root {
  --ink: #1b1f24; --muted: #4a5560; --paper: #ffffff; --wash: #f3f5f7; --rule: #d3d9df;
  --brand: #a3141c; --brand-ink: #ffffff; --link: #0b4f9c; --focus: #f2b600;
  --received: #1f6fb2; --spent: #c2571a; --ok: #1d6b36; --warn: #8a5a00; --bad: #a3141c;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--wash); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
a { color: var(--link); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
main:focus { outline: none; }
.skip { position: absolute; left: 0.5rem; top: -3rem; z-index: 10; padding: 0.5rem 1rem; background: var(--ink);
  color: #fff; font-weight: 600; }
.skip:focus { top: 0.5rem; }
header.site { background: var(--brand); color: var(--brand-ink); }
header.site a { color: var(--brand-ink); }
header.site .bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem;
  max-width: 72rem; margin: 0 auto; padding: 0.75rem 1rem 0.25rem; }
.brand { font-weight: 700; font-size: 1.1rem; text-decoration: none; }
.lang { border: 1px solid rgba(255, 255, 255, 0.7); border-radius: 999px; padding: 0.15rem 0.75rem; text-decoration: none; }
header.site nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; margin: 0 auto;
  padding: 0.25rem 1rem 0.75rem; max-width: 72rem; }
.crumbs ol { display: flex; flex-wrap: wrap; gap: 0.25rem; list-style: none; margin: 0 auto; padding: 0.75rem 1rem 0;
  max-width: 72rem; font-size: 0.9rem; color: var(--muted); }
.crumbs li + li::before { content: "›"; margin-right: 0.25rem; }
main { display: block; max-width: 72rem; margin: 0 auto; padding: 0.5rem 1rem 2rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.75rem 0 0.5rem; }
h2 { font-size: 1.25rem; margin: 0 0 0.75rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.5rem; }
.lead { color: var(--muted); margin-top: 0; }
.block { background: var(--paper); border: 1px solid var(--rule); border-radius: 8px; padding: 1rem; margin: 1rem 0; }
.figures { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.75rem; margin: 0 0 1rem; }
.figures > div { background: var(--paper); border: 1px solid var(--rule); border-radius: 8px; padding: 0.75rem 1rem; }
.figures dt { color: var(--muted); font-size: 0.9rem; }
.figures dd { margin: 0.25rem 0 0; font-size: 1.2rem; overflow-wrap: anywhere; font-weight: 700; font-variant-numeric: tabular-nums; }
.figures dd small { display: block; font-size: 0.8rem; font-weight: 400; color: var(--muted); }
.table-wrap { overflow-x: auto; margin: 0.5rem 0; }
table { border-collapse: collapse; width: 100%; min-width: 32rem; background: var(--paper); font-size: 0.95rem; }
table.donations, table.disbursements, table.uses, table.sources { min-width: 46rem; }
table.funds { min-width: 40rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0 0.5rem; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem; border-bottom: 1px solid var(--rule); }
thead th { background: var(--wash); font-size: 0.85rem; color: var(--muted); }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot td, tfoot th { font-weight: 700; }
.money { white-space: nowrap; font-variant-numeric: tabular-nums; }
.masked, code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
.anonymous { font-style: italic; color: var(--muted); }
.badge { display: inline-block; border-radius: 999px; padding: 0 0.6rem; font-size: 0.8rem; font-weight: 600;
  border: 1px solid currentColor; }
.badge.ok { color: var(--ok); } .badge.warn { color: var(--warn); } .badge.bad { color: #fff; background: var(--bad); border-color: var(--bad); }
.badge.info { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
.downloads { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
.download { display: inline-block; padding: 0.3rem 0.8rem; border: 1px solid var(--link); border-radius: 6px;
  text-decoration: none; font-weight: 600; }
.units { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; margin: 1rem 0; }
.units .block { margin: 0; }
.unit h2 { margin-bottom: 0.25rem; }
.unit .level { color: var(--muted); font-size: 0.9rem; margin: 0 0 0.5rem; }
form.search { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.75rem; }
form.search h2 { grid-column: 1 / -1; margin: 0; }
form.search .field { display: flex; flex-direction: column; gap: 0.25rem; }
label { font-weight: 600; font-size: 0.95rem; }
.hint { color: var(--muted); font-size: 0.85rem; margin: 0; }
input, select, button { font: inherit; color: inherit; }
input, select { width: 100%; min-height: 2.75rem; padding: 0.4rem 0.6rem; border: 1px solid #6b7680; border-radius: 6px;
  background: var(--paper); }
button, .button { display: inline-block; min-height: 2.75rem; padding: 0.5rem 1.25rem; border: 0; border-radius: 6px;
  background: var(--brand); color: #fff; font-weight: 700; cursor: pointer; text-decoration: none; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; }
.errors { border-left: 4px solid var(--bad); padding: 0.5rem 1rem; background: #fff4f4; }
.pager { display: flex; flex-wrap: wrap; gap: 1rem; justify-content: space-between; margin-top: 0.75rem; }
.chart { width: 100%; height: auto; max-height: 22rem; display: block; }
.chart .axis line { stroke: var(--rule); stroke-width: 1; }
.chart text { fill: var(--muted); font-size: 12px; }
.chart .bar.received { fill: var(--received); }
.chart .bar.spent { fill: var(--spent); }
.chart .legend text { fill: var(--ink); }
.share { display: inline-block; height: 0.6rem; background: var(--spent); border-radius: 2px; vertical-align: middle; }
details summary { cursor: pointer; color: var(--link); margin: 0.5rem 0; }
.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--rule); }
.timeline li { position: relative; padding: 0 0 0.75rem 1rem; }
.timeline li::before { content: ""; position: absolute; left: -0.5rem; top: 0.4rem; width: 0.7rem; height: 0.7rem;
  border-radius: 50%; background: var(--brand); }
.kv { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.25rem 1rem; margin: 0; }
.kv dt { color: var(--muted); font-size: 0.9rem; }
.kv dd { margin: 0 0 0.5rem; font-weight: 600; }
.hash { word-break: break-all; }
footer.site { max-width: 72rem; margin: 0 auto; padding: 1rem; color: var(--muted); font-size: 0.9rem;
  border-top: 1px solid var(--rule); }
footer.site .integrity { font-size: 0.85rem; }
.years { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0; }
.years ul { display: flex; flex-wrap: wrap; gap: 0.25rem; list-style: none; margin: 0; padding: 0; }
.years a, .years [aria-current] { display: inline-block; min-width: 3.5rem; padding: 0.3rem 0.6rem; border: 1px solid var(--rule);
  border-radius: 6px; text-align: center; background: var(--paper); }
.years [aria-current] { background: var(--ink); color: #fff; border-color: var(--ink); font-weight: 700; }
.sharebar { display: inline-block; width: 6rem; height: 0.6rem; vertical-align: middle; margin-right: 0.4rem;
  background: var(--wash); }
.sharebar rect { fill: var(--spent); }
.gift { border-left: 4px solid var(--received); }
.void { color: var(--bad); font-weight: 700; }
@media (min-width: 48em) {
  .figures { grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); }
  form.search { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  form.search .wide { grid-column: span 2; }
  form.search .actions { grid-column: 1 / -1; }
  .kv { grid-template-columns: 14rem minmax(0, 1fr); }
  .kv dd { margin: 0; }
}
@media print {
  header.site nav, .lang, .skip, .downloads, form.search { display: none; }
  body { background: #fff; }
  .block { border: 0; padding: 0; }
}
@media (prefers-reduced-motion: reduce) { * { scroll-behavior: auto !important; } }
`;

/** The site's icon (/assets/favicon.svg): a ledger page in the brand red. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#a3141c"/><path d="M9 7h14v18H9z" fill="#fff"/><path d="M12 12h8M12 16h8M12 20h5" stroke="#a3141c" stroke-width="2"/></svg>`;
