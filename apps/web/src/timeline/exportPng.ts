import { downloadBlob } from '../common/format';
import { HEADER_HEIGHT, LABEL_WIDTH, type GanttParts } from './GanttChart';

/**
 * PNG of the whole chart as it is drawn now (zoom, filters, baseline), made in the browser: the
 * four SVG parts are stitched into one SVG, drawn on a canvas and encoded. The chart uses only
 * presentation attributes and its own <defs>, so the serialised SVG renders the same without the
 * page's CSS, and a data: URL (which the CSP allows for images) keeps the canvas untainted.
 */

const TITLE_HEIGHT = 40;
/** Chromium refuses canvases above about 268 M pixels; stay well clear and fall back to 1×. */
const MAX_PIXELS = 120_000_000;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeXml = (text: string) => text.replace(/[&<>"]/g, (c) => XML_ESCAPES[c]);

/** One part as a nested <svg> placed at (x, y). */
function place(el: SVGSVGElement, x: number, y: number): string {
  const copy = el.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('x', String(x));
  copy.setAttribute('y', String(y));
  copy.removeAttribute('style');
  return new XMLSerializer().serializeToString(copy);
}

export function composeSvg(parts: GanttParts, title: string, subtitle: string): { svg: string; width: number; height: number } {
  const { corner, header, labels, body } = parts;
  if (!corner || !header || !labels || !body) throw new Error('The timeline is not drawn yet.');
  const chartWidth = Number(body.getAttribute('width'));
  const chartHeight = Number(body.getAttribute('height'));
  const width = LABEL_WIDTH + chartWidth;
  const height = TITLE_HEIGHT + HEADER_HEIGHT + chartHeight;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Arial, Helvetica, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="#FFFFFF"/>`,
    `<text x="10" y="18" font-size="15" font-weight="700" fill="#212B32">${escapeXml(title)}</text>`,
    `<text x="10" y="33" font-size="11" fill="#4C6272">${escapeXml(subtitle)}</text>`,
    place(body, LABEL_WIDTH, TITLE_HEIGHT + HEADER_HEIGHT),
    place(labels, 0, TITLE_HEIGHT + HEADER_HEIGHT),
    place(header, LABEL_WIDTH, TITLE_HEIGHT),
    place(corner, 0, TITLE_HEIGHT),
    '</svg>',
  ].join('');
  return { svg, width, height };
}

export async function renderPng(parts: GanttParts, title: string, subtitle: string): Promise<Blob> {
  const { svg, width, height } = composeSvg(parts, title, subtitle);
  const image = new Image();
  image.decoding = 'async';
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('The browser could not draw the timeline image.'));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await loaded;
  // Twice the resolution for slides, unless that would make an unreasonably large canvas.
  const ratio = width * height * 4 <= MAX_PIXELS ? 2 : 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw images.');
  context.scale(ratio, ratio);
  context.drawImage(image, 0, 0, width, height);
  return new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The timeline is too large to export as one image.'))), 'image/png'),
  );
}

export async function downloadTimelinePng(parts: GanttParts, title: string, subtitle: string, filename: string): Promise<void> {
  downloadBlob(await renderPng(parts, title, subtitle), filename);
}
