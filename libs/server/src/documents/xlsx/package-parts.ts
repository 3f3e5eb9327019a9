import { DomainError } from '@pairline/domain';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { unreadablePackage, type ZipPackage } from './zip-package';

/**
 * The parts of a SpreadsheetML package every reader and writer needs: where the workbook is,
 * its sheets with their parts and visibility, its relationships. Found through the package's
 * relationships, never by assuming `xl/worksheets/sheet1.xml`: files from other tools name
 * their parts differently.
 */

export type SheetState = 'visible' | 'hidden' | 'veryHidden';

export interface SheetEntry {
  readonly name: string;
  readonly state: SheetState;
  /** The worksheet part, e.g. `xl/worksheets/sheet3.xml`. */
  readonly part: string;
  /** 0-based position among all the workbook's sheets, chart sheets included (what `localSheetId` counts). */
  readonly index: number;
}

export interface DefinedName {
  readonly name: string;
  /** 0-based position of the sheet the name is local to; null for a workbook-wide name. */
  readonly localSheet: number | null;
  readonly ref: string;
}

export interface WorkbookParts {
  readonly workbookPart: string;
  readonly sheets: readonly SheetEntry[];
  readonly definedNames: readonly DefinedName[];
  readonly date1904: boolean;
  readonly sharedStringsPart: string | null;
  readonly stylesPart: string | null;
}

export interface Relationship {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly external: boolean;
}

/**
 * SpreadsheetML text keeps characters XML cannot hold (and carriage returns, which XML would fold)
 * as `_xHHHH_`; a literal `_x…_` is protected as `_x005F_x…_`.
 */
export const decodeEscapes = (text: string): string => (text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text);

/** The element's name without its namespace prefix: some writers prefix every element (`x:c`). */
export const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** An attribute by local name, whatever its prefix (`r:id`, `relationships:id`). */
export function attribute(tag: SaxesTagPlain, name: string): string | undefined {
  const direct = tag.attributes[name];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(tag.attributes)) if (localName(key) === name) return value;
  return undefined;
}

/** Parses a whole XML part with one handler per event; a malformed part is a damaged workbook. */
export function parseXml(xml: string, handlers: { open?: (tag: SaxesTagPlain) => void; close?: (name: string) => void; text?: (text: string) => void }): void {
  const parser = new SaxesParser();
  if (handlers.open) parser.on('opentag', (tag) => handlers.open!(tag as SaxesTagPlain));
  if (handlers.close) parser.on('closetag', (tag) => handlers.close!(localName(tag.name)));
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  parser.on('error', (error) => {
    throw error;
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unreadablePackage('workbook');
  }
}

export function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Resolves a relationship target against the part that holds the relationship. */
export function resolveTarget(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const base = fromPart.slice(0, fromPart.lastIndexOf('/') + 1).split('/').filter(Boolean);
  for (const segment of target.split('/')) {
    if (segment === '..') base.pop();
    else if (segment !== '.' && segment !== '') base.push(segment);
  }
  return base.join('/');
}

export function readRelationships(pkg: ZipPackage, part: string): Relationship[] {
  const xml = pkg.text(relsPartOf(part));
  if (!xml) return [];
  const result: Relationship[] = [];
  parseXml(xml, {
    open: (tag) => {
      if (localName(tag.name) !== 'Relationship') return;
      const id = attribute(tag, 'Id');
      const target = attribute(tag, 'Target');
      if (!id || target === undefined) return;
      const external = attribute(tag, 'TargetMode') === 'External';
      result.push({ id, type: attribute(tag, 'Type') ?? '', target: external ? target : resolveTarget(part, target), external });
    },
  });
  return result;
}

const typeIs = (rel: Relationship, suffix: string) => rel.type.endsWith(`/${suffix}`);

export function readWorkbookParts(pkg: ZipPackage): WorkbookParts {
  const root = readRelationships(pkg, '').find((r) => typeIs(r, 'officeDocument'));
  const workbookPart = root?.target ?? 'xl/workbook.xml';
  const xml = pkg.text(workbookPart);
  if (!xml) throw unreadablePackage('workbook');
  const rels = readRelationships(pkg, workbookPart);
  const byId = new Map(rels.map((r) => [r.id, r]));
  const sheets: SheetEntry[] = [];
  const definedNames: DefinedName[] = [];
  let date1904 = false;
  let sheetIndex = 0;
  let name: { name: string; localSheet: number | null } | null = null;
  let nameText = '';
  parseXml(xml, {
    open: (tag) => {
      switch (localName(tag.name)) {
        case 'sheet': {
          const rel = byId.get(attribute(tag, 'id') ?? '');
          const state = attribute(tag, 'state');
          // Chart sheets and dialog sheets have no cells: they are kept in the package, not read, but they count in the sheets' numbering.
          if (rel && typeIs(rel, 'worksheet')) sheets.push({ name: attribute(tag, 'name') ?? '', state: state === 'hidden' || state === 'veryHidden' ? state : 'visible', part: rel.target, index: sheetIndex });
          sheetIndex++;
          break;
        }
        case 'workbookPr':
          date1904 = ['1', 'true'].includes(attribute(tag, 'date1904') ?? '');
          break;
        case 'definedName': {
          const local = attribute(tag, 'localSheetId');
          name = { name: attribute(tag, 'name') ?? '', localSheet: local === undefined ? null : Number(local) };
          nameText = '';
          break;
        }
      }
    },
    text: (text) => {
      if (name) nameText += text;
    },
    close: (tag) => {
      if (tag === 'definedName' && name) {
        definedNames.push({ ...name, ref: nameText });
        name = null;
      }
    },
  });
  return {
    workbookPart,
    sheets,
    definedNames,
    date1904,
    sharedStringsPart: rels.find((r) => typeIs(r, 'sharedStrings'))?.target ?? null,
    stylesPart: rels.find((r) => typeIs(r, 'styles'))?.target ?? null,
  };
}

/** Shared strings in order; rich text runs joined, phonetic guides (`rPh`) left out. */
export function readSharedStrings(pkg: ZipPackage, part: string | null): string[] {
  const xml = part ? pkg.text(part) : null;
  if (!xml) return [];
  const strings: string[] = [];
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  parseXml(xml, {
    open: (tag) => {
      const name = localName(tag.name);
      if (name === 'si') current = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) inText = true;
    },
    text: (text) => {
      if (inText && current !== null) current += text;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        strings.push(decodeEscapes(current ?? ''));
        current = null;
      }
    },
  });
  return strings;
}

/** Built-in number formats that show dates or times (ECMA-376 §18.8.30, and the locale ones). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * A custom format shows a date or time when it has date or time codes (d, m, y, h, s) outside quoted
 * text, escaped characters and [colour] or [locale] blocks; number formats use none of these letters.
 */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/general/gi, '')
    .split(';')[0];
  return /[dmyhs]/i.test(bare);
}

/** For each cell style index (the `s` attribute), whether it formats numbers as dates. */
export function readDateStyles(pkg: ZipPackage, part: string | null): boolean[] {
  const xml = part ? pkg.text(part) : null;
  if (!xml) return [];
  const custom = new Map<number, string>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  parseXml(xml, {
    open: (tag) => {
      const name = localName(tag.name);
      if (name === 'numFmt') custom.set(Number(attribute(tag, 'numFmtId')), attribute(tag, 'formatCode') ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attribute(tag, 'numFmtId') ?? 0);
        const code = custom.get(id);
        styles.push(code !== undefined ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id));
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styles;
}
