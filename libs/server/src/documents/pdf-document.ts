import PDFDocument from 'pdfkit';

/**
 * Noto Sans, embedded (subset) in every document: a regulator opening a safety case report or a
 * board pack on any machine sees the same glyphs, and the PDF/A-minded reviewer finds no
 * unembedded standard fonts. WOFF files straight from the font package; pdfkit reads them.
 */
const FONTS = {
  regular: require.resolve('@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff'),
  bold: require.resolve('@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff'),
};

export const PDF_COLOURS = {
  ink: '#1f2933',
  muted: '#616e7c',
  rule: '#cbd2d9',
  headerFill: '#eef2f7',
  on_track: '#2e7d32',
  at_risk: '#ed6c02',
  late: '#c62828',
  live: '#1565c0',
  none: '#9aa5b1',
} as const;

/** A table cell: text, optionally coloured. */
export type PdfCell = string | { readonly text: string; readonly colour?: string };

/** Longest text a table cell shows; the full text is in the xlsx exports, reports summarise. */
const CELL_MAX_CHARS = 1_500;

export interface PdfOptions {
  readonly title: string;
  readonly subtitle: string;
  /** Written into the document's metadata and every page footer. */
  readonly organisation: string;
  readonly landscape?: boolean;
}

/**
 * An A4 document with embedded fonts, a title block, and "page N of M" footers written once the
 * page count is known (pages are buffered until `finish`).
 */
export class PdfReport {
  readonly doc: PDFKit.PDFDocument;

  constructor(private readonly options: PdfOptions) {
    this.doc = new PDFDocument({
      size: 'A4',
      layout: options.landscape ? 'landscape' : 'portrait',
      margins: { top: 48, bottom: 56, left: 48, right: 48 },
      bufferPages: true,
      info: { Title: options.title, Subject: options.subtitle, Author: options.organisation, Creator: 'Pairline' },
    });
    this.doc.registerFont('body', FONTS.regular);
    this.doc.registerFont('bold', FONTS.bold);
    this.doc.font('body').fillColor(PDF_COLOURS.ink);
    this.doc.font('bold').fontSize(20).text(options.title);
    this.doc.font('body').fontSize(10).fillColor(PDF_COLOURS.muted).text(`${options.organisation} · ${options.subtitle}`);
    this.doc.fillColor(PDF_COLOURS.ink).moveDown(1);
  }

  get contentWidth(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  /** Starts a section, on a new page when less than `minSpace` points are left on this one. */
  heading(text: string, minSpace = 120): void {
    this.ensureSpace(minSpace);
    this.doc.moveDown(0.6).font('bold').fontSize(13).fillColor(PDF_COLOURS.ink).text(text, this.doc.page.margins.left);
    this.doc.moveDown(0.3).font('body').fontSize(9);
  }

  paragraph(text: string, colour: string = PDF_COLOURS.ink): void {
    this.doc.font('body').fontSize(9).fillColor(colour).text(text, this.doc.page.margins.left, undefined, { width: this.contentWidth });
    this.doc.fillColor(PDF_COLOURS.ink);
  }

  ensureSpace(points: number): void {
    if (this.doc.y + points > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
  }

  /**
   * A table drawn with text and rectangles, its header repeated on every page it spans. Not
   * pdfkit's own table: that measures every cell through the embedded font far more slowly (about
   * 100 ms a row with this WOFF font), which a 500-hazard log or a 200-journey board pack cannot
   * afford. Rows never split: a row that does not fit starts a new page; a cell taller than a page
   * is cut with an ellipsis, as is any cell over CELL_MAX_CHARS (the xlsx exports carry full text).
   */
  table(header: readonly string[], rows: readonly (readonly PdfCell[])[], widths: readonly (number | '*')[]): void {
    const doc = this.doc;
    const left = doc.page.margins.left;
    const total = this.contentWidth;
    const fixed = widths.reduce<number>((n, w) => n + (w === '*' ? 0 : w), 0);
    const stars = widths.filter((w) => w === '*').length;
    const columns = widths.map((w) => (w === '*' ? (total - fixed) / Math.max(stars, 1) : w));
    const pad = 3;
    const size = 8;
    const text = (c: PdfCell) => {
      const value = typeof c === 'string' ? c : c.text;
      return value.length > CELL_MAX_CHARS ? `${value.slice(0, CELL_MAX_CHARS)}...` : value;
    };
    const colour = (c: PdfCell) => (typeof c === 'string' ? PDF_COLOURS.ink : (c.colour ?? PDF_COLOURS.ink));
    const top = () => doc.page.margins.top;
    const bottom = () => doc.page.height - doc.page.margins.bottom;
    // Measured once per row: measuring is most of the cost.
    const heightOf = (cells: readonly PdfCell[], font: string) =>
      Math.min(Math.max(...cells.map((c, i) => doc.font(font).fontSize(size).heightOfString(text(c), { width: columns[i]! - 2 * pad }))) + 2 * pad, bottom() - top() - 40);
    const draw = (cells: readonly PdfCell[], font: string, height: number, fill?: string) => {
      const y = doc.y;
      if (fill) doc.rect(left, y, total, height).fill(fill);
      let x = left;
      cells.forEach((c, i) => {
        doc.rect(x, y, columns[i]!, height).lineWidth(0.5).strokeColor(PDF_COLOURS.rule).stroke();
        doc.font(font).fontSize(size).fillColor(colour(c)).text(text(c), x + pad, y + pad, { width: columns[i]! - 2 * pad, height: height - 2 * pad, ellipsis: true });
        x += columns[i]!;
      });
      doc.fillColor(PDF_COLOURS.ink);
      doc.x = left;
      doc.y = y + height;
    };
    const headerHeight = heightOf(header, 'bold');
    const headerRow = () => draw(header, 'bold', headerHeight, PDF_COLOURS.headerFill);
    const heights = rows.map((row) => heightOf(row, 'body'));
    if (doc.y + headerHeight + (heights[0] ?? 0) > bottom()) doc.addPage();
    headerRow();
    rows.forEach((row, i) => {
      if (doc.y + heights[i]! > bottom()) {
        doc.addPage();
        doc.y = top();
        headerRow();
      }
      draw(row, 'body', heights[i]!);
    });
    doc.font('body').fontSize(9);
    doc.moveDown(0.5);
  }

  /** Writes the page footers and returns the whole file. */
  async finish(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<void>((resolve, reject) => {
      this.doc.on('end', () => resolve());
      this.doc.on('error', reject);
    });
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const { margins, width, height } = this.doc.page;
      // Writing inside the bottom margin would make pdfkit add a page: lift the margin while we do.
      const bottom = margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font('body')
        .fontSize(7.5)
        .fillColor(PDF_COLOURS.muted)
        .text(`${this.options.organisation} · ${this.options.title}`, margins.left, height - 34, { width: width - margins.left - margins.right, align: 'left', lineBreak: false })
        .text(`Page ${i - range.start + 1} of ${range.count}`, margins.left, height - 34, { width: width - margins.left - margins.right, align: 'right', lineBreak: false });
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    await done;
    return Buffer.concat(chunks);
  }
}
