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
   * A table with a bold header row repeated on every page it spans: pdfkit's own table breaks
   * rows across pages cleanly but does not repeat headers, so rows are added in page-sized runs.
   */
  table(header: string[], rows: (string | { text: string; colour?: string })[][], widths?: (number | string)[]): void {
    const cell = (value: string | { text: string; colour?: string }) => (typeof value === 'string' ? { text: value } : { text: value.text, textColor: value.colour ?? PDF_COLOURS.ink });
    const headerRow = header.map((text) => ({ text, font: { src: 'bold' }, backgroundColor: PDF_COLOURS.headerFill }));
    const style = { columnStyles: widths ?? '*', defaultStyle: { border: 0.5, borderColor: PDF_COLOURS.rule, padding: 3, fontSize: 8 } } as PDFKit.Mixins.TableOptions;
    const bottom = () => this.doc.page.height - this.doc.page.margins.bottom;
    let table = this.doc.font('body').fontSize(8).table({ ...style, position: { x: this.doc.page.margins.left } }).row(headerRow as never);
    for (const row of rows) {
      // A row is at most a few lines in these reports: start a new page (and header) before one would split.
      if (this.doc.y + 30 > bottom()) {
        table.end();
        this.doc.addPage();
        table = this.doc.font('body').fontSize(8).table({ ...style, position: { x: this.doc.page.margins.left, y: this.doc.page.margins.top } }).row(headerRow as never);
      }
      table.row(row.map(cell) as never);
    }
    table.end();
    this.doc.moveDown(0.5);
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
