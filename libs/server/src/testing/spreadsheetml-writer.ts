/**
 * Test-only: writes an xlsx package from a model as the raw SpreadsheetML parts Excel writes,
 * zipped with node:zlib. Written by hand rather than with exceljs because exceljs cannot write
 * several structures real workbooks carry (embedded objects, chart sheets, very hidden sheets,
 * x14 list validations, unknown parts) and rewrites what it can write. Deterministic: the same
 * model gives the same bytes (fixed zip time stamps, no random ids).
 */
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

/** The cell formats of the fixture style sheet; each is one `cellXfs` entry. */
export const STYLE_NAMES = [
  'default',
  'title',
  'subtitle',
  'text',
  'wrapText',
  'warning',
  'groupHeading',
  'header',
  'body',
  'bodyCentre',
  'subHeading',
  'answer',
  'review',
  'date',
  'dateTime',
  'link',
  'percent',
  'number',
  'bold',
  'listValue',
  'builtinDate',
] as const;
export type StyleName = (typeof STYLE_NAMES)[number];

export type ErrorCode = '#NULL!' | '#DIV/0!' | '#VALUE!' | '#REF!' | '#NAME?' | '#NUM!' | '#N/A';

export interface RichRun {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  /** ARGB, e.g. `FFDA291C`. */
  readonly color?: string;
}

export type CachedValue = string | number | boolean | { readonly error: ErrorCode };

