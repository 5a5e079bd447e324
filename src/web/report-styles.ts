/**
 * The printable reports' stylesheet (served as /assets/report.css, so the CSP keeps `style-src 'self'`):
 * an A4 sheet on screen, the sheet alone in print (wide ones, the journal and the general ledger, read
 * best printed in landscape: the browser's print dialog chooses). Table headers repeat on every page.
 */
export const REPORT_CSS = `@page { size: A4; margin: 12mm 10mm; }
:root { --ink: #111; --muted: #555; --rule: #999; --band: #f1f1f1; }
* { box-sizing: border-box; }
html { background: #e8e8e8; color: var(--ink); }
body { margin: 0; padding: 12px; font: 10pt/1.35 "Times New Roman", "Noto Serif", "DejaVu Serif", serif; }
.sheet { max-width: 297mm; margin: 0 auto; padding: 10mm; background: #fff;
  box-shadow: 0 1px 6px rgba(0, 0, 0, 0.25); }
.head { display: flex; justify-content: space-between; gap: 8mm; }
.head p { margin: 0; }
.head .unit { font-weight: bold; text-transform: uppercase; }
.head .form { text-align: right; font-style: italic; }
h1 { margin: 5mm 0 0; font-size: 15pt; letter-spacing: 0.04em; text-align: center; }
.period, .scope { margin: 0; text-align: center; font-style: italic; }
h2 { margin: 5mm 0 1mm; font-size: 11.5pt; }
h3 { margin: 3mm 0 1mm; font-size: 10.5pt; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0; }
th, td { border: 1px solid var(--rule); padding: 0.8mm 1.5mm; vertical-align: top; }
th { background: var(--band); font-weight: bold; text-align: center; }
td.amount, th.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td, tr.heading td { font-weight: bold; }
tr.detail td:first-child { padding-left: 6mm; }
tr.sub td { background: var(--band); font-style: italic; }
.empty { color: var(--muted); font-style: italic; }
.note { color: var(--muted); font-size: 9pt; }
.signatures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4mm; margin-top: 8mm; text-align: center; }
.signature { min-height: 28mm; }
.signature .role { font-weight: bold; text-transform: uppercase; font-size: 9pt; }
.signature .hint { font-style: italic; font-size: 9pt; color: var(--muted); }
.screen-only { max-width: 297mm; margin: 0 auto 8px; color: var(--muted);
  font: 9pt/1.3 Arial, "DejaVu Sans", sans-serif; }
@media print {
  html, body { background: none; padding: 0; }
  .sheet { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  .screen-only { display: none; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
`;
