import qrcode from 'qrcode-generator';

/**
 * Renders text as a QR code in SVG. qrcode-generator (pure JavaScript, no dependencies, no canvas) does
 * the encoding, so the same code runs on Node and on Workers; the SVG is drawn here from its module
 * matrix: one path, each row's dark runs as rectangles, a white background with the 4-module quiet zone
 * the QR standard asks for, and crisp edges so scanners see sharp modules at any size.
 */

/** Light modules around the symbol (ISO/IEC 18004 asks for at least 4). */
const QUIET_ZONE_MODULES = 4;
/** Medium (~15% recoverable) is what VietQR issuers print; it keeps a long payload at a small version. */
const ERROR_CORRECTION_LEVEL = 'M';

export interface QrSvgOptions {
  /** Rendered width and height in CSS pixels; the drawing scales with its viewBox either way. */
  sizePx?: number;
  /** Accessible name of the image (escaped). */
  title?: string;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The dark modules as rectangles, one per horizontal run, in module units offset by the quiet zone. */
function darkRunsPath(isDark: (row: number, column: number) => boolean, count: number): string {
  const parts: string[] = [];
  for (let row = 0; row < count; row += 1) {
    let column = 0;
    while (column < count) {
      if (!isDark(row, column)) {
        column += 1;
        continue;
      }
      const start = column;
      while (column < count && isDark(row, column)) column += 1;
      const x = start + QUIET_ZONE_MODULES;
      const y = row + QUIET_ZONE_MODULES;
      parts.push(`M${x} ${y}h${column - start}v1h-${column - start}z`);
    }
  }
  return parts.join('');
}

/** An SVG document (starting `<svg`) showing `text` as a QR code; byte mode, so any ASCII payload fits. */
export function qrSvg(text: string, options: QrSvgOptions = {}): string {
  const code = qrcode(0, ERROR_CORRECTION_LEVEL);
  code.addData(text, 'Byte');
  code.make();
  const count = code.getModuleCount();
  const size = count + 2 * QUIET_ZONE_MODULES;
  const sizePx = options.sizePx ?? size * 4;
  const title = options.title ? `<title>${escapeXml(options.title)}</title>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${sizePx}" height="${sizePx}"` +
    ` shape-rendering="crispEdges" role="img">${title}` +
    `<rect width="${size}" height="${size}" fill="#fff"/>` +
    `<path fill="#000" d="${darkRunsPath(code.isDark.bind(code), count)}"/></svg>`
  );
}