export type CellValue =
  | { readonly kind: 'shared'; readonly text: string }
  | { readonly kind: 'rich'; readonly runs: readonly RichRun[] }
  | { readonly kind: 'inline'; readonly text: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, stored as a serial number (1900 system). */
  | { readonly kind: 'date'; readonly iso: string }
  | { readonly kind: 'error'; readonly code: ErrorCode }
  | {
      readonly kind: 'formula';
      readonly formula: string;
      readonly cached: CachedValue;
      /** Part of a shared formula: the master cell carries the formula text and the range, the others only the index. */
      readonly shared?: { readonly index: number; readonly ref?: string };
    }
  /** A styled cell without a value, as Excel writes for formatted blanks. */
  | { readonly kind: 'blank' };

export interface CellModel {
  readonly value: CellValue;
  readonly style: StyleName;
}

export interface RowModel {
  height?: number;
  readonly cells: Map<number, CellModel>;
}

export interface Anchor {
  /** 0-based, as drawings count. */
  readonly col: number;
  readonly row: number;
}

export interface ImageModel {
  readonly name: string;
  readonly description: string;
  readonly png: Buffer;
  readonly from: Anchor;
  readonly to: Anchor;
}

export interface EmbeddedModel {
  /** `Word.Document.12` for an embedded .docx package. */
  readonly progId: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly file: Buffer;
  /** The icon Excel shows for the object (Excel writes an EMF; a PNG opens the same way). */
  readonly icon: Buffer;
  readonly from: Anchor;
  readonly to: Anchor;
}

export interface NoteModel {
  readonly ref: string;
  readonly author: string;
  readonly text: string;
}

export interface HyperlinkModel {
  readonly ref: string;
  /** External address (written through the sheet's relationships). */
  readonly target?: string;
  /** A place in the workbook, e.g. `'Cross Cap'!A1`. */
  readonly location?: string;
  readonly display?: string;
  readonly tooltip?: string;
}

export interface ValidationModel {
  readonly sqref: string;
  /** As stored: `"A,B,C"`, `$K$60:$K$62`, `ResponseList`, `Control!$A$2:$A$5`. */
  readonly formula: string;
  /** Written in the worksheet's x14 extension list, as Excel 2010 and later write lists on another sheet. */
  readonly x14?: boolean;
  readonly prompt?: string;
}

export type DxfName = 'bad' | 'good' | 'neutral';

export interface ConditionalRuleModel {
  readonly type: 'cellIs' | 'containsText' | 'expression';
  readonly dxf: DxfName;
  readonly operator?: 'equal' | 'notEqual';
  readonly text?: string;
  readonly formula: string;
}

export interface ConditionalFormatModel {
  readonly sqref: string;
  readonly rules: readonly ConditionalRuleModel[];
}

export interface ColumnModel {
  readonly min: number;
  readonly max: number;
  readonly width: number;
  readonly style?: StyleName;
  readonly hidden?: boolean;
}

export interface WorksheetModel {
  readonly kind: 'worksheet';
  readonly name: string;
  readonly state: SheetState;
  readonly tabColor?: string;
  readonly rows: Map<number, RowModel>;
  readonly columns: readonly ColumnModel[];
  readonly merges: readonly string[];
  /** Rows and columns above and left of the split; `{ rows: 15, cols: 1 }` freezes A1:A15. */
  readonly freeze?: { readonly rows: number; readonly cols: number };
  readonly autoFilter?: string;
  readonly conditionalFormats: readonly ConditionalFormatModel[];
  readonly validations: readonly ValidationModel[];
  readonly hyperlinks: readonly HyperlinkModel[];
  readonly notes: readonly NoteModel[];
  readonly images: readonly ImageModel[];
  readonly embedded: readonly EmbeddedModel[];
  /** Overrides the computed `<dimension>`, as files whose every column is formatted claim `A1:XFD…`. */
  readonly dimension?: string;
  readonly printerSettings?: Buffer;
  readonly landscape?: boolean;
}

export interface ChartsheetModel {
  readonly kind: 'chartsheet';
  readonly name: string;
  readonly state: SheetState;
  readonly title: string;
  readonly seriesName: string;
  /** References with their cached values, e.g. `Summary!$A$6:$A$18`. */
  readonly categories: { readonly ref: string; readonly values: readonly string[] };
  readonly values: { readonly ref: string; readonly values: readonly number[] };
}

export interface DefinedNameModel {
  readonly name: string;
  readonly ref: string;
  /** Position in `sheets` (chart sheets count), for a sheet-local name. */
  readonly localSheet?: number;
  readonly hidden?: boolean;
}

export interface WorkbookModel {
  readonly sheets: readonly (WorksheetModel | ChartsheetModel)[];
  readonly definedNames: readonly DefinedNameModel[];
  readonly properties: {
    readonly title: string;
    readonly subject: string;
    readonly creator: string;
    readonly lastModifiedBy: string;
    readonly company: string;
    /** ISO instants, e.g. `2024-03-01T09:00:00Z`. */
    readonly created: string;
    readonly modified: string;
  };
  /** A SharePoint-style custom XML item with its properties part: a part an importer must carry, not read. */
  readonly customXml?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Text and values

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const NS_X14AC = 'http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac';
const NS_X14 = 'http://schemas.microsoft.com/office/spreadsheetml/2009/9/main';
const NS_XM = 'http://schemas.microsoft.com/office/excel/2006/main';
const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';

/**
 * Text as SpreadsheetML stores it (ST_Xstring): control characters, which XML cannot carry or
 * would normalise (a carriage return), become `_xHHHH_`, and a literal `_xHHHH_` is protected
 * by escaping its underscore. This is how Excel writes text pasted with Windows line ends.
 */
export function xstring(text: string): string {
  return text
    .replace(/_x[0-9A-Fa-f]{4}_/g, (m) => `_x005F${m}`)
    .replace(/[\u0000-\u0008\u000b-\u001f]/g, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

export const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const escapeAttr = (text: string): string => escapeXml(text).replace(/"/g, '&quot;');
const textElement = (text: string): string => {
  const stored = escapeXml(xstring(text));
  return /^\s|\s$|\n/.test(text) ? `<t xml:space="preserve">${stored}</t>` : `<t>${stored}</t>`;
};

const EPOCH_1900 = Date.UTC(1899, 11, 30);

/** The 1900-system serial of an ISO date or date-time (local time as written, no zone). */
export function dateSerial(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(iso);
  if (!match) throw new Error(`Not an ISO date: ${iso}`);
  const [, y, m, d, hh = '0', mm = '0'] = match;
  return (Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh), Number(mm)) - EPOCH_1900) / 86_400_000;
}

export function columnLetters(col: number): string {
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export const ref = (row: number, col: number): string => `${columnLetters(col)}${row}`;

export function parseRef(at: string): { row: number; col: number } {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(at);
  if (!match) throw new Error(`Not a cell reference: ${at}`);
  let col = 0;
  for (const ch of match[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(match[2]), col };
}

/** A sheet name as a formula or defined name must quote it. */
export const quoteSheet = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`);

// ---------------------------------------------------------------------------------------------
// Styles: one fixed style sheet; StyleName indexes cellXfs in STYLE_NAMES order.

const FONTS = [
  '<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>',
  '<font><b/><sz val="16"/><color rgb="FFFFFFFF"/><name val="Arial"/><family val="2"/></font>',
  '<font><b/><sz val="12"/><color rgb="FF003087"/><name val="Arial"/><family val="2"/></font>',
  '<font><sz val="10"/><color theme="1"/><name val="Arial"/><family val="2"/></font>',
  '<font><b/><sz val="10"/><color theme="1"/><name val="Arial"/><family val="2"/></font>',
  '<font><i/><sz val="10"/><color rgb="FFDA291C"/><name val="Arial"/><family val="2"/></font>',
  '<font><u/><sz val="10"/><color theme="10"/><name val="Arial"/><family val="2"/></font>',
  '<font><b/><sz val="10"/><color rgb="FFFFFFFF"/><name val="Arial"/><family val="2"/></font>',
  '<font><sz val="8"/><color rgb="FF768692"/><name val="Arial"/><family val="2"/></font>',
];
const solid = (rgb: string) => `<fill><patternFill patternType="solid"><fgColor rgb="${rgb}"/><bgColor indexed="64"/></patternFill></fill>`;
const FILLS = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>', solid('FF005EB8'), solid('FFD9D9D9'), solid('FFDDEBF7'), solid('FFFFF2CC'), solid('FFE2EFDA'), solid('FF003087')];
const thin = (side: string) => `<${side} style="thin"><color indexed="64"/></${side}>`;
const BORDERS = [
  '<border><left/><right/><top/><bottom/><diagonal/></border>',
  `<border>${thin('left')}${thin('right')}${thin('top')}${thin('bottom')}<diagonal/></border>`,
  '<border><left/><right/><top/><bottom style="medium"><color rgb="FF005EB8"/></bottom><diagonal/></border>',
];
const NUMBER_FORMATS = [
  { id: 164, code: 'dd/mm/yyyy' },
  { id: 165, code: 'dd/mm/yyyy\\ hh:mm' },
  { id: 166, code: '#,##0;[Red]\\-#,##0' },
];

interface Xf {
  font: number;
  fill: number;
  border: number;
  numFmt: number;
  xfId?: number;
  wrap?: boolean;
  horizontal?: 'center' | 'left';
  vertical?: 'top' | 'center';
  unlocked?: boolean;
}
const XFS: Record<StyleName, Xf> = {
  default: { font: 0, fill: 0, border: 0, numFmt: 0 },
  title: { font: 1, fill: 2, border: 0, numFmt: 0, vertical: 'center' },
  subtitle: { font: 2, fill: 0, border: 2, numFmt: 0 },
  text: { font: 3, fill: 0, border: 0, numFmt: 0 },
  wrapText: { font: 3, fill: 0, border: 0, numFmt: 0, wrap: true, vertical: 'top' },
  warning: { font: 5, fill: 0, border: 0, numFmt: 0, wrap: true },
  groupHeading: { font: 7, fill: 7, border: 1, numFmt: 0, horizontal: 'center', vertical: 'center' },
  header: { font: 4, fill: 3, border: 1, numFmt: 0, wrap: true, horizontal: 'center', vertical: 'center' },
  body: { font: 3, fill: 0, border: 1, numFmt: 0, wrap: true, vertical: 'top' },
  bodyCentre: { font: 3, fill: 0, border: 1, numFmt: 0, horizontal: 'center', vertical: 'top' },
  subHeading: { font: 4, fill: 4, border: 1, numFmt: 0, vertical: 'center' },
  answer: { font: 3, fill: 5, border: 1, numFmt: 0, wrap: true, vertical: 'top', unlocked: true },
  review: { font: 3, fill: 6, border: 1, numFmt: 0, wrap: true, vertical: 'top' },
  date: { font: 3, fill: 6, border: 1, numFmt: 164, vertical: 'top' },
  dateTime: { font: 3, fill: 0, border: 0, numFmt: 165 },
  link: { font: 6, fill: 0, border: 0, numFmt: 0, xfId: 1 },
  percent: { font: 3, fill: 0, border: 1, numFmt: 9, horizontal: 'center' },
  number: { font: 3, fill: 0, border: 1, numFmt: 166, horizontal: 'center' },
  bold: { font: 4, fill: 0, border: 0, numFmt: 0 },
  listValue: { font: 8, fill: 0, border: 0, numFmt: 0 },
  builtinDate: { font: 3, fill: 0, border: 0, numFmt: 14 },
};
export const styleIndex = (name: StyleName): number => STYLE_NAMES.indexOf(name);

const DXFS: Record<DxfName, number> = { bad: 0, good: 1, neutral: 2 };
const dxf = (font: string, fill: string) => `<dxf><font><color rgb="${font}"/></font><fill><patternFill><bgColor rgb="${fill}"/></patternFill></fill></dxf>`;

function stylesXml(): string {
  const xf = (x: Xf) => {
    const alignment = x.wrap || x.horizontal || x.vertical ? `<alignment${x.horizontal ? ` horizontal="${x.horizontal}"` : ''}${x.vertical ? ` vertical="${x.vertical}"` : ''}${x.wrap ? ' wrapText="1"' : ''}/>` : '';
    const protection = x.unlocked ? '<protection locked="0"/>' : '';
    const applied = `${x.numFmt ? ' applyNumberFormat="1"' : ''}${x.font ? ' applyFont="1"' : ''}${x.fill ? ' applyFill="1"' : ''}${x.border ? ' applyBorder="1"' : ''}${alignment ? ' applyAlignment="1"' : ''}${protection ? ' applyProtection="1"' : ''}`;
    const body = alignment + protection;
    return `<xf numFmtId="${x.numFmt}" fontId="${x.font}" fillId="${x.fill}" borderId="${x.border}" xfId="${x.xfId ?? 0}"${applied}${body ? `>${body}</xf>` : '/>'}`;
  };
  return (
    XML_DECL +
    `<styleSheet xmlns="${NS_MAIN}" xmlns:mc="${NS_MC}" mc:Ignorable="x14ac" xmlns:x14ac="${NS_X14AC}">` +
    `<numFmts count="${NUMBER_FORMATS.length}">${NUMBER_FORMATS.map((f) => `<numFmt numFmtId="${f.id}" formatCode="${escapeAttr(f.code)}"/>`).join('')}</numFmts>` +
    `<fonts count="${FONTS.length}" x14ac:knownFonts="1">${FONTS.join('')}</fonts>` +
    `<fills count="${FILLS.length}">${FILLS.join('')}</fills>` +
    `<borders count="${BORDERS.length}">${BORDERS.join('')}</borders>` +
    '<cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="0" fontId="6" fillId="0" borderId="0" applyNumberFormat="0" applyFill="0" applyBorder="0" applyAlignment="0" applyProtection="0"/></cellStyleXfs>' +
    `<cellXfs count="${STYLE_NAMES.length}">${STYLE_NAMES.map((n) => xf(XFS[n])).join('')}</cellXfs>` +
    '<cellStyles count="2"><cellStyle name="Hyperlink" xfId="1" builtinId="8"/><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    `<dxfs count="3">${dxf('FF9C0006', 'FFFFC7CE')}${dxf('FF006100', 'FFC6EFCE')}${dxf('FF9C5700', 'FFFFEB9C')}</dxfs>` +
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
    '</styleSheet>'
  );
}

// ---------------------------------------------------------------------------------------------
// Theme: the Office theme's structure (colour, font and format schemes), as Excel writes it.

function themeXml(): string {
  const colours: [string, string][] = [
    ['dk1', '<a:sysClr val="windowText" lastClr="000000"/>'],
    ['lt1', '<a:sysClr val="window" lastClr="FFFFFF"/>'],
    ['dk2', '<a:srgbClr val="44546A"/>'],
    ['lt2', '<a:srgbClr val="E7E6E6"/>'],
    ['accent1', '<a:srgbClr val="4472C4"/>'],
    ['accent2', '<a:srgbClr val="ED7D31"/>'],
    ['accent3', '<a:srgbClr val="A5A5A5"/>'],
    ['accent4', '<a:srgbClr val="FFC000"/>'],
    ['accent5', '<a:srgbClr val="5B9BD5"/>'],
    ['accent6', '<a:srgbClr val="70AD47"/>'],
    ['hlink', '<a:srgbClr val="0563C1"/>'],
    ['folHlink', '<a:srgbClr val="954F72"/>'],
  ];
  const gradient = (tints: [number, number, number][]) =>
    `<a:gradFill rotWithShape="1"><a:gsLst>${tints.map(([pos, lum, sat]) => `<a:gs pos="${pos}"><a:schemeClr val="phClr"><a:lumMod val="${lum}"/><a:satMod val="${sat}"/></a:schemeClr></a:gs>`).join('')}</a:gsLst><a:lin ang="5400000" scaled="0"/></a:gradFill>`;
  const line = (w: number) => `<a:ln w="${w}" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>`;
  const fonts = (latin: string) => `<a:latin typeface="${latin}" panose="020F0502020204030204"/><a:ea typeface=""/><a:cs typeface=""/>`;
  return (
    XML_DECL +
    `<a:theme xmlns:a="${NS_A}" name="Office Theme"><a:themeElements>` +
    `<a:clrScheme name="Office">${colours.map(([n, c]) => `<a:${n}>${c}</a:${n}>`).join('')}</a:clrScheme>` +
    `<a:fontScheme name="Office"><a:majorFont>${fonts('Calibri Light')}</a:majorFont><a:minorFont>${fonts('Calibri')}</a:minorFont></a:fontScheme>` +
    '<a:fmtScheme name="Office">' +
    `<a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill>${gradient([
      [0, 110000, 105000],
      [50000, 105000, 103000],
      [100000, 105000, 109000],
    ])}${gradient([
      [0, 102000, 103000],
      [50000, 100000, 110000],
      [100000, 99000, 120000],
    ])}</a:fillStyleLst>` +
    `<a:lnStyleLst>${line(6350)}${line(12700)}${line(19050)}</a:lnStyleLst>` +
    '<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst><a:outerShdw blurRad="57150" dist="19050" dir="5400000" algn="ctr" rotWithShape="0"><a:srgbClr val="000000"><a:alpha val="63000"/></a:srgbClr></a:outerShdw></a:effectLst></a:effectStyle></a:effectStyleLst>' +
    '<a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"><a:tint val="95000"/><a:satMod val="170000"/></a:schemeClr></a:solidFill><a:solidFill><a:schemeClr val="phClr"><a:shade val="98000"/><a:satMod val="102000"/></a:schemeClr></a:solidFill></a:bgFillStyleLst>' +
    '</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>'
  );
}

// ---------------------------------------------------------------------------------------------
// Zip: deflated entries, stamped 1980-01-01 00:00 as Excel stamps them, in the order given.

const DOS_DATE_1980_01_01 = 0x0021;

export function zipParts(entries: readonly (readonly [string, Buffer | string])[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const body = deflateRawSync(data, { level: 6 });
    const crc = crc32(data);
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    chunks.push(local, n, body);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(45, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(0, 12);
    entry.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(body.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(n.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, n);
    offset += 30 + n.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

// ---------------------------------------------------------------------------------------------
// Deterministic binary content: pictures and a small Word document.

/** A small deterministic generator (mulberry32): fixtures must not depend on Math.random. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * An RGB PNG: a flat banner colour with a band of photographic noise of `noiseRows` rows, which
 * no compressor shrinks, so the picture's stored size is about `width × noiseRows × 3` bytes
 * (how a screenshot or a scanned logo weighs in a real workbook).
 */
export function pngPicture(width: number, height: number, noiseRows: number, seed: number, rgb: readonly [number, number, number] = [0, 94, 184]): Buffer {
  const random = seededRandom(seed);
  const raw = Buffer.alloc(height * (width * 3 + 1));
  for (let y = 0; y < height; y++) {
    const at = y * (width * 3 + 1);
    raw[at] = 0;
    for (let x = 0; x < width; x++) {
      const p = at + 1 + x * 3;
      if (y < noiseRows) {
        raw[p] = Math.floor(random() * 256);
        raw[p + 1] = Math.floor(random() * 256);
        raw[p + 2] = Math.floor(random() * 256);
      } else {
        raw[p] = rgb[0];
        raw[p + 1] = rgb[1];
        raw[p + 2] = rgb[2];
      }
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** A real .docx (paragraphs, and a picture when given), for embedding as a package object. */
export function docxDocument(paragraphs: readonly string[], picture?: Buffer): Buffer {
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const drawing = picture
    ? `<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="3048000" cy="1524000"/><wp:docPr id="1" name="Screenshot 1"/><a:graphic xmlns:a="${NS_A}"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="screenshot.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId2"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="3048000" cy="1524000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`
    : '';
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`).join('');
  return zipParts([
    [
      '[Content_Types].xml',
      `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    ],
    ['_rels/.rels', `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`],
    ['word/document.xml', `${XML_DECL}<w:document xmlns:w="${W}" xmlns:r="${NS_R}"><w:body>${body}${drawing}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`],
    ...(picture
      ? ([
          ['word/_rels/document.xml.rels', `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="${REL}/image" Target="media/image1.png"/></Relationships>`],
          ['word/media/image1.png', picture],
        ] as const)
      : []),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Parts

class SharedStrings {
  readonly items: string[] = [];
  private readonly index = new Map<string, number>();
  count = 0;

  add(key: string, markup: string): number {
    this.count++;
    const known = this.index.get(key);
    if (known !== undefined) return known;
    this.index.set(key, this.items.length);
    this.items.push(markup);
    return this.items.length - 1;
  }

  xml(): string {
    return `${XML_DECL}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.items.length}">${this.items.join('')}</sst>`;
  }
}

const richMarkup = (runs: readonly RichRun[]) =>
  runs
    .map((run) => {
      const props = `${run.bold ? '<b/>' : ''}${run.italic ? '<i/>' : ''}<sz val="10"/>${run.color ? `<color rgb="${run.color}"/>` : '<color theme="1"/>'}<rFont val="Arial"/><family val="2"/>`;
      return `<r><rPr>${props}</rPr>${textElement(run.text)}</r>`;
    })
    .join('');

function cachedMarkup(cached: CachedValue): { type: string; value: string } {
  if (typeof cached === 'string') return { type: ' t="str"', value: escapeXml(xstring(cached)) };
  if (typeof cached === 'boolean') return { type: ' t="b"', value: cached ? '1' : '0' };
  if (typeof cached === 'number') return { type: '', value: String(cached) };
  return { type: ' t="e"', value: escapeXml(cached.error) };
}

function cellXml(at: string, cell: CellModel, strings: SharedStrings): string {
  const s = styleIndex(cell.style);
  const style = s ? ` s="${s}"` : '';
  const v = cell.value;
  switch (v.kind) {
    case 'blank':
      return `<c r="${at}"${style}/>`;
    case 'shared':
      return `<c r="${at}"${style} t="s"><v>${strings.add(`t:${v.text}`, `<si>${textElement(v.text)}</si>`)}</v></c>`;
    case 'rich':
      return `<c r="${at}"${style} t="s"><v>${strings.add(`r:${JSON.stringify(v.runs)}`, `<si>${richMarkup(v.runs)}</si>`)}</v></c>`;
    case 'inline':
      return `<c r="${at}"${style} t="inlineStr"><is>${textElement(v.text)}</is></c>`;
    case 'number':
      return `<c r="${at}"${style}><v>${String(v.value)}</v></c>`;
    case 'boolean':
      return `<c r="${at}"${style} t="b"><v>${v.value ? 1 : 0}</v></c>`;
    case 'date':
      return `<c r="${at}"${style}><v>${dateSerial(v.iso)}</v></c>`;
    case 'error':
      return `<c r="${at}"${style} t="e"><v>${escapeXml(v.code)}</v></c>`;
    case 'formula': {
      const { type, value } = cachedMarkup(v.cached);
      const f = v.shared
        ? v.shared.ref
          ? `<f t="shared" ref="${v.shared.ref}" si="${v.shared.index}">${escapeXml(v.formula)}</f>`
          : `<f t="shared" si="${v.shared.index}"/>`
        : `<f>${escapeXml(v.formula)}</f>`;
      return `<c r="${at}"${style}${type}>${f}<v>${value}</v></c>`;
    }
  }
}

interface Rel {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly external?: boolean;
}

const relsXml = (rels: readonly Rel[]) =>
  `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${escapeAttr(r.target)}"${r.external ? ' TargetMode="External"' : ''}/>`).join('')}</Relationships>`;

const anchorXml = (tag: string, a: Anchor) => `<${tag}><xdr:col>${a.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></${tag}>`;

function drawingXml(images: readonly ImageModel[]): string {
  const pics = images.map(
    (img, i) =>
      `<xdr:twoCellAnchor editAs="oneCell">${anchorXml('xdr:from', img.from)}${anchorXml('xdr:to', img.to)}<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${i + 2}" name="${escapeAttr(img.name)}" descr="${escapeAttr(img.description)}"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill><a:blip xmlns:r="${NS_R}" r:embed="rId${i + 1}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${(img.to.col - img.from.col) * 609600}" cy="${(img.to.row - img.from.row) * 190500}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:twoCellAnchor>`,
  );
  return `${XML_DECL}<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">${pics.join('')}</xdr:wsDr>`;
}

/** The legacy VML drawing of a sheet: note boxes, and the icon shapes of embedded objects. */
function vmlXml(drawingNumber: number, notes: readonly NoteModel[], embedded: readonly EmbeddedModel[], firstShapeId: number): string {
  const noteShapes = notes.map((note, i) => {
    const at = parseRef(note.ref);
    return (
      `<v:shape id="_x0000_s${firstShapeId + i}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:180pt;height:72pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
      '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
      `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${at.col}, 15, ${at.row - 1}, 2, ${at.col + 3}, 15, ${at.row + 3}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${at.row - 1}</x:Row><x:Column>${at.col - 1}</x:Column></x:ClientData></v:shape>`
    );
  });
  const objectShapes = embedded.map(
    (object, i) =>
      `<v:shape id="_x0000_s${firstShapeId + notes.length + i}" type="#_x0000_t75" style="position:absolute;margin-left:0;margin-top:0;width:72pt;height:48pt;z-index:${notes.length + i + 1}" filled="t" fillcolor="window [65]" stroked="t" strokecolor="windowText [64]" o:insetmode="auto">` +
      `<v:fill color2="window [65]"/><v:imagedata o:relid="rId${i + 1}" o:title=""/><x:ClientData ObjectType="Pict"><x:SizeWithCells/><x:Anchor>${object.from.col}, 0, ${object.from.row}, 0, ${object.to.col}, 0, ${object.to.row}, 0</x:Anchor><x:CF>Pict</x:CF><x:AutoPict/></x:ClientData></v:shape>`,
  );
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\r\n' +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${drawingNumber}"/></o:shapelayout>` +
    (notes.length ? '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' : '') +
    (embedded.length
      ? '<v:shapetype id="_x0000_t75" coordsize="21600,21600" o:spt="75" o:preferrelative="t" path="m,l,21600r21600,l21600,xe" filled="f" stroked="f"><v:stroke joinstyle="miter"/><v:path o:extrusionok="f" gradientshapeok="t" o:connecttype="rect"/><o:lock v:ext="edit" aspectratio="t"/></v:shapetype>'
      : '') +
    noteShapes.join('') +
    objectShapes.join('') +
    '</xml>'
  );
}

function commentsXml(notes: readonly NoteModel[]): string {
  const authors = [...new Set(notes.map((n) => n.author))];
  const list = notes.map(
    (n) =>
      `<comment ref="${n.ref}" authorId="${authors.indexOf(n.author)}"><text><r><rPr><b/><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr>${textElement(`${n.author}:`)}</r><r><rPr><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr>${textElement(`\n${n.text}`)}</r></text></comment>`,
  );
  return `${XML_DECL}<comments xmlns="${NS_MAIN}"><authors>${authors.map((a) => `<author>${escapeXml(a)}</author>`).join('')}</authors><commentList>${list.join('')}</commentList></comments>`;
}

/** The note text as a reader sees it: Excel's bold author line, then the note. */
export const noteText = (note: Pick<NoteModel, 'author' | 'text'>): string => `${note.author}:\n${note.text}`;

function chartXml(chart: ChartsheetModel): string {
  const strCache = (values: readonly string[]) => `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${escapeXml(v)}</c:v></c:pt>`).join('')}</c:strCache>`;
  const numCache = (values: readonly number[]) => `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join('')}</c:numCache>`;
  return (
    XML_DECL +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"><c:roundedCorners val="0"/><c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${escapeXml(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>` +
    '<c:plotArea><c:layout/><c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>' +
    `<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>${escapeXml(chart.seriesName)}</c:v></c:tx><c:invertIfNegative val="0"/>` +
    `<c:cat><c:strRef><c:f>${escapeXml(chart.categories.ref)}</c:f>${strCache(chart.categories.values)}</c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${escapeXml(chart.values.ref)}</c:f>${numCache(chart.values.values)}</c:numRef></c:val></c:ser>` +
    '<c:gapWidth val="150"/><c:axId val="500000001"/><c:axId val="500000002"/></c:barChart>' +
    '<c:catAx><c:axId val="500000001"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    '<c:valAx><c:axId val="500000002"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:majorGridlines/><c:numFmt formatCode="General" sourceLinked="1"/><c:tickLblPos val="nextTo"/><c:crossAx val="500000001"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>' +
    '</c:plotArea><c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
  );
}

