/**
 * Static files the pages link to. They are served from the app itself (GET /assets/:name), so the
 * Content-Security-Policy can stay `style-src 'self'` with no inline styles and no nonces, and the same
 * code serves them on Node and Workers (no file system).
 */
import { FAVICON_SVG, PUBLIC_CSS } from './public/styles.ts';
import { REPORT_CSS } from './report-styles.ts';

/** A receipt on screen looks like the sheet it prints on; in print, only the sheet is left. */
const RECEIPT_CSS = `@page { size: A5 landscape; margin: 8mm 10mm; }
:root { --ink: #111; --muted: #555; --rule: #999; --void: #c0392b; }
* { box-sizing: border-box; }
html { background: #e8e8e8; color: var(--ink); }
body { margin: 0; padding: 12px; font: 10.5pt/1.35 "Times New Roman", "Noto Serif", "DejaVu Serif", serif; }
.sheet { position: relative; width: 210mm; min-height: 148mm; margin: 0 auto; padding: 8mm 10mm;
  background: #fff; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.25); overflow: hidden; }
.head { display: flex; justify-content: space-between; gap: 8mm; }
.issuer p, .number p { margin: 0; }
.issuer .unit { font-weight: bold; text-transform: uppercase; }
.number { text-align: right; white-space: nowrap; }
.number .receipt-no { font-weight: bold; }
.title { margin: 3mm 0 0; font-size: 17pt; letter-spacing: 0.08em; text-align: center; }
.subtitle, .date { margin: 0; text-align: center; font-style: italic; }
.fields { margin: 3mm 0 0; }
.fields .row { display: flex; align-items: baseline; gap: 2mm; margin: 0.8mm 0; }
.fields dt { flex: none; }
.fields dd { flex: 1; margin: 0; border-bottom: 1px dotted var(--rule); }
.fields .amount dd { font-weight: bold; font-size: 12pt; }
.fields .words dd { font-style: italic; }
.note { margin: 1mm 0 0; color: var(--muted); font-size: 9pt; }
.signatures { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2mm; margin-top: 4mm; text-align: center; }
.signature { min-height: 24mm; }
.signature .role { font-weight: bold; font-size: 8.5pt; text-transform: uppercase; }
.signature .hint { font-style: italic; font-size: 8.5pt; color: var(--muted); }
.void-mark { position: absolute; top: 40%; left: 50%; transform: translate(-50%, -50%) rotate(-18deg);
  padding: 2mm 8mm; border: 2mm double var(--void); color: var(--void); opacity: 0.45;
  font: bold 52pt/1.1 Arial, "DejaVu Sans", sans-serif; text-align: center; white-space: nowrap;
  pointer-events: none; }
.void-mark small { display: block; font-size: 20pt; letter-spacing: 0.3em; }
.void-reason { margin: 2mm 0 0; color: var(--void); font-weight: bold; }
.screen-only { max-width: 210mm; margin: 0 auto 8px; color: var(--muted);
  font: 9pt/1.3 Arial, "DejaVu Sans", sans-serif; }
@media print {
  html, body { background: none; padding: 0; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; overflow: visible; }
  .screen-only { display: none; }
  .void-mark, .void-reason { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** Linked after receipt.css for ?size=A4: a portrait A4 sheet with a little more room. */
const RECEIPT_A4_CSS = `@page { size: A4 portrait; margin: 15mm; }
body { font-size: 12pt; }
.sheet { min-height: 297mm; padding: 15mm; }
.title { font-size: 20pt; }
.signature { min-height: 32mm; }
.void-mark { top: 30%; font-size: 72pt; }
@media print { .sheet { min-height: 0; padding: 0; } }
`;

export interface StaticAsset {
  contentType: string;
  body: string;
}

export const STATIC_ASSETS: Readonly<Record<string, StaticAsset>> = {
  'receipt.css': { contentType: 'text/css; charset=utf-8', body: RECEIPT_CSS },
  'receipt-a4.css': { contentType: 'text/css; charset=utf-8', body: RECEIPT_A4_CSS },
  'report.css': { contentType: 'text/css; charset=utf-8', body: REPORT_CSS },
  'public.css': { contentType: 'text/css; charset=utf-8', body: PUBLIC_CSS },
  'favicon.svg': { contentType: 'image/svg+xml', body: FAVICON_SVG },
};

export function staticAsset(name: string): StaticAsset | null {
  return Object.hasOwn(STATIC_ASSETS, name) ? STATIC_ASSETS[name]! : null;
}