/** The cell range a sheet's cells cover, as `<dimension>` states it. */
function usedRange(rows: Map<number, RowModel>): string {
  let top = Infinity;
  let bottom = 0;
  let left = Infinity;
  let right = 0;
  for (const [r, row] of rows) {
    for (const c of row.cells.keys()) {
      top = Math.min(top, r);
      bottom = Math.max(bottom, r);
      left = Math.min(left, c);
      right = Math.max(right, c);
    }
  }
  return bottom === 0 ? 'A1' : `${ref(top, left)}:${ref(bottom, right)}`;
}

interface SheetParts {
  readonly xml: string;
  readonly rels: Rel[];
  readonly extra: [string, Buffer | string][];
  readonly contentTypes: [string, string][];
}

interface Counters {
  drawing: number;
  vml: number;
  comments: number;
  image: number;
  embedding: number;
  printer: number;
  chart: number;
}

function worksheetParts(sheet: WorksheetModel, strings: SharedStrings, counters: Counters): SheetParts {
  const rels: Rel[] = [];
  const extra: [string, Buffer | string][] = [];
  const contentTypes: [string, string][] = [];
  const rel = (type: string, target: string, external = false) => {
    const id = `rId${rels.length + 1}`;
    rels.push({ id, type, target, external });
    return id;
  };

  const rowNumbers = [...sheet.rows.keys()].sort((a, b) => a - b);
  const sheetData = rowNumbers
    .map((r) => {
      const row = sheet.rows.get(r)!;
      const cols = [...row.cells.keys()].sort((a, b) => a - b);
      const spans = cols.length ? ` spans="${cols[0]}:${cols[cols.length - 1]}"` : '';
      const height = row.height ? ` ht="${row.height}" customHeight="1"` : '';
      const cells = cols.map((c) => cellXml(ref(r, c), row.cells.get(c)!, strings)).join('');
      return `<row r="${r}"${spans}${height} x14ac:dyDescent="0.25">${cells}</row>`;
    })
    .join('');

  const views = sheet.freeze
    ? (() => {
        const { rows, cols } = sheet.freeze;
        const topLeft = ref(rows + 1, cols + 1);
        const pane = rows && cols ? 'bottomRight' : rows ? 'bottomLeft' : 'topRight';
        return `<sheetViews><sheetView workbookViewId="0"><pane${cols ? ` xSplit="${cols}"` : ''}${rows ? ` ySplit="${rows}"` : ''} topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/><selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/></sheetView></sheetViews>`;
      })()
    : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';

  const cols = sheet.columns.length
    ? `<cols>${sheet.columns.map((c) => `<col min="${c.min}" max="${c.max}" width="${c.width}"${c.style ? ` style="${styleIndex(c.style)}"` : ''}${c.hidden ? ' hidden="1"' : ''} customWidth="1"/>`).join('')}</cols>`
    : '';

  let priority = 1;
  const conditional = sheet.conditionalFormats
    .map(
      (cf) =>
        `<conditionalFormatting sqref="${cf.sqref}">${cf.rules
          .map((rule) => {
            const attrs = `type="${rule.type}" dxfId="${DXFS[rule.dxf]}" priority="${priority++}"${rule.operator ? ` operator="${rule.operator}"` : ''}${rule.type === 'containsText' ? ` operator="containsText" text="${escapeAttr(rule.text ?? '')}"` : ''}`;
            return `<cfRule ${attrs}><formula>${escapeXml(rule.formula)}</formula></cfRule>`;
          })
          .join('')}</conditionalFormatting>`,
    )
    .join('');

  const plainValidations = sheet.validations.filter((v) => !v.x14);
  const x14Validations = sheet.validations.filter((v) => v.x14);
  const prompt = (v: ValidationModel) => (v.prompt ? ` promptTitle="Choose" prompt="${escapeAttr(v.prompt)}"` : '');
  const validations = plainValidations.length
    ? `<dataValidations count="${plainValidations.length}">${plainValidations.map((v) => `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1"${prompt(v)} sqref="${v.sqref}"><formula1>${escapeXml(v.formula)}</formula1></dataValidation>`).join('')}</dataValidations>`
    : '';

  const links = sheet.hyperlinks.length
    ? `<hyperlinks>${sheet.hyperlinks
        .map((h) => {
          const id = h.target ? ` r:id="${rel(`${REL}/hyperlink`, h.target, true)}"` : '';
          return `<hyperlink ref="${h.ref}"${id}${h.location ? ` location="${escapeAttr(h.location)}"` : ''}${h.display ? ` display="${escapeAttr(h.display)}"` : ''}${h.tooltip ? ` tooltip="${escapeAttr(h.tooltip)}"` : ''}/>`;
        })
        .join('')}</hyperlinks>`
    : '';

  let pageSetup = `<pageSetup paperSize="9" scale="60" fitToHeight="0" orientation="${sheet.landscape ? 'landscape' : 'portrait'}"/>`;
  if (sheet.printerSettings) {
    const n = ++counters.printer;
    const id = rel(`${REL}/printerSettings`, `../printerSettings/printerSettings${n}.bin`);
    extra.push([`xl/printerSettings/printerSettings${n}.bin`, sheet.printerSettings]);
    pageSetup = pageSetup.replace('/>', ` r:id="${id}"/>`);
  }

  let drawing = '';
  if (sheet.images.length) {
    const n = ++counters.drawing;
    drawing = `<drawing r:id="${rel(`${REL}/drawing`, `../drawings/drawing${n}.xml`)}"/>`;
    const drawingRels: Rel[] = sheet.images.map((img, i) => {
      const m = ++counters.image;
      extra.push([`xl/media/image${m}.png`, img.png]);
      return { id: `rId${i + 1}`, type: `${REL}/image`, target: `../media/image${m}.png` };
    });
    extra.push([`xl/drawings/drawing${n}.xml`, drawingXml(sheet.images)]);
    extra.push([`xl/drawings/_rels/drawing${n}.xml.rels`, relsXml(drawingRels)]);
    contentTypes.push([`/xl/drawings/drawing${n}.xml`, 'application/vnd.openxmlformats-officedocument.drawing+xml']);
  }

  let legacy = '';
  let oleObjects = '';
  if (sheet.notes.length || sheet.embedded.length) {
    const n = ++counters.vml;
    const firstShapeId = n * 1024 + 1;
    const vmlRels: Rel[] = [];
    if (sheet.notes.length) {
      const c = ++counters.comments;
      rel(`${REL}/comments`, `../comments${c}.xml`);
      extra.push([`xl/comments${c}.xml`, commentsXml(sheet.notes)]);
      contentTypes.push([`/xl/comments${c}.xml`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml']);
    }
    legacy = `<legacyDrawing r:id="${rel(`${REL}/vmlDrawing`, `../drawings/vmlDrawing${n}.vml`)}"/>`;
    const objects = sheet.embedded.map((object, i) => {
      const e = ++counters.embedding;
      const m = ++counters.image;
      const fileId = rel(`${REL}/package`, `../embeddings/${object.fileName.replace(/\.(\w+)$/, `${e}.$1`)}`);
      extra.push([`xl/embeddings/${object.fileName.replace(/\.(\w+)$/, `${e}.$1`)}`, object.file]);
      extra.push([`xl/media/image${m}.png`, object.icon]);
      const iconId = rel(`${REL}/image`, `../media/image${m}.png`);
      vmlRels.push({ id: `rId${i + 1}`, type: `${REL}/image`, target: `../media/image${m}.png` });
      const shapeId = firstShapeId + sheet.notes.length + i;
      const anchor = `<anchor moveWithCells="1">${anchorXml('from', object.from)}${anchorXml('to', object.to)}</anchor>`;
      const attributes = `progId="${object.progId}" dvAspect="DVASPECT_ICON" shapeId="${shapeId}" r:id="${fileId}"`;
      return `<mc:AlternateContent xmlns:mc="${NS_MC}"><mc:Choice Requires="x14"><oleObject ${attributes}><objectPr defaultSize="0" autoPict="0" r:id="${iconId}">${anchor}</objectPr></oleObject></mc:Choice><mc:Fallback><oleObject ${attributes}/></mc:Fallback></mc:AlternateContent>`;
    });
    if (objects.length) oleObjects = `<oleObjects>${objects.join('')}</oleObjects>`;
    extra.push([`xl/drawings/vmlDrawing${n}.vml`, vmlXml(n, sheet.notes, sheet.embedded, firstShapeId)]);
    if (vmlRels.length) extra.push([`xl/drawings/_rels/vmlDrawing${n}.vml.rels`, relsXml(vmlRels)]);
  }

  const ext = x14Validations.length
    ? `<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="${NS_X14}"><x14:dataValidations count="${x14Validations.length}" xmlns:xm="${NS_XM}">${x14Validations
        .map((v) => `<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1"${prompt(v)}><x14:formula1><xm:f>${escapeXml(v.formula)}</xm:f></x14:formula1><xm:sqref>${v.sqref}</xm:sqref></x14:dataValidation>`)
        .join('')}</x14:dataValidations></ext></extLst>`
    : '';

  const xml =
    XML_DECL +
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}" xmlns:mc="${NS_MC}" mc:Ignorable="x14ac" xmlns:x14ac="${NS_X14AC}"${oleObjects ? ` xmlns:xdr="${NS_XDR}" xmlns:x14="${NS_X14}"` : ''}>` +
    `<sheetPr>${sheet.tabColor ? `<tabColor rgb="${sheet.tabColor}"/>` : ''}<pageSetUpPr fitToPage="1"/></sheetPr>` +
    `<dimension ref="${sheet.dimension ?? usedRange(sheet.rows)}"/>` +
    views +
    '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>' +
    cols +
    (sheetData ? `<sheetData>${sheetData}</sheetData>` : '<sheetData/>') +
    (sheet.autoFilter ? `<autoFilter ref="${sheet.autoFilter}"/>` : '') +
    (sheet.merges.length ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '') +
    conditional +
    validations +
    links +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    pageSetup +
    `<headerFooter><oddFooter>${escapeXml('&L&8Official&R&8Page &P of &N')}</oddFooter></headerFooter>` +
    drawing +
    legacy +
    oleObjects +
    ext +
    '</worksheet>';
  return { xml, rels, extra, contentTypes };
}

function chartsheetParts(sheet: ChartsheetModel, counters: Counters): SheetParts {
  const d = ++counters.drawing;
  const c = ++counters.chart;
  const graphic = `<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}"><xdr:absoluteAnchor><xdr:pos x="0" y="0"/><xdr:ext cx="9294091" cy="6003636"/><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></xdr:cNvGraphicFramePr></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:absoluteAnchor></xdr:wsDr>`;
  return {
    xml: `${XML_DECL}<chartsheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><sheetPr/><sheetViews><sheetView zoomScale="100" workbookViewId="0" zoomToFit="1"/></sheetViews><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><drawing r:id="rId1"/></chartsheet>`,
    rels: [{ id: 'rId1', type: `${REL}/drawing`, target: `../drawings/drawing${d}.xml` }],
    extra: [
      [`xl/drawings/drawing${d}.xml`, XML_DECL + graphic],
      [`xl/drawings/_rels/drawing${d}.xml.rels`, relsXml([{ id: 'rId1', type: `${REL}/chart`, target: `../charts/chart${c}.xml` }])],
      [`xl/charts/chart${c}.xml`, chartXml(sheet)],
    ],
    contentTypes: [
      [`/xl/drawings/drawing${d}.xml`, 'application/vnd.openxmlformats-officedocument.drawing+xml'],
      [`/xl/charts/chart${c}.xml`, 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml'],
    ],
  };
}

const CUSTOM_XML_GUID = '{4F0A2C1E-7B3D-4C56-9E21-5A6B7C8D9E0F}';

/** The package's bytes. The same model always gives the same bytes. */
export function writeWorkbookPackage(model: WorkbookModel): Buffer {
  const strings = new SharedStrings();
  const counters: Counters = { drawing: 0, vml: 0, comments: 0, image: 0, embedding: 0, printer: 0, chart: 0 };
  const sheetEntries: [string, Buffer | string][] = [];
  const extras: [string, Buffer | string][] = [];
  const overrides: [string, string][] = [['/xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml']];
  const workbookRels: Rel[] = [];
  let worksheetNumber = 0;
  let chartsheetNumber = 0;

  const sheetsXml = model.sheets.map((sheet, i) => {
    const parts = sheet.kind === 'worksheet' ? worksheetParts(sheet, strings, counters) : chartsheetParts(sheet, counters);
    const folder = sheet.kind === 'worksheet' ? 'worksheets' : 'chartsheets';
    const n = sheet.kind === 'worksheet' ? ++worksheetNumber : ++chartsheetNumber;
    const part = `xl/${folder}/sheet${n}.xml`;
    sheetEntries.push([part, parts.xml]);
    if (parts.rels.length) sheetEntries.push([`xl/${folder}/_rels/sheet${n}.xml.rels`, relsXml(parts.rels)]);
    extras.push(...parts.extra);
    overrides.push([`/${part}`, `application/vnd.openxmlformats-officedocument.spreadsheetml.${sheet.kind}+xml`], ...parts.contentTypes);
    const id = `rId${i + 1}`;
    workbookRels.push({ id, type: `${REL}/${sheet.kind}`, target: `${folder}/sheet${n}.xml` });
    return `<sheet name="${escapeAttr(sheet.name)}" sheetId="${i + 1}"${sheet.state === 'visible' ? '' : ` state="${sheet.state}"`} r:id="${id}"/>`;
  });
  const relId = (type: string, target: string) => {
    const id = `rId${workbookRels.length + 1}`;
    workbookRels.push({ id, type: `${REL}/${type}`, target });
    return id;
  };
  relId('theme', 'theme/theme1.xml');
  relId('styles', 'styles.xml');
  relId('sharedStrings', 'sharedStrings.xml');
  if (model.customXml) relId('customXml', '../customXml/item1.xml');

  const firstVisible = model.sheets.findIndex((s) => s.state === 'visible');
  const names = [...model.definedNames].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : (a.localSheet ?? -1) - (b.localSheet ?? -1)));
  const definedNames = names.length
    ? `<definedNames>${names.map((n) => `<definedName name="${escapeAttr(n.name)}"${n.localSheet !== undefined ? ` localSheetId="${n.localSheet}"` : ''}${n.hidden ? ' hidden="1"' : ''}>${escapeXml(n.ref)}</definedName>`).join('')}</definedNames>`
    : '';
  const workbookXml =
    XML_DECL +
    `<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}" xmlns:mc="${NS_MC}" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">` +
    '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/><workbookPr defaultThemeVersion="166925"/>' +
    `<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15840"${firstVisible > 0 ? ` firstSheet="${firstVisible}" activeTab="${firstVisible}"` : ''}/></bookViews>` +
    `<sheets>${sheetsXml.join('')}</sheets>${definedNames}<calcPr calcId="191029"/></workbook>`;

  overrides.push(
    ['/xl/theme/theme1.xml', 'application/vnd.openxmlformats-officedocument.theme+xml'],
    ['/xl/styles.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml'],
    ['/xl/sharedStrings.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml'],
  );
  if (model.customXml) overrides.push(['/customXml/itemProps1.xml', 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml']);
  overrides.push(['/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml'], ['/docProps/app.xml', 'application/vnd.openxmlformats-officedocument.extended-properties+xml']);
  if (model.customXml) overrides.push(['/docProps/custom.xml', 'application/vnd.openxmlformats-officedocument.custom-properties+xml']);

  const hasExtension = (ext: string) => extras.some(([name]) => name.endsWith(`.${ext}`));
  const defaults: [string, string][] = [
    ['bin', 'application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings'],
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['png', 'image/png'],
    ['rels', 'application/vnd.openxmlformats-package.relationships+xml'],
    ['vml', 'application/vnd.openxmlformats-officedocument.vmlDrawing'],
    ['xml', 'application/xml'],
  ].filter(([ext]) => ['rels', 'xml'].includes(ext) || hasExtension(ext)) as [string, string][];
  const contentTypesXml =
    XML_DECL +
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${defaults.map(([e, t]) => `<Default Extension="${e}" ContentType="${t}"/>`).join('')}${overrides.map(([p, t]) => `<Override PartName="${p}" ContentType="${t}"/>`).join('')}</Types>`;

  const p = model.properties;
  const rootRels: Rel[] = [
    { id: 'rId3', type: `${REL}/extended-properties`, target: 'docProps/app.xml' },
    { id: 'rId2', type: 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', target: 'docProps/core.xml' },
    { id: 'rId1', type: `${REL}/officeDocument`, target: 'xl/workbook.xml' },
    ...(model.customXml ? [{ id: 'rId4', type: `${REL}/custom-properties`, target: 'docProps/custom.xml' }] : []),
  ];
  const coreXml =
    XML_DECL +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(p.title)}</dc:title><dc:subject>${escapeXml(p.subject)}</dc:subject><dc:creator>${escapeXml(p.creator)}</dc:creator><cp:lastModifiedBy>${escapeXml(p.lastModifiedBy)}</cp:lastModifiedBy>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${p.created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${p.modified}</dcterms:modified></cp:coreProperties>`;
  const worksheetNames = model.sheets.filter((s) => s.kind === 'worksheet').map((s) => s.name);
  const chartNames = model.sheets.filter((s) => s.kind === 'chartsheet').map((s) => s.name);
  const namedRanges = names.filter((n) => !n.name.startsWith('_xlnm.')).map((n) => (n.localSheet !== undefined ? `${quoteSheet(model.sheets[n.localSheet].name)}!${n.name}` : n.name));
  const headingPairs: [string, number][] = [
    ['Worksheets', worksheetNames.length],
    ['Charts', chartNames.length],
    ['Named Ranges', namedRanges.length],
  ].filter(([, count]) => (count as number) > 0) as [string, number][];
  const titles = [...worksheetNames, ...chartNames, ...namedRanges];
  const appXml =
    XML_DECL +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
    `<HeadingPairs><vt:vector size="${headingPairs.length * 2}" baseType="variant">${headingPairs.map(([n, c]) => `<vt:variant><vt:lpstr>${n}</vt:lpstr></vt:variant><vt:variant><vt:i4>${c}</vt:i4></vt:variant>`).join('')}</vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${titles.length}" baseType="lpstr">${titles.map((t) => `<vt:lpstr>${escapeXml(t)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
    `<Company>${escapeXml(p.company)}</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>`;

  const customXmlParts: [string, string][] = model.customXml
    ? [
        ['customXml/item1.xml', `${XML_DECL}<b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography" xmlns="http://schemas.openxmlformats.org/officeDocument/2006/bibliography" SelectedStyle="/APA.XSL" StyleName="APA"/>`],
        ['customXml/_rels/item1.xml.rels', relsXml([{ id: 'rId1', type: `${REL}/customXmlProps`, target: 'itemProps1.xml' }])],
        [
          'customXml/itemProps1.xml',
          `${XML_DECL}<ds:datastoreItem ds:itemID="${CUSTOM_XML_GUID}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs><ds:schemaRef ds:uri="http://schemas.openxmlformats.org/officeDocument/2006/bibliography"/></ds:schemaRefs></ds:datastoreItem>`,
        ],
        [
          'docProps/custom.xml',
          `${XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="ContentTypeId"><vt:lpwstr>0x010100A1B2C3D4E5F60718293A4B5C6D7E8F90</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="Classification"><vt:lpwstr>OFFICIAL</vt:lpwstr></property></Properties>`,
        ],
      ]
    : [];

  // Shared strings are complete only once every sheet is rendered, so they are written last but listed in Excel's order.
  return zipParts([
    ['[Content_Types].xml', contentTypesXml],
    ['_rels/.rels', relsXml(rootRels)],
    ['xl/workbook.xml', workbookXml],
    ['xl/_rels/workbook.xml.rels', relsXml(workbookRels)],
    ...sheetEntries,
    ['xl/theme/theme1.xml', themeXml()],
    ['xl/styles.xml', stylesXml()],
    ['xl/sharedStrings.xml', strings.xml()],
    ...extras,
    ...customXmlParts,
    ['docProps/core.xml', coreXml],
    ['docProps/app.xml', appXml],
  ]);
}
