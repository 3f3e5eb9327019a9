/**
 * Test-only: SCAL workbooks with the structures of NHS England's real ones, written as raw
 * SpreadsheetML from a declarative spec (see spreadsheetml-writer.ts). Tabs open with a title
 * block and put their header on a row of their own (5, 15, 19, 20 …), group the answer and review
 * columns under merged headings, break the table with sub-heading rows, keep their dropdown lists
 * below the table, reuse identifiers across tabs, spell one header several ways, and carry
 * pictures, an embedded document, notes, hyperlinks, formulas and hidden tabs. `describeScal`
 * says where every requirement and answer cell is, so a test checks an import against the spec
 * rather than re-deriving it from the file.
 */
import {
  columnLetters,
  docxDocument,
  noteText,
  parseRef,
  pngPicture,
  quoteSheet,
  ref,
  seededRandom,
  writeWorkbookPackage,
  type Anchor,
  type CellModel,
  type CellValue,
  type ChartsheetModel,
  type ConditionalFormatModel,
  type DefinedNameModel,
  type EmbeddedModel,
  type HyperlinkModel,
  type ImageModel,
  type NoteModel,
  type RowModel,
  type SheetState,
  type StyleName,
  type ValidationModel,
  type WorkbookModel,
  type WorksheetModel,
} from './spreadsheetml-writer';

export type { Anchor, CellValue, SheetState, StyleName, WorkbookModel } from './spreadsheetml-writer';

export const SCAL_RESPONSES = ['Compliant', 'Non-Compliant', 'Not Applicable'] as const;
export type ScalResponse = (typeof SCAL_RESPONSES)[number];

export const REVIEW_VERDICTS = [
  'Evidence Satisfactory – No Further Action Required',
  'Evidence Demonstration Required – Witness Testing',
  'Evidence Incomplete or Insufficient Evidence Provided',
  'Not Applicable',
] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

export const SCAL_LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;
export type ScalLevel = (typeof SCAL_LEVELS)[number];

export const SCAL_ENVIRONMENTS = ['Internet Facing', 'OpenTest', 'INT', 'INT(PROVIDER)', 'ENVNA'] as const;

export type ColumnKey = 'identifier' | 'useCase' | 'type' | 'link' | 'description' | 'item' | 'testCases' | 'evidenceRequired' | 'environment' | 'level' | AnswerKey;
export const ANSWER_KEYS = ['response', 'justification', 'evidence', 'review', 'reviewComment', 'reviewDate'] as const;
export type AnswerKey = (typeof ANSWER_KEYS)[number];
/** The columns a dropdown list can sit on. */
export type ListKey = 'response' | 'review' | 'level' | 'environment';

/** A string is a shared string; anything else is written as the cell value says. */
export type CellInput = string | number | boolean | CellValue;

export interface ColumnSpec {
  readonly key: ColumnKey;
  readonly header: string;
  readonly width: number;
}

/** A heading over several columns on the row above the header, e.g. "Supplier response". */
export interface GroupHeadingSpec {
  readonly text: string;
  readonly from: ColumnKey;
  readonly to: ColumnKey;
}

/**
 * Where a dropdown's entries come from: an inline list (`"A,B,C"`), the tab's own list rows below
 * the table (`$K$60:$K$62`), a defined name, or a range on another sheet (which Excel 2010 and
 * later write in the sheet's x14 extension list).
 */
export type ListSource =
  | { readonly kind: 'inline' }
  | { readonly kind: 'ownRows' }
  /** `values`: what the name resolves to, when not the standard entries (e.g. a tab's own older spelling). */
  | { readonly kind: 'name'; readonly name: string; readonly values?: readonly string[] }
  | { readonly kind: 'sheetRange'; readonly ref: string; readonly values?: readonly string[] };

export interface TitleLineSpec {
  readonly row: number;
  readonly text: CellInput;
  readonly style?: StyleName;
  /** Merged across the table's width. */
  readonly merge?: boolean;
  readonly height?: number;
}

export interface RequirementSpec {
  readonly kind: 'requirement';
  readonly identifier: string;
  readonly description: string;
  readonly level?: ScalLevel;
  readonly environment?: string;
  readonly useCase?: string;
  readonly type?: string;
  readonly link?: { readonly text: string; readonly url: string };
  readonly item?: string;
  readonly testCases?: string;
  readonly evidenceRequired?: string;
  readonly response?: ScalResponse;
  readonly justification?: string;
  readonly evidence?: string;
  readonly review?: ReviewVerdict;
  readonly reviewComment?: string;
  /** ISO date. */
  readonly reviewDate?: string;
  /** A cell note on the identifier cell. */
  readonly note?: string;
  readonly height?: number;
}

/** One text merged across the table: a section of the tab. */
export interface SubHeadingSpec {
  readonly kind: 'subHeading';
  readonly text: string;
}

export interface FreeCellSpec {
  readonly ref: string;
  readonly value: CellInput;
  readonly style?: StyleName;
  /** A range starting at this cell to merge, e.g. `B4:H4`. */
  readonly merge?: string;
}

export interface NoteSpec {
  readonly ref: string;
  readonly text: string;
  readonly author?: string;
}

export interface LinkSpec {
  readonly ref: string;
  readonly url?: string;
  readonly location?: string;
  readonly display?: string;
}

interface TabCommon {
  readonly name: string;
  readonly state?: SheetState;
  readonly tabColor?: string;
  readonly cells?: readonly FreeCellSpec[];
  readonly notes?: readonly NoteSpec[];
  readonly links?: readonly LinkSpec[];
  readonly pictures?: readonly ImageModel[];
  readonly objects?: readonly EmbeddedModel[];
  readonly rowHeights?: Readonly<Record<number, number>>;
  readonly printerSettings?: boolean;
}

/** A tab without requirements: cover, instructions, lists, control. */
export interface InfoTabSpec extends TabCommon {
  readonly kind: 'info';
  readonly columnWidths: readonly number[];
  readonly freezeRows?: number;
  readonly validations?: readonly ValidationModel[];
  readonly conditionalFormats?: readonly ConditionalFormatModel[];
}

export interface RequirementTabSpec extends TabCommon {
  readonly kind: 'requirements';
  readonly title: readonly TitleLineSpec[];
  readonly headerRow: number;
  /** Written on the row above the header; the columns outside every group get their header merged over both rows. */
  readonly groups?: readonly GroupHeadingSpec[];
  readonly columns: readonly ColumnSpec[];
  readonly rows: readonly (RequirementSpec | SubHeadingSpec)[];
  readonly lists: { readonly [key in ListKey]?: ListSource };
  /** Blank rows between the table and the tab's own list rows; needed when a list is `ownRows`. */
  readonly listRowsGap?: number;
  readonly freeze?: boolean;
  readonly autoFilter?: boolean;
  readonly conditionalFormatting?: boolean;
  /** Formats all 16,384 columns and leaves formatted empty cells at XFD, as some real tabs do. */
  readonly wide?: boolean;
}

/** Counts per requirement tab, by COUNTIF/COUNTA formulas with cached values, and links to the tabs. */
export interface SummaryTabSpec extends TabCommon {
  readonly kind: 'summary';
  readonly title: readonly TitleLineSpec[];
  readonly headerRow: number;
  readonly tabs: readonly string[];
  /** A VLOOKUP on this sheet whose cached value is `#N/A`. */
  readonly lookupError?: { readonly ref: string; readonly formula: string };
}

export type TabSpec = InfoTabSpec | RequirementTabSpec | SummaryTabSpec;

export interface ScalDefinedNameSpec {
  readonly name: string;
  readonly ref: string;
  /** The tab the name is local to. */
  readonly sheet?: string;
  readonly hidden?: boolean;
}

export interface ScalWorkbookSpec {
  readonly name: string;
  readonly title: string;
  readonly tabs: readonly TabSpec[];
  readonly definedNames?: readonly ScalDefinedNameSpec[];
  /** A chart sheet of the summary's compliant counts, placed before the tab `before`. */
  readonly chartSheet?: { readonly name: string; readonly before: string; readonly summary: string };
  readonly customXml?: boolean;
  readonly author: string;
  /** ISO instants. */
  readonly created: string;
  readonly modified: string;
}

// ---------------------------------------------------------------------------------------------
// Layout: where things are, for tests

export interface ScalCellLayout {
  readonly col: number;
  /** A1 reference, e.g. `K16`. */
  readonly ref: string;
  /** The text a reader shows (dates as `YYYY-MM-DD`), null when the cell is empty. */
  readonly value: string | null;
}

export interface ScalRequirementLayout {
  readonly sheet: string;
  readonly row: number;
  readonly identifier: string;
  readonly description: string;
  readonly level: ScalLevel | null;
  readonly environment: string | null;
  /** The sub-heading the row sits under, if any. */
  readonly section: string | null;
  readonly cells: { readonly [key in AnswerKey]?: ScalCellLayout };
}

export interface ScalListLayout {
  readonly key: ListKey;
  readonly sqref: string;
  readonly formula: string;
  readonly source: ListSource['kind'];
  readonly values: readonly string[];
}

export interface ScalTabLayout {
  readonly sheet: string;
  readonly state: SheetState;
  readonly headerRow: number;
  /** The group-heading row above the header, when the tab has one. */
  readonly groupRow: number | null;
  readonly columns: { readonly [key in ColumnKey]?: number };
  /** Where each header's text is: on the group row for a header merged over two rows. */
  readonly headers: { readonly [key in ColumnKey]?: { readonly row: number; readonly col: number; readonly text: string } };
  readonly firstRow: number;
  readonly lastRow: number;
  readonly requirements: readonly ScalRequirementLayout[];
  readonly subHeadings: readonly { readonly row: number; readonly text: string }[];
  /** The tab's dropdown-list rows below the table (a label, then the entries). */
  readonly listRows: readonly { readonly row: number; readonly col: number; readonly text: string }[];
  readonly lists: readonly ScalListLayout[];
}

export interface ScalLayout {
  readonly sheets: readonly { readonly name: string; readonly state: SheetState; readonly kind: TabSpec['kind'] | 'chart' }[];
  readonly tabs: readonly ScalTabLayout[];
  /** Every requirement row of every tab, in tab order. */
  readonly requirements: readonly ScalRequirementLayout[];
}

export interface ScalFixture {
  readonly name: string;
  readonly spec: ScalWorkbookSpec;
  readonly model: WorkbookModel;
  readonly layout: ScalLayout;
  readonly bytes: Buffer;
}

// ---------------------------------------------------------------------------------------------
// Spec → model

const asValue = (input: CellInput): CellValue => {
  if (typeof input === 'string') return { kind: 'shared', text: input };
  if (typeof input === 'number') return { kind: 'number', value: input };
  if (typeof input === 'boolean') return { kind: 'boolean', value: input };
  return input;
};

/** The text a reader shows for a cell: General-format numbers, dates by their style, cached formula results. */
export function displayText(value: CellValue): string {
  const number = (n: number) => String(Number(n.toPrecision(15)));
  switch (value.kind) {
    case 'shared':
    case 'inline':
      return value.text;
    case 'rich':
      return value.runs.map((r) => r.text).join('');
    case 'number':
      return number(value.value);
    case 'boolean':
      return value.value ? 'TRUE' : 'FALSE';
    case 'date':
      return value.iso.replace('T', ' ');
    case 'error':
      return value.code;
    case 'blank':
      return '';
    case 'formula': {
      const c = value.cached;
      if (typeof c === 'string') return c;
      if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE';
      if (typeof c === 'number') return number(c);
      return c.error;
    }
  }
}

class SheetBuilder {
  readonly rows = new Map<number, RowModel>();
  readonly merges: string[] = [];
  readonly hyperlinks: HyperlinkModel[] = [];
  readonly notes: NoteModel[] = [];
  readonly validations: ValidationModel[] = [];
  readonly conditionalFormats: ConditionalFormatModel[] = [];

  set(row: number, col: number, value: CellInput, style: StyleName): void {
    let r = this.rows.get(row);
    if (!r) this.rows.set(row, (r = { cells: new Map() }));
    r.cells.set(col, { value: asValue(value), style });
  }

  /** Styled blanks over the rest of a merged range, as Excel keeps the borders of merged cells. */
  merge(top: number, left: number, bottom: number, right: number, style: StyleName): void {
    for (let r = top; r <= bottom; r++) for (let c = left; c <= right; c++) if (r !== top || c !== left) this.set(r, c, { kind: 'blank' }, style);
    this.merges.push(`${ref(top, left)}:${ref(bottom, right)}`);
  }

  height(row: number, height: number): void {
    let r = this.rows.get(row);
    if (!r) this.rows.set(row, (r = { cells: new Map() }));
    r.height = height;
  }

  common(tab: TabCommon): void {
    for (const cell of tab.cells ?? []) {
      const at = parseRef(cell.ref);
      this.set(at.row, at.col, cell.value, cell.style ?? 'text');
      if (cell.merge) {
        const [, to] = cell.merge.split(':');
        const end = parseRef(to);
        this.merge(at.row, at.col, end.row, end.col, cell.style ?? 'text');
      }
    }
    for (const note of tab.notes ?? []) this.notes.push({ ref: note.ref, author: note.author ?? 'NHS England', text: note.text });
    for (const link of tab.links ?? []) this.hyperlinks.push({ ref: link.ref, target: link.url, location: link.location, display: link.display });
    for (const [row, height] of Object.entries(tab.rowHeights ?? {})) this.height(Number(row), height);
  }

  sheet(tab: TabCommon, extra: Partial<WorksheetModel>): WorksheetModel {
    return {
      kind: 'worksheet',
      name: tab.name,
      state: tab.state ?? 'visible',
      tabColor: tab.tabColor,
      rows: this.rows,
      columns: [],
      merges: this.merges,
      conditionalFormats: this.conditionalFormats,
      validations: this.validations,
      hyperlinks: this.hyperlinks,
      notes: this.notes,
      images: tab.pictures ?? [],
      embedded: tab.objects ?? [],
      printerSettings: tab.printerSettings ? printerSettings(tab.name) : undefined,
      ...extra,
    };
  }
}

const abs = (row: number, col: number) => `$${columnLetters(col)}$${row}`;

/** A DEVMODE-shaped printer settings blob, as Excel stores per sheet: a binary part nobody reads. */
function printerSettings(seed: string): Buffer {
  const bytes = Buffer.alloc(1_200);
  bytes.write('Microsoft Print to PDF', 0, 'utf16le');
  bytes.writeUInt16LE(0x0401, 64);
  bytes.writeUInt16LE(220, 68);
  const random = seededRandom(seed.length * 7919);
  for (let i = 220; i < bytes.length; i += 4) bytes.writeUInt32LE(Math.floor(random() * 0xffffffff) & 0x0f0f0f0f, i);
  return bytes;
}

const LIST_VALUES: Record<ListKey, readonly string[]> = { response: SCAL_RESPONSES, review: REVIEW_VERDICTS, level: SCAL_LEVELS, environment: SCAL_ENVIRONMENTS };
const LIST_COLUMN: Record<ListKey, ColumnKey> = { response: 'response', review: 'review', level: 'level', environment: 'environment' };
const inlineList = (values: readonly string[]) => `"${values.join(',')}"`;

interface BuiltTab {
  readonly sheet: WorksheetModel;
  readonly names: ScalDefinedNameSpec[];
  readonly layout: ScalTabLayout | null;
}

function buildRequirementTab(tab: RequirementTabSpec): BuiltTab {
  const b = new SheetBuilder();
  const width = tab.columns.length;
  const colOf = new Map(tab.columns.map((c, i) => [c.key, i + 1]));
  if (colOf.size !== width) throw new Error(`${tab.name}: a column key is used twice`);
  const groupRow = tab.groups?.length ? tab.headerRow - 1 : null;
  const firstRow = tab.headerRow + 1;
  const lastRow = tab.headerRow + tab.rows.length;
  for (const line of tab.title) {
    if (line.row >= (groupRow ?? tab.headerRow)) throw new Error(`${tab.name}: title line on row ${line.row} runs into the header`);
    b.set(line.row, 1, line.text, line.style ?? 'text');
    if (line.merge && width > 1) b.merge(line.row, 1, line.row, width, line.style ?? 'text');
    if (line.height) b.height(line.row, line.height);
  }

  const headers: { [key in ColumnKey]?: { row: number; col: number; text: string } } = {};
  const grouped = new Set<number>();
  for (const group of tab.groups ?? []) {
    const from = colOf.get(group.from);
    const to = colOf.get(group.to);
    if (!from || !to || groupRow === null) throw new Error(`${tab.name}: group "${group.text}" names a missing column`);
    b.set(groupRow, from, group.text, 'groupHeading');
    b.merge(groupRow, from, groupRow, to, 'groupHeading');
    for (let c = from; c <= to; c++) grouped.add(c);
  }
  tab.columns.forEach((column, i) => {
    const col = i + 1;
    if (groupRow !== null && !grouped.has(col)) {
      b.set(groupRow, col, column.header, 'header');
      b.merge(groupRow, col, tab.headerRow, col, 'header');
      headers[column.key] = { row: groupRow, col, text: column.header };
    } else {
      b.set(tab.headerRow, col, column.header, 'header');
      headers[column.key] = { row: tab.headerRow, col, text: column.header };
    }
  });
  b.height(tab.headerRow, 42);
  if (groupRow !== null) b.height(groupRow, 20);

  const requirements: ScalRequirementLayout[] = [];
  const subHeadings: { row: number; text: string }[] = [];
  let section: string | null = null;
  tab.rows.forEach((spec, i) => {
    const row = firstRow + i;
    if (spec.kind === 'subHeading') {
      b.set(row, 1, spec.text, 'subHeading');
      if (width > 1) b.merge(row, 1, row, width, 'subHeading');
      b.height(row, 20);
      subHeadings.push({ row, text: spec.text });
      section = spec.text;
      return;
    }
    const cells: { [key in AnswerKey]?: ScalCellLayout } = {};
    for (const column of tab.columns) {
      const col = colOf.get(column.key)!;
      const put = (value: CellInput | undefined, style: StyleName) => b.set(row, col, value === undefined || value === '' ? { kind: 'blank' } : value, style);
      switch (column.key) {
        case 'identifier':
          put(spec.identifier, 'bodyCentre');
          break;
        case 'level':
          put(spec.level, 'bodyCentre');
          break;
        case 'link':
          put(spec.link?.text, 'link');
          if (spec.link) b.hyperlinks.push({ ref: ref(row, col), target: spec.link.url, display: spec.link.text });
          break;
        case 'response':
        case 'justification':
        case 'evidence':
          put(spec[column.key], 'answer');
          break;
        case 'review':
        case 'reviewComment':
          put(spec[column.key], 'review');
          break;
        case 'reviewDate':
          put(spec.reviewDate ? { kind: 'date', iso: spec.reviewDate } : undefined, 'date');
          break;
        default:
          put(spec[column.key], 'body');
      }
      if ((ANSWER_KEYS as readonly string[]).includes(column.key)) {
        const key = column.key as AnswerKey;
        const raw = key === 'reviewDate' ? spec.reviewDate : spec[key];
        cells[key] = { col, ref: ref(row, col), value: raw ? raw : null };
      }
    }
    if (spec.note) b.notes.push({ ref: ref(row, colOf.get('identifier') ?? 1), author: 'NHS England', text: spec.note });
    if (spec.height) b.height(row, spec.height);
    requirements.push({
      sheet: tab.name,
      row,
      identifier: spec.identifier,
      description: spec.description,
      level: colOf.has('level') ? (spec.level ?? null) : null,
      environment: colOf.has('environment') ? (spec.environment ?? null) : null,
      section,
      cells,
    });
  });

  // The tab's own list rows, below the table after a gap.
  const listRows: { row: number; col: number; text: string }[] = [];
  const ownRows = (Object.entries(tab.lists) as [ListKey, ListSource][]).filter(([, source]) => source.kind === 'ownRows');
  const ownRange = new Map<ListKey, string>();
  if (ownRows.length) {
    if (tab.listRowsGap === undefined) throw new Error(`${tab.name}: a list is on the tab's own rows but listRowsGap is not set`);
    const labelRow = lastRow + tab.listRowsGap + 1;
    b.set(labelRow, 1, 'Drop-down values (do not delete)', 'listValue');
    listRows.push({ row: labelRow, col: 1, text: 'Drop-down values (do not delete)' });
    for (const [key] of ownRows) {
      const col = colOf.get(LIST_COLUMN[key]);
      if (!col) throw new Error(`${tab.name}: a ${key} list without a ${key} column`);
      const values = LIST_VALUES[key];
      values.forEach((value, i) => {
        b.set(labelRow + 1 + i, col, value, 'listValue');
        listRows.push({ row: labelRow + 1 + i, col, text: value });
      });
      ownRange.set(key, `${abs(labelRow + 1, col)}:${abs(labelRow + values.length, col)}`);
    }
  }

  const lists: ScalListLayout[] = [];
  for (const [key, source] of Object.entries(tab.lists) as [ListKey, ListSource][]) {
    const col = colOf.get(LIST_COLUMN[key]);
    if (!col) throw new Error(`${tab.name}: a ${key} list without a ${key} column`);
    const sqref = `${ref(firstRow, col)}:${ref(lastRow, col)}`;
    const formula = source.kind === 'inline' ? inlineList(LIST_VALUES[key]) : source.kind === 'ownRows' ? ownRange.get(key)! : source.kind === 'name' ? source.name : source.ref;
    b.validations.push({ sqref, formula, x14: source.kind === 'sheetRange', prompt: key === 'response' ? 'Choose the response from the list.' : undefined });
    const values = (source.kind === 'name' || source.kind === 'sheetRange' ? source.values : undefined) ?? LIST_VALUES[key];
    lists.push({ key, sqref, formula, source: source.kind, values });
  }

  const lastCol = columnLetters(width);
  if (tab.conditionalFormatting) {
    const response = colOf.get('response');
    if (response) {
      const range = `${ref(firstRow, response)}:${ref(lastRow, response)}`;
      b.conditionalFormats.push({
        sqref: range,
        rules: [
          { type: 'cellIs', operator: 'equal', formula: '"Non-Compliant"', dxf: 'bad' },
          { type: 'cellIs', operator: 'equal', formula: '"Compliant"', dxf: 'good' },
        ],
      });
    }
    const review = colOf.get('review');
    if (review) b.conditionalFormats.push({ sqref: `${ref(firstRow, review)}:${ref(lastRow, review)}`, rules: [{ type: 'containsText', text: 'Witness', formula: `NOT(ISERROR(SEARCH("Witness",${ref(firstRow, review)})))`, dxf: 'neutral' }] });
  }

  b.common(tab);
  if (tab.wide) {
    // Formatted empty cells at the last column, and an empty string: nothing a reader should count as width.
    b.set(tab.headerRow, 16_384, { kind: 'blank' }, 'header');
    for (let row = firstRow; row <= lastRow; row += 5) b.set(row, 16_384, { kind: 'blank' }, 'body');
    b.set(firstRow, width + 3, '', 'body');
  }
  const names: ScalDefinedNameSpec[] = [{ name: '_xlnm.Print_Titles', sheet: tab.name, ref: `${quoteSheet(tab.name)}!$${tab.headerRow}:$${tab.headerRow}` }];
  if (tab.autoFilter) names.push({ name: '_xlnm._FilterDatabase', sheet: tab.name, hidden: true, ref: `${quoteSheet(tab.name)}!$A$${tab.headerRow}:$${lastCol}$${lastRow}` });

  const columns = tab.columns.map((c, i) => ({ min: i + 1, max: i + 1, width: c.width }));
  const sheet = b.sheet(tab, {
    columns: tab.wide ? [...columns, { min: width + 1, max: 16_384, width: 9.140625, style: 'text' as const }] : columns,
    freeze: tab.freeze ? { rows: tab.headerRow, cols: 1 } : undefined,
    autoFilter: tab.autoFilter ? `A${tab.headerRow}:${lastCol}${lastRow}` : undefined,
    dimension: tab.wide ? `A1:XFD${Math.max(lastRow, ...listRows.map((l) => l.row))}` : undefined,
    landscape: true,
  });
  return {
    sheet,
    names,
    layout: {
      sheet: tab.name,
      state: tab.state ?? 'visible',
      headerRow: tab.headerRow,
      groupRow,
      columns: Object.fromEntries(colOf),
      headers,
      firstRow,
      lastRow,
      requirements,
      subHeadings,
      listRows,
      lists,
    },
  };
}

function buildSummaryTab(tab: SummaryTabSpec, layouts: ReadonlyMap<string, ScalTabLayout>): BuiltTab {
  const b = new SheetBuilder();
  const headers = ['Tab', 'Requirements', 'Compliant', 'Non-Compliant', 'Not Applicable', 'Answered', 'Complete', 'Witness testing asked'];
  for (const line of tab.title) {
    b.set(line.row, 1, line.text, line.style ?? 'text');
    if (line.merge) b.merge(line.row, 1, line.row, headers.length, line.style ?? 'text');
    if (line.height) b.height(line.row, line.height);
  }
  headers.forEach((h, i) => b.set(tab.headerRow, i + 1, h, 'header'));
  const first = tab.headerRow + 1;
  const totals = [0, 0, 0, 0];
  tab.tabs.forEach((name, i) => {
    const layout = layouts.get(name);
    if (!layout) throw new Error(`Summary: no requirement tab "${name}"`);
    const row = first + i;
    const range = (key: ColumnKey) => {
      const col = layout.columns[key];
      return col ? `${quoteSheet(name)}!${abs(layout.firstRow, col)}:${abs(layout.lastRow, col)}` : null;
    };
    const count = (value: string) => layout.requirements.filter((r) => r.cells.response?.value === value).length;
    const counts = [layout.requirements.length, count('Compliant'), count('Non-Compliant'), count('Not Applicable')];
    counts.forEach((n, k) => (totals[k] += n));
    b.set(row, 1, { kind: 'formula', formula: `HYPERLINK("#${quoteSheet(name).replace(/"/g, '""')}!A1","${name}")`, cached: name }, 'link');
    b.set(row, 2, { kind: 'formula', formula: `COUNTA(${range('description')})`, cached: counts[0] }, 'number');
    SCAL_RESPONSES.forEach((response, k) => b.set(row, 3 + k, { kind: 'formula', formula: `COUNTIF(${range('response')},"${response}")`, cached: counts[k + 1] }, 'number'));
    const answered = counts[0] ? (counts[1] + counts[2] + counts[3]) / counts[0] : 0;
    const last = first + tab.tabs.length - 1;
    // Shared formulas, as Excel writes a formula filled down: the first cell holds the text, the others its index.
    b.set(row, 6, { kind: 'formula', formula: `IFERROR((C${row}+D${row}+E${row})/B${row},0)`, cached: answered, shared: { index: 0, ref: i === 0 ? `F${first}:F${last}` : undefined } }, 'percent');
    b.set(row, 7, { kind: 'formula', formula: `C${row}+D${row}+E${row}=B${row}`, cached: answered === 1, shared: { index: 1, ref: i === 0 ? `G${first}:G${last}` : undefined } }, 'bodyCentre');
    const review = range('review');
    if (review) b.set(row, 8, { kind: 'formula', formula: `COUNTIF(${review},"${REVIEW_VERDICTS[1]}")`, cached: layout.requirements.filter((r) => r.cells.review?.value === REVIEW_VERDICTS[1]).length }, 'number');
    else b.set(row, 8, { kind: 'inline', text: 'No review column' }, 'bodyCentre');
  });
  const totalRow = first + tab.tabs.length;
  b.set(totalRow, 1, 'Total', 'header');
  totals.forEach((n, k) => b.set(totalRow, 2 + k, { kind: 'formula', formula: `SUM(${columnLetters(2 + k)}${first}:${columnLetters(2 + k)}${totalRow - 1})`, cached: n }, 'number'));
  b.set(totalRow, 6, { kind: 'formula', formula: `IFERROR((C${totalRow}+D${totalRow}+E${totalRow})/B${totalRow},0)`, cached: totals[0] ? (totals[1] + totals[2] + totals[3]) / totals[0] : 0 }, 'percent');
  if (tab.lookupError) {
    const at = parseRef(tab.lookupError.ref);
    b.set(at.row, at.col, { kind: 'formula', formula: tab.lookupError.formula, cached: { error: '#N/A' } }, 'text');
  }
  // On the percentages, not on the booleans beside them: LibreOffice 7.4 fails to export a sheet whose boolean cells are conditionally formatted.
  b.conditionalFormats.push({ sqref: `F${first}:F${totalRow - 1}`, rules: [{ type: 'expression', formula: `F${first}<1`, dxf: 'bad' }] });
  b.common(tab);
  return { sheet: b.sheet(tab, { columns: [{ min: 1, max: 1, width: 34 }, { min: 2, max: 8, width: 16 }], freeze: { rows: tab.headerRow, cols: 0 } }), names: [], layout: null };
}

function buildInfoTab(tab: InfoTabSpec): BuiltTab {
  const b = new SheetBuilder();
  b.common(tab);
  b.validations.push(...(tab.validations ?? []));
  b.conditionalFormats.push(...(tab.conditionalFormats ?? []));
  return {
    sheet: b.sheet(tab, { columns: tab.columnWidths.map((width, i) => ({ min: i + 1, max: i + 1, width })), freeze: tab.freezeRows ? { rows: tab.freezeRows, cols: 0 } : undefined }),
    names: [],
    layout: null,
  };
}

function build(spec: ScalWorkbookSpec): { model: WorkbookModel; layout: ScalLayout } {
  const names = new Set<string>();
  for (const tab of spec.tabs) {
    if (names.has(tab.name.toLowerCase())) throw new Error(`Two tabs are named "${tab.name}"`);
    names.add(tab.name.toLowerCase());
  }
  const built = new Map<string, BuiltTab>();
  for (const tab of spec.tabs) if (tab.kind === 'requirements') built.set(tab.name, buildRequirementTab(tab));
  const layouts = new Map([...built].map(([name, b]) => [name, b.layout!]));
  for (const tab of spec.tabs) {
    if (tab.kind === 'summary') built.set(tab.name, buildSummaryTab(tab, layouts));
    else if (tab.kind === 'info') built.set(tab.name, buildInfoTab(tab));
  }
  const sheets: (WorksheetModel | ChartsheetModel)[] = spec.tabs.map((t) => built.get(t.name)!.sheet);
  const sheetKinds: ScalLayout['sheets'][number][] = spec.tabs.map((t) => ({ name: t.name, state: t.state ?? 'visible', kind: t.kind }));
  if (spec.chartSheet) {
    const summary = spec.tabs.find((t): t is SummaryTabSpec => t.kind === 'summary' && t.name === spec.chartSheet!.summary);
    if (!summary) throw new Error(`Chart sheet: no summary tab "${spec.chartSheet.summary}"`);
    const at = spec.tabs.findIndex((t) => t.name === spec.chartSheet!.before);
    if (at < 0) throw new Error(`Chart sheet: no tab "${spec.chartSheet.before}"`);
    const first = summary.headerRow + 1;
    const last = first + summary.tabs.length - 1;
    const q = quoteSheet(summary.name);
    const chart: ChartsheetModel = {
      kind: 'chartsheet',
      name: spec.chartSheet.name,
      state: 'visible',
      title: 'Compliant requirements per tab',
      seriesName: 'Compliant',
      categories: { ref: `${q}!$A$${first}:$A$${last}`, values: summary.tabs },
      values: { ref: `${q}!$C$${first}:$C$${last}`, values: summary.tabs.map((t) => layouts.get(t)!.requirements.filter((r) => r.cells.response?.value === 'Compliant').length) },
    };
    sheets.splice(at, 0, chart);
    sheetKinds.splice(at, 0, { name: chart.name, state: 'visible', kind: 'chart' });
  }
  const position = (name: string) => {
    const index = sheets.findIndex((s) => s.name === name);
    if (index < 0) throw new Error(`Defined name local to a missing tab "${name}"`);
    return index;
  };
  const definedNames: DefinedNameModel[] = [...(spec.definedNames ?? []), ...spec.tabs.flatMap((t) => built.get(t.name)!.names)].map((n) => ({ name: n.name, ref: n.ref, hidden: n.hidden, localSheet: n.sheet === undefined ? undefined : position(n.sheet) }));
  const model: WorkbookModel = {
    sheets,
    definedNames,
    customXml: spec.customXml,
    properties: { title: spec.title, subject: 'Supplier Conformance Assessment List', creator: spec.author, lastModifiedBy: spec.author, company: 'NHS England', created: spec.created, modified: spec.modified },
  };
  const tabs = spec.tabs.filter((t) => t.kind === 'requirements').map((t) => layouts.get(t.name)!);
  return { model, layout: { sheets: sheetKinds, tabs, requirements: tabs.flatMap((t) => t.requirements) } };
}

/** The package model a spec becomes (sheets, cells with styles, merges, validations …). */
export const buildScalModel = (spec: ScalWorkbookSpec): WorkbookModel => build(spec).model;

/** Where each tab's header, requirement rows, answer and review cells, sub-headings and list rows are. */
export const describeScal = (spec: ScalWorkbookSpec): ScalLayout => build(spec).layout;

/** The .xlsx bytes of a spec: the same spec always gives the same bytes. */
export const writeScalWorkbook = (spec: ScalWorkbookSpec): Buffer => writeWorkbookPackage(build(spec).model);

export function scalFixture(spec: ScalWorkbookSpec): ScalFixture {
  const { model, layout } = build(spec);
  return { name: spec.name, spec, model, layout, bytes: writeWorkbookPackage(model) };
}

/** What a reader should see on a sheet: cell texts by row and column (0-based, trimmed like the used range), merges, links, notes. */
export function expectedSheet(sheet: WorksheetModel): { rows: string[][]; merges: string[]; notes: { ref: string; text: string }[] } {
  const rows: string[][] = [];
  for (const [r, row] of [...sheet.rows].sort(([a], [b]) => a - b)) {
    for (const [c, cell] of [...row.cells].sort(([a], [b]) => a - b)) {
      const text = displayText(cell.value);
      if (text === '') continue;
      while (rows.length < r) rows.push([]);
      while (rows[r - 1].length < c - 1) rows[r - 1].push('');
      rows[r - 1][c - 1] = text;
    }
  }
  return { rows, merges: [...sheet.merges], notes: sheet.notes.map((n) => ({ ref: n.ref, text: noteText(n) })) };
}

export const cellAt = (sheet: WorksheetModel, at: string): CellModel | undefined => {
  const { row, col } = parseRef(at);
  return sheet.rows.get(row)?.cells.get(col);
};

// ---------------------------------------------------------------------------------------------
// Content: NHS-style wording, ours, generated deterministically.

const CREATED = '2024-03-04T09:12:00Z';
const MODIFIED_BLANK = '2024-06-17T14:03:00Z';
const MODIFIED_RETURNED = '2026-10-21T16:45:00Z';

const SHARED_TAILS = [
  ' The supplier must be able to demonstrate this in the environment stated.',
  ' Evidence must cover every deployment of the product, including test and training instances.',
  ' Where the product relies on a third party for this, the contract terms that oblige the third party must be provided.',
  ' NHS England may ask for this to be demonstrated during witness testing.',
  ' This must be kept under review and re-confirmed at each major release.',
  '',
];

interface TopicSet {
  readonly prefix: string;
  readonly statements: readonly string[];
  readonly sections?: readonly string[];
  readonly evidence: readonly string[];
}

const TOPICS: Record<string, TopicSet> = {
  org: {
    prefix: 'ORG',
    statements: [
      'Provide the registered name of the supplier organisation as it appears at Companies House.',
      'Provide the Companies House registration number of the supplier organisation.',
      'Provide the ODS code issued to the supplier organisation by the Organisation Data Service.',
      'Provide the registered office address of the supplier organisation.',
      'Name the senior responsible owner for the integration and give their contact details.',
      'Name the technical lead for the integration and give their contact details.',
      'Confirm the supplier holds current Cyber Essentials Plus certification and give the certificate number.',
      'Confirm the supplier holds employer and public liability insurance appropriate to the service.',
    ],
    evidence: ['Supporting statement', 'Certificate', 'Companies House extract'],
  },
  product: {
    prefix: 'PRD',
    statements: [
      'Give the name and version of the product that will connect to the GP clinical system.',
      'Describe the use case the product supports, the users who will use it and the care settings it will be used in.',
      'State whether the product is a medical device under the UK MDR 2002 and, if so, its class and UKCA or CE marking.',
      'List every API the product will call, with the interaction and the volume expected per practice per day.',
      'Describe the hosting arrangements of the product, including the data centres and their locations.',
      'Describe how the product is deployed to practices and how a practice enables or disables it.',
      'Provide an architecture diagram showing the product, its hosting and every connection to national and local services.',
    ],
    sections: ['Product', 'Architecture'],
    evidence: ['Architecture diagram', 'Product description', 'Supporting statement'],
  },
  ig: {
    prefix: 'IG',
    statements: [
      'The supplier must have completed the Data Security and Protection Toolkit for the current year with the status "Standards Met".',
      'The supplier must have a Data Protection Officer registered with the Information Commissioner\'s Office.',
      'The supplier must hold a data processing agreement with each practice that sets out the purposes, categories of data and retention periods.',
      'A Data Protection Impact Assessment must be completed for the product and reviewed by the Data Protection Officer.',
      'Personal data must not be transferred outside the UK unless an adequacy decision or appropriate safeguards are in place.',
      'The product must record every access to patient data with the user, the time and the purpose, and keep the record for the retention period.',
      'Patients must be told how their data is used through a privacy notice that the practice can publish.',
      'The supplier must have a process for handling subject access requests and for supporting practices to respond to them.',
      'Data must be deleted or returned at the end of the contract, and the supplier must certify the deletion.',
    ],
    sections: ['Data Security and Protection Toolkit', 'Data protection', 'Retention and deletion'],
    evidence: ['DSPT publication', 'DPIA', 'Data processing agreement', 'Privacy notice'],
  },
  cs: {
    prefix: 'CS',
    statements: [
      'The manufacturer must comply with DCB0129 and have a Clinical Safety Officer who is a registered clinician trained in clinical risk management.',
      'A Clinical Risk Management Plan must be in place and approved by the Clinical Safety Officer.',
      'A Hazard Log must be maintained for the product and every version approved by the Clinical Safety Officer.',
      'A Clinical Safety Case Report must be produced for the release and signed off by the Clinical Safety Officer.',
      'The manufacturer must give the deploying organisation the information it needs to comply with DCB0160.',
      'Safety incidents must be reported to NHS England and the affected practices within the agreed timescales.',
      'Changes to the product must be assessed for their clinical safety impact before release.',
    ],
    sections: ['Clinical risk management', 'Incidents and change'],
    evidence: ['Clinical Risk Management Plan', 'Hazard Log', 'Clinical Safety Case Report', 'CSO registration'],
  },
  sec: {
    prefix: 'SEC',
    statements: [
      'An independent CHECK or CREST accredited penetration test of the product must have been completed in the last 12 months.',
      'Every high and medium finding of the penetration test must have been remediated, or a mitigation plan agreed with NHS England.',
      'All connections must use TLS 1.2 or later with the cipher suites in the NHS Digital TLS guidance.',
      'User authentication must use NHS Care Identity Service 2 where the user is a health professional.',
      'Administrative access to production must require multi-factor authentication and be logged.',
      'Security patches must be applied within 14 days of release for critical vulnerabilities.',
      'The product must be protected against the OWASP Top 10 risks, and the supplier must show how.',
      'Secrets and keys must be held in a hardware security module or a managed key vault and rotated at least yearly.',
      'Backups must be encrypted, held off site and restored in a test at least once a year.',
    ],
    sections: ['Penetration testing', 'Authentication and access', 'Operations'],
    evidence: ['Penetration test report', 'Remediation plan', 'Configuration export', 'Supporting statement'],
  },
  desk: {
    prefix: 'SD',
    statements: [
      'The supplier must register its service desk with the National Service Desk.',
      'The service desk must be available during core hours, Monday to Friday 08:00 to 18:30, excluding bank holidays.',
      'Incidents must be logged, prioritised and resolved within the service levels in the Connection Agreement.',
      'The supplier must name an escalation contact for priority 1 incidents available 24 hours a day.',
    ],
    evidence: ['Service desk registration', 'Service level agreement'],
  },
  crossCap: {
    prefix: 'CC',
    statements: [
      'The consumer system must send the Ssp-TraceID, Ssp-From, Ssp-To and Ssp-InteractionID headers on every request to the Spine Secure Proxy.',
      'The consumer system must include a JSON Web Token with the requesting organisation, practitioner and device in every request.',
      'The consumer system must handle every error code returned by the provider and show the user a message they can act on.',
      'The consumer system must only request records of patients with a legitimate relationship, traced against PDS first.',
      'The consumer system must log the interaction ID, the patient NHS number and the user for every request.',
      'The consumer system must not cache patient data beyond the session unless the use case has been approved to do so.',
      'The consumer system must honour the provider\'s response headers for caching and content type.',
      'The consumer system must retry a timed-out request at most once and tell the user when the retry fails.',
    ],
    sections: ['Spine Secure Proxy', 'Security', 'Error handling', 'Audit'],
    evidence: ['Screenshots', 'Completed test script', 'Log extract', 'Supporting statement'],
  },
  spine: {
    prefix: 'SPN',
    statements: [
      'The consumer system must use PDS FHIR to trace the patient and check the NHS number is verified before any GP Connect request.',
      'The consumer system must look up the provider\'s ASID and endpoint in the Spine Directory Service for the patient\'s registered practice.',
      'The consumer system must hold a valid Spine endpoint certificate and renew it before it expires.',
      'The consumer system must handle a patient registered at a practice not enabled for GP Connect.',
      'The consumer system must handle a sensitive or restricted patient record by not displaying demographics that are withheld.',
    ],
    sections: ['Personal Demographics Service', 'Spine Directory Service'],
    evidence: ['Screenshots', 'Completed test script', 'Certificate details'],
  },
  foundation: {
    prefix: 'FND',
    statements: [
      'The consumer system must search for a patient by NHS number and show the returned demographics to the user.',
      'The consumer system must read the practitioner and organisation resources referenced by the patient.',
      'The consumer system must register a temporary patient only where the use case approves it.',
      'The consumer system must display the patient\'s registered GP practice and usual GP.',
      'The consumer system must handle a patient who is not found, deceased, or registered elsewhere.',
      'The consumer system must show the date and time the data was retrieved.',
      'The consumer system must support the FHIR STU3 resources and profiles listed in the specification.',
    ],
    sections: ['Patient', 'Practitioner and organisation', 'Resources'],
    evidence: ['Screenshots', 'Completed test script', 'Supporting statement'],
  },
  html: {
    prefix: 'HTML',
    statements: [
      'The consumer system must display every section of the HTML record without altering the provider\'s content.',
      'The consumer system must display the banner messages and the information the provider marks as must-display.',
      'The consumer system must let the user filter sections by date where the section supports a time period.',
      'The consumer system must not allow the HTML record to be edited, saved locally or printed without a watermark.',
    ],
    sections: ['Display', 'Record handling'],
    evidence: ['Screenshots', 'Completed test script'],
  },
  appointments: {
    prefix: 'APPT',
    statements: [
      'The consumer system must search for free slots within a date range of at most 14 days.',
      'The consumer system must book an appointment in a free slot and show the booking to the user.',
      'The consumer system must amend the reason for an appointment it booked.',
      'The consumer system must cancel an appointment it booked and tell the patient.',
      'The consumer system must retrieve the patient\'s future appointments and show which it booked.',
      'The consumer system must handle a slot that was booked by someone else between search and booking.',
      'The consumer system must show the delivery channel, practitioner role and location of a slot.',
    ],
    sections: ['Search for free slots', 'Book and amend', 'Cancel and retrieve'],
    evidence: ['Screenshots', 'Completed test script', 'Log extract'],
  },
  structured: {
    prefix: 'STR',
    statements: [
      'The consumer system must request the medications and medical devices section and display it to the user.',
      'The consumer system must request allergies and intolerances, including resolved ones when the user asks.',
      'The consumer system must process every clinical item returned, or show the user that items were not processed.',
      'The consumer system must keep the provider\'s warnings, such as confidential items excluded, visible with the data.',
      'The consumer system must display degraded allergy and medication records exactly as the provider marked them.',
    ],
    sections: ['Medications', 'Allergies'],
    evidence: ['Screenshots', 'Completed test script', 'Clinical safety review'],
  },
  sendDocument: {
    prefix: 'SDOC',
    statements: [
      'The sending system must send documents as ITK3 messages over MESH to the patient\'s registered practice.',
      'The sending system must process the business and infrastructure acknowledgements returned.',
      'The sending system must send documents in PDF/A format with the metadata in the ITK3 distribution envelope.',
      'The sending system must alert a user when no acknowledgement has been received within 48 hours.',
    ],
    evidence: ['Screenshots', 'MESH message extract', 'Completed test script'],
  },
  retired: {
    prefix: 'ACD',
    statements: ['The consumer system must search for documents by patient and date.', 'The consumer system must retrieve a document in its original format.'],
    evidence: ['Screenshots'],
  },
};

const LONG_DESCRIPTION = (topic: TopicSet) =>
  `${topic.statements.join(' ')}\n\nThe supplier must confirm each of the points above separately in the justification, quoting the section of the evidence document that covers it. Where a point does not apply to the product, say why. ${SHARED_TAILS.join('')}`;

interface RequirementPlan {
  readonly topic: string;
  readonly count: number;
  /** Put a sub-heading before these requirement positions (0-based). */
  readonly sectionsAt?: readonly number[];
  readonly levels?: boolean;
  readonly environments?: boolean;
  /** Identifiers used as they are, in place of generated ones at the same positions (reused from another tab). */
  readonly reuse?: Readonly<Record<number, string>>;
  readonly idPrefix?: string;
}

interface Answers {
  readonly filled: boolean;
  /** Position of the requirement in the whole workbook: answers and verdicts vary with it. */
  counter: number;
}

function requirementRows(plan: RequirementPlan, answers: Answers): (RequirementSpec | SubHeadingSpec)[] {
  const topic = TOPICS[plan.topic];
  const rows: (RequirementSpec | SubHeadingSpec)[] = [];
  let section = 0;
  for (let i = 0; i < plan.count; i++) {
    if (plan.sectionsAt?.includes(i) && topic.sections) rows.push({ kind: 'subHeading', text: `${section + 1}. ${topic.sections[section++ % topic.sections.length]}` });
    const n = answers.counter++;
    const base = topic.statements[i % topic.statements.length];
    const description = i === 3 ? LONG_DESCRIPTION(topic) : i >= topic.statements.length ? `${base}${SHARED_TAILS[(i + n) % SHARED_TAILS.length]} (${Math.floor(i / topic.statements.length) + 1} of ${Math.ceil(plan.count / topic.statements.length)})` : base;
    const identifier = plan.reuse?.[i] ?? `${plan.idPrefix ?? topic.prefix}-${String(i + 1).padStart(2, '0')}`;
    const level: ScalLevel = n % 10 === 7 ? 'MAY' : n % 4 === 1 ? 'SHOULD' : 'MUST';
    const environment = SCAL_ENVIRONMENTS[(n * 3 + i) % SCAL_ENVIRONMENTS.length];
    const filled = answers.filled ? answerFor(n, level) : {};
    rows.push({
      kind: 'requirement',
      identifier,
      description,
      level: plan.levels === false ? undefined : level,
      environment: plan.environments === false ? undefined : environment,
      useCase: i % 3 === 0 ? 'All use cases' : 'Direct care',
      type: i % 2 === 0 ? 'Functional' : 'Non-functional',
      link: { text: 'Specification', url: `https://digital.nhs.uk/developer/api-catalogue/${plan.topic.toLowerCase()}#${identifier.toLowerCase()}` },
      item: `${i + 1}`,
      testCases: `${topic.prefix}-TC-${String(100 + i).padStart(3, '0')}${i % 4 === 0 ? `; ${topic.prefix}-TC-${String(101 + i).padStart(3, '0')}` : ''}`,
      evidenceRequired: topic.evidence[i % topic.evidence.length],
      height: i === 3 ? 150 : undefined,
      ...filled,
    });
  }
  return rows;
}

/** A plausible returned answer: mostly compliant, some not, NHS England's verdicts in its own words. */
function answerFor(n: number, level: ScalLevel): Partial<RequirementSpec> {
  const response: ScalResponse = n % 9 === 4 ? 'Non-Compliant' : n % 13 === 6 || level === 'MAY' ? 'Not Applicable' : 'Compliant';
  const justification =
    response === 'Non-Compliant' ? 'Planned for release 4.2 (due March 2027); a manual workaround is in place and described in EV-0090.' : response === 'Not Applicable' ? 'The product does not offer this function in the approved use case.' : n % 5 === 0 ? 'See the evidence referenced.' : undefined;
  const evidence = response === 'Not Applicable' ? undefined : `EV-${String(100 + n).padStart(4, '0')}${n % 6 === 0 ? `; EV-${String(101 + n).padStart(4, '0')}` : ''}`;
  const review: ReviewVerdict = response === 'Not Applicable' ? REVIEW_VERDICTS[3] : response === 'Non-Compliant' ? REVIEW_VERDICTS[2] : n % 7 === 3 ? REVIEW_VERDICTS[1] : n % 11 === 5 ? REVIEW_VERDICTS[2] : REVIEW_VERDICTS[0];
  const reviewComment =
    review === REVIEW_VERDICTS[1] ? 'To be demonstrated at the witness test on 12/11/2026.' : review === REVIEW_VERDICTS[2] ? 'The evidence does not show the error path; please supply a screenshot of the message shown to the user.' : undefined;
  return { response, justification, evidence, review, reviewComment, reviewDate: `2026-10-${String(1 + (n % 20)).padStart(2, '0')}` };
}

const STANDARD_TITLE = (tab: string, intro: string, headerRow: number, groupRow: boolean): TitleLineSpec[] => {
  const lines: TitleLineSpec[] = [
    { row: 1, text: { kind: 'rich', runs: [{ text: 'GP Connect ', bold: true }, { text: `SCAL – ${tab}`, bold: true, color: 'FF41B6E6' }] }, style: 'title', merge: true, height: 30 },
    { row: 2, text: 'Supplier Conformance Assessment List, template version 2.0', style: 'subtitle', merge: true },
  ];
  const last = (groupRow ? headerRow - 1 : headerRow) - 1;
  if (last >= 3) lines.push({ row: 3, text: intro, style: 'wrapText', merge: true, height: 45 });
  const guidance = [
    'Complete every requirement on this tab. Choose the response from the drop-down list; do not type it.',
    'Where the response is Non-Compliant or Not Applicable, give a justification.',
    'Give the reference of the evidence document in the Evidence Reference column and upload the document with the SCAL.',
    'Columns under "NHS England use only" are completed by NHS England during the review.',
    { kind: 'rich', runs: [{ text: 'Important: ', bold: true, color: 'FFDA291C' }, { text: 'do not insert, delete or reorder rows or columns; the SCAL is read by tools that rely on its layout.' }] } as CellValue,
    'Level: MUST = mandatory; SHOULD = expected unless a justification is agreed; MAY = optional.',
    'Environment: the environment the evidence must come from (Internet Facing, OpenTest, INT, INT(PROVIDER)); ENVNA = a supporting statement is enough.',
    { kind: 'inline', text: 'Version history is on the Cover tab.' } as CellValue,
  ];
  for (let row = 5, g = 0; row <= last && g < guidance.length; row += row >= 12 ? 2 : 1, g++) lines.push({ row, text: guidance[g], style: g === 4 ? 'warning' : 'text', merge: true });
  return lines;
};

const GROUPS: GroupHeadingSpec[] = [
  { text: 'Supplier response', from: 'response', to: 'evidence' },
  { text: 'NHS England use only', from: 'review', to: 'reviewDate' },
];

const COL = {
  id: (header = 'Requirement ID'): ColumnSpec => ({ key: 'identifier', header, width: 14 }),
  useCase: (): ColumnSpec => ({ key: 'useCase', header: 'Use Case', width: 16 }),
  type: (): ColumnSpec => ({ key: 'type', header: 'Type', width: 14 }),
  link: (): ColumnSpec => ({ key: 'link', header: 'Link to Specification', width: 16 }),
  description: (header = 'Requirement'): ColumnSpec => ({ key: 'description', header, width: 60 }),
  item: (): ColumnSpec => ({ key: 'item', header: 'Item', width: 6 }),
  testCases: (header: string): ColumnSpec => ({ key: 'testCases', header, width: 22 }),
  evidenceRequired: (): ColumnSpec => ({ key: 'evidenceRequired', header: 'Evidence Required', width: 24 }),
  environment: (): ColumnSpec => ({ key: 'environment', header: 'Environment', width: 16 }),
  level: (header = 'MUST/SHOULD'): ColumnSpec => ({ key: 'level', header, width: 11 }),
  response: (header = 'Supplier Response'): ColumnSpec => ({ key: 'response', header, width: 18 }),
  justification: (header = 'Justification'): ColumnSpec => ({ key: 'justification', header, width: 40 }),
  evidence: (header = 'Evidence Reference'): ColumnSpec => ({ key: 'evidence', header, width: 20 }),
  review: (header = 'Review Outcome'): ColumnSpec => ({ key: 'review', header, width: 34 }),
  reviewComment: (header = 'Review Comments'): ColumnSpec => ({ key: 'reviewComment', header, width: 40 }),
  reviewDate: (): ColumnSpec => ({ key: 'reviewDate', header: 'Date Reviewed', width: 14 }),
};

const serviceColumns = (testCases: string, level = true): ColumnSpec[] => [
  COL.id(),
  COL.useCase(),
  COL.type(),
  COL.link(),
  COL.description(),
  COL.testCases(testCases),
  COL.evidenceRequired(),
  COL.environment(),
  ...(level ? [COL.level()] : []),
  COL.response(),
  COL.justification(),
  COL.evidence(),
  COL.review(),
  COL.reviewComment(),
  COL.reviewDate(),
];

const NHS_LOGO = () => pngPicture(220, 90, 34, 11, [0, 94, 184]);
const INSTRUCTIONS_SCREENSHOT = () => pngPicture(512, 420, 326, 23, [242, 242, 242]);
const GUIDANCE_DOCUMENT = () =>
  docxDocument(
    [
      'SCAL completion guidance',
      'This document explains how to complete the Supplier Conformance Assessment List and how NHS England reviews it.',
      ...Array.from({ length: 40 }, (_, i) => `${i + 1}. ${TOPICS.crossCap.statements[i % TOPICS.crossCap.statements.length]} ${SHARED_TAILS[i % SHARED_TAILS.length]}`),
    ],
    pngPicture(320, 200, 122, 37, [255, 255, 255]),
  );
const DOCUMENT_ICON = () => pngPicture(64, 48, 0, 1, [43, 87, 154]);

const embeddedGuidance = (from: Anchor): EmbeddedModel => ({
  progId: 'Word.Document.12',
  fileName: 'Microsoft_Word_Document.docx',
  contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  file: GUIDANCE_DOCUMENT(),
  icon: DOCUMENT_ICON(),
  from,
  to: { col: from.col + 2, row: from.row + 4 },
});

const INSTRUCTION_PARAGRAPHS = [
  'The Supplier Conformance Assessment List (SCAL) records how your organisation and your product meet the requirements for connecting to GP clinical systems. It becomes part of the Connection Agreement once NHS England has agreed it, so every answer must be accurate and supported by evidence.',
  'Complete the baseline tabs (Organisation Information to Service Desk) for every integration, and the service tabs for each capability you are assured for. A tab for a capability you are not assured for can be left blank; say so on the Cover tab.',
  'For each requirement choose a response from the drop-down list: Compliant, Non-Compliant or Not Applicable. Where you answer Non-Compliant or Not Applicable, give a justification. Where evidence is required, give the reference of the evidence document and upload it with the SCAL. The environment column says where the evidence must come from; ENVNA means a supporting statement is enough.',
  'NHS England reviews each answer and records an outcome in the "NHS England use only" columns: Evidence Satisfactory – No Further Action Required; Evidence Demonstration Required – Witness Testing; Evidence Incomplete or Insufficient Evidence Provided; Not Applicable. Requirements marked for witness testing are demonstrated in a session agreed with the assurance team.',
  'Do not change the structure of the workbook: do not insert, delete or reorder rows, columns or tabs, do not rename tabs, and do not change the drop-down lists. Pasting text from other documents is fine; pasting formats is not.\r\nIf something does not fit, use the justification column or contact the assurance team.',
  'Send the completed SCAL to the assurance team with the evidence documents. You will receive it back with the review outcomes; answer every outcome other than Evidence Satisfactory and send it back again.',
];

/** The NHS-style 19-tab SCAL, blank (a template as NHS England sends it) or filled in and reviewed. */
export function nhsScalSpec(variant: 'blank' | 'returned'): ScalWorkbookSpec {
  const filled = variant === 'returned';
  const answers: Answers = { filled, counter: 0 };
  const tab = (spec: Omit<RequirementTabSpec, 'kind' | 'rows' | 'title'> & { plan: RequirementPlan; intro: string; title?: TitleLineSpec[] }): RequirementTabSpec => {
    const { plan, intro, title, ...rest } = spec;
    return { kind: 'requirements', ...rest, title: title ?? STANDARD_TITLE(spec.name, intro, spec.headerRow, !!spec.groups?.length), rows: requirementRows(plan, answers) };
  };

  const baseline = (name: string, intro: string) => `${name}: ${intro} These requirements are asked of every supplier integrating with a GP clinical system, whatever the capability.`;
  const organisation = tab({
    name: 'Organisation Information',
    tabColor: 'FF005EB8',
    headerRow: 5,
    intro: baseline('Organisation', 'who the supplier is and who is responsible for the integration.'),
    columns: [COL.id('ID'), COL.description(), COL.level('Level'), COL.response(), COL.justification('Justification / Comments'), COL.evidence()],
    plan: { topic: 'org', count: 12, environments: false },
    lists: { response: { kind: 'inline' } },
    freeze: true,
    notes: [{ ref: 'D5', text: 'Choose from the list. Typed answers are not accepted.' }],
  });
  const product = tab({
    name: 'Product Information',
    tabColor: 'FF005EB8',
    headerRow: 5,
    intro: baseline('Product', 'what the product is and how it is built and hosted.'),
    columns: [COL.id('Ref'), COL.description('Question'), COL.response(), COL.justification('Supplier Comments'), COL.evidence('Evidence Ref'), COL.review('NHS England Review'), COL.reviewComment('NHS England Comments')],
    plan: { topic: 'product', count: 14, levels: false, environments: false, sectionsAt: [0, 7] },
    lists: { response: { kind: 'name', name: 'ResponseList' }, review: { kind: 'name', name: 'ReviewVerdicts' } },
  });
  const ig = tab({
    name: 'Information Governance',
    tabColor: 'FF005EB8',
    headerRow: 15,
    groups: GROUPS,
    intro: baseline('Information governance', 'how personal data is protected, processed and retained.'),
    columns: [COL.id(), COL.useCase(), COL.description(), COL.evidenceRequired(), COL.environment(), COL.level(), COL.response(), COL.justification(), COL.evidence(), COL.review(), COL.reviewComment(), COL.reviewDate()],
    plan: { topic: 'ig', count: 22, sectionsAt: [0, 5, 15] },
    lists: { response: { kind: 'ownRows' }, review: { kind: 'ownRows' }, environment: { kind: 'name', name: 'EnvironmentList' } },
    listRowsGap: 5,
    freeze: true,
    autoFilter: true,
    conditionalFormatting: true,
  });
  const clinical = tab({
    name: 'Clinical Safety',
    tabColor: 'FF005EB8',
    headerRow: 19,
    groups: GROUPS,
    intro: baseline('Clinical safety', 'how the manufacturer meets DCB0129 (see the link in each row).'),
    columns: [COL.id(), COL.link(), COL.description(), COL.evidenceRequired(), COL.environment(), COL.level('Requirement Level'), COL.response(), COL.justification(), COL.evidence(), COL.review(), COL.reviewComment(), COL.reviewDate()],
    plan: { topic: 'cs', count: 16, sectionsAt: [0, 9] },
    lists: { response: { kind: 'inline' }, review: { kind: 'name', name: 'ReviewVerdicts' } },
    freeze: true,
    conditionalFormatting: true,
    links: [{ ref: 'A3', url: 'https://digital.nhs.uk/services/clinical-safety/clinical-risk-management-standards', display: 'DCB0129' }],
  });
  const security = tab({
    name: 'Information Security',
    tabColor: 'FF005EB8',
    headerRow: 20,
    groups: GROUPS,
    intro: baseline('Information security', 'how the product and its hosting are secured and tested.'),
    columns: [COL.id(), COL.description(), COL.evidenceRequired(), COL.environment(), COL.level(), COL.response(), COL.justification(), COL.evidence(), COL.review(), COL.reviewComment(), COL.reviewDate()],
    plan: { topic: 'sec', count: 26, sectionsAt: [0, 9, 18] },
    lists: { response: { kind: 'name', name: 'ResponseList' }, review: { kind: 'sheetRange', ref: 'Control!$A$2:$A$5' }, level: { kind: 'ownRows' } },
    listRowsGap: 3,
    wide: true,
    freeze: true,
    printerSettings: true,
  });
  const desk = tab({
    name: 'Service Desk',
    tabColor: 'FF005EB8',
    headerRow: 5,
    intro: baseline('Service desk', 'how incidents are reported and resolved.'),
    columns: [COL.id('ID'), COL.description(), COL.evidenceRequired(), COL.response(), COL.justification(), COL.evidence(), COL.review(), COL.reviewComment()],
    plan: { topic: 'desk', count: 8, levels: false, environments: false },
    lists: { response: { kind: 'inline' }, review: { kind: 'inline' } },
  });

  const service = (name: string) => `${name}: requirements for the GP Connect capability. Complete this tab only if you are being assured for it.`;
  const crossCap = tab({
    name: 'Cross Cap',
    tabColor: 'FF41B6E6',
    headerRow: 15,
    groups: GROUPS,
    intro: service('Cross capability'),
    columns: serviceColumns('Requirement Test Case'),
    plan: { topic: 'crossCap', count: 30, sectionsAt: [0, 8, 16, 24], reuse: { 29: 'SEC-03' } },
    lists: { response: { kind: 'ownRows' }, review: { kind: 'name', name: 'ReviewVerdicts' } },
    listRowsGap: 4,
    freeze: true,
    autoFilter: true,
    conditionalFormatting: true,
  });
  const spine = tab({
    name: 'Spine Int',
    tabColor: 'FF41B6E6',
    headerRow: 19,
    groups: GROUPS,
    intro: service('Spine integration'),
    columns: serviceColumns('Requirement Test Cases'),
    plan: { topic: 'spine', count: 18, sectionsAt: [0, 10] },
    lists: { response: { kind: 'name', name: 'ResponseList' }, review: { kind: 'inline' } },
    freeze: true,
  });
  const foundation = tab({
    name: 'Foundation',
    tabColor: 'FF41B6E6',
    headerRow: 20,
    groups: GROUPS,
    intro: service('Foundation'),
    columns: serviceColumns('Requirement Test Case'),
    plan: { topic: 'foundation', count: 28, sectionsAt: [0, 10, 19] },
    lists: { response: { kind: 'sheetRange', ref: 'Lists!$A$2:$A$4' }, review: { kind: 'ownRows' } },
    listRowsGap: 6,
    wide: true,
    freeze: true,
    autoFilter: true,
  });
  const html = tab({
    name: 'HTML',
    tabColor: 'FF41B6E6',
    headerRow: 15,
    groups: GROUPS,
    intro: service('Access Record HTML'),
    columns: serviceColumns('Requirement Test Cases'),
    plan: { topic: 'html', count: 16, sectionsAt: [0, 8], reuse: { 0: 'ACC-01', 1: 'ACC-02', 2: 'ACC-03' } },
    lists: { response: { kind: 'inline' }, review: { kind: 'name', name: 'ReviewVerdicts' } },
    freeze: true,
    conditionalFormatting: true,
  });
  const appointments = tab({
    name: 'Appointments',
    tabColor: 'FF41B6E6',
    headerRow: 19,
    groups: GROUPS,
    intro: service('Appointment Management'),
    columns: serviceColumns('Requirement Test Case'),
    plan: { topic: 'appointments', count: 24, sectionsAt: [0, 8, 16] },
    lists: { response: { kind: 'name', name: 'ResponseList' }, review: { kind: 'name', name: 'ReviewVerdicts' } },
    freeze: true,
  });
  const structured = tab({
    name: 'Structured',
    tabColor: 'FF41B6E6',
    headerRow: 20,
    groups: GROUPS,
    intro: service('Access Record Structured'),
    columns: serviceColumns('Requirement Test Cases'),
    plan: { topic: 'structured', count: 20, sectionsAt: [0, 10], reuse: { 0: 'ACC-01', 1: 'ACC-02', 2: 'ACC-03' } },
    lists: { response: { kind: 'ownRows' }, review: { kind: 'inline' } },
    listRowsGap: 5,
    freeze: true,
    conditionalFormatting: true,
  });
  const sendDocument = tab({
    name: 'Send Document',
    tabColor: 'FF41B6E6',
    headerRow: 15,
    groups: GROUPS,
    intro: service('Send Document'),
    columns: serviceColumns('Requirement Test Cases', false),
    plan: { topic: 'sendDocument', count: 8, levels: false },
    lists: { response: { kind: 'name', name: 'ResponseList' }, review: { kind: 'name', name: 'ReviewVerdicts' } },
    freeze: true,
  });
  const retired = tab({
    name: 'Access Document',
    state: 'hidden',
    headerRow: 5,
    intro: 'Access Document is withdrawn from new assurance; this tab is kept for suppliers assured before withdrawal.',
    columns: [COL.id(), COL.description(), COL.level(), COL.response(), COL.justification(), COL.evidence()],
    plan: { topic: 'retired', count: 4, environments: false },
    lists: { response: { kind: 'name', name: 'ResponseList' } },
  });

  // NHS England's review note on a returned SCAL, on the first requirement it found incomplete.
  const noted = security.rows.findIndex((r) => r.kind === 'requirement' && r.review === REVIEW_VERDICTS[2]);
  const reviewedSecurity: RequirementTabSpec =
    noted < 0 ? security : { ...security, rows: security.rows.map((r, i) => (i === noted && r.kind === 'requirement' ? { ...r, note: 'Please supply the penetration test mitigation report for the two medium findings.' } : r)) };
  const requirementTabs = [organisation, product, ig, clinical, reviewedSecurity, desk, crossCap, spine, foundation, html, appointments, structured, sendDocument];
  const field = (row: number, label: string, value: CellInput | undefined, style: StyleName = 'answer'): FreeCellSpec[] => [
    { ref: `B${row}`, value: label, style: 'bold' },
    { ref: `D${row}`, value: value ?? { kind: 'blank' }, style, merge: `D${row}:G${row}` },
  ];
  const cover: InfoTabSpec = {
    kind: 'info',
    name: 'Cover',
    tabColor: 'FF003087',
    columnWidths: [3, 28, 4, 20, 20, 20, 20, 20],
    rowHeights: { 2: 36, 3: 24 },
    cells: [
      { ref: 'B2', value: { kind: 'rich', runs: [{ text: 'Supplier Conformance Assessment List ', bold: true }, { text: '(SCAL)', italic: true }] }, style: 'title', merge: 'B2:H2' },
      { ref: 'B3', value: 'GP Connect and IM1 – template version 2.0', style: 'subtitle', merge: 'B3:H3' },
      ...field(9, 'Supplier name', filled ? 'Example Health Software Ltd' : undefined),
      ...field(10, 'ODS code', filled ? 'X26' : undefined),
      ...field(11, 'Product name and version', filled ? 'CareLink 4.1.2' : undefined),
      ...field(12, 'Date submitted', filled ? { kind: 'date', iso: '2026-09-30' } : undefined, 'date'),
      ...field(13, 'Capabilities in scope', filled ? 'Cross Cap; Spine Int; Foundation; HTML; Structured' : undefined),
      { ref: 'B15', value: 'Template version', style: 'bold' },
      { ref: 'D15', value: 2, style: 'number' },
      { ref: 'B16', value: 'Template locked', style: 'bold' },
      { ref: 'D16', value: true, style: 'bodyCentre' },
      { ref: 'B17', value: 'Last updated by NHS England', style: 'bold' },
      { ref: 'D17', value: { kind: 'date', iso: '2024-06-17T14:03' }, style: 'dateTime' },
      { ref: 'B19', value: 'SCAL user guide', style: 'link' },
      { ref: 'B21', value: 'Version history', style: 'subtitle', merge: 'B21:H21' },
      { ref: 'B22', value: 'Version', style: 'header' },
      { ref: 'C22', value: 'Date', style: 'header', merge: 'C22:D22' },
      { ref: 'E22', value: 'Change', style: 'header', merge: 'E22:H22' },
      { ref: 'B23', value: 1, style: 'number' },
      { ref: 'C23', value: { kind: 'date', iso: '2023-01-09' }, style: 'builtinDate', merge: 'C23:D23' },
      { ref: 'E23', value: 'First published template.', style: 'text', merge: 'E23:H23' },
      { ref: 'B24', value: 2, style: 'number' },
      { ref: 'C24', value: { kind: 'date', iso: '2024-06-17' }, style: 'builtinDate', merge: 'C24:D24' },
      { ref: 'E24', value: 'Review columns added; Access Document withdrawn (tab hidden); lists moved to the Lists tab.', style: 'text', merge: 'E24:H24' },
    ],
    links: [{ ref: 'B19', url: 'https://digital.nhs.uk/developer/assurance/scal-process-for-apis-and-services/user-guide', display: 'SCAL user guide' }],
    notes: [{ ref: 'B10', text: 'The ODS code of the supplier organisation, not of a practice.' }],
    pictures: [{ name: 'Picture 1', description: 'NHS England logo', png: NHS_LOGO(), from: { col: 6, row: 4 }, to: { col: 8, row: 8 } }],
    validations: [],
  };
  const instructions: InfoTabSpec = {
    kind: 'info',
    name: 'Instructions',
    tabColor: 'FF003087',
    columnWidths: [3, 110, 4, 12, 12, 12],
    rowHeights: Object.fromEntries(INSTRUCTION_PARAGRAPHS.map((p, i) => [5 + i, Math.max(30, Math.ceil(p.length / 120) * 15)])),
    cells: [
      { ref: 'B2', value: 'How to complete this SCAL', style: 'title' },
      { ref: 'B3', value: { kind: 'inline', text: 'Read these instructions before completing any tab.' }, style: 'subtitle' },
      ...INSTRUCTION_PARAGRAPHS.map((p, i): FreeCellSpec => ({ ref: `B${5 + i}`, value: p, style: 'wrapText' })),
      { ref: 'B13', value: 'Go to the tabs', style: 'subtitle' },
      ...requirementTabs.map((t, i): FreeCellSpec => ({ ref: `B${14 + i}`, value: t.name, style: 'link' })),
      { ref: 'B29', value: 'Completion guidance (embedded document, double-click to open):', style: 'bold' },
      { ref: 'B36', value: 'Where to find the drop-down list (screenshot):', style: 'bold' },
    ],
    links: requirementTabs.map((t, i) => ({ ref: `B${14 + i}`, location: `${quoteSheet(t.name)}!A1`, display: t.name })),
    notes: [{ ref: 'B9', text: 'Rows and columns are protected in the final template; this note explains why.' }],
    objects: [embeddedGuidance({ col: 1, row: 29 })],
    pictures: [{ name: 'Picture 2', description: 'Screenshot of a response drop-down', png: INSTRUCTIONS_SCREENSHOT(), from: { col: 1, row: 36 }, to: { col: 2, row: 60 } }],
  };
  const summary: SummaryTabSpec = {
    kind: 'summary',
    name: 'Summary',
    tabColor: 'FF003087',
    headerRow: 5,
    title: [
      { row: 1, text: 'SCAL summary', style: 'title', merge: true, height: 30 },
      { row: 2, text: 'Counts update as the tabs are completed.', style: 'text', merge: true },
    ],
    tabs: requirementTabs.map((t) => t.name),
    lookupError: { ref: 'B22', formula: 'VLOOKUP("Template owner",Control!$A$1:$B$10,2,FALSE)' },
    cells: [{ ref: 'A22', value: 'Template owner', style: 'bold' }],
  };
  const lists: InfoTabSpec = {
    kind: 'info',
    name: 'Lists',
    columnWidths: [20, 4, 12, 4, 18],
    cells: [
      { ref: 'A1', value: 'Supplier Response', style: 'header' },
      ...SCAL_RESPONSES.map((v, i): FreeCellSpec => ({ ref: `A${2 + i}`, value: v, style: 'text' })),
      { ref: 'C1', value: 'Level', style: 'header' },
      ...SCAL_LEVELS.map((v, i): FreeCellSpec => ({ ref: `C${2 + i}`, value: v, style: 'text' })),
      { ref: 'E1', value: 'Environment', style: 'header' },
      ...SCAL_ENVIRONMENTS.map((v, i): FreeCellSpec => ({ ref: `E${2 + i}`, value: v, style: 'text' })),
    ],
  };
  const control: InfoTabSpec = {
    kind: 'info',
    name: 'Control',
    state: 'veryHidden',
    columnWidths: [52, 20],
    cells: [
      { ref: 'A1', value: 'Review outcome', style: 'header' },
      ...REVIEW_VERDICTS.map((v, i): FreeCellSpec => ({ ref: `A${2 + i}`, value: v, style: 'text' })),
      { ref: 'B1', value: 'Template id', style: 'header' },
      { ref: 'B2', value: 'SCAL-GPC-IM1-2.0', style: 'text' },
    ],
  };
  return {
    name: `nhs-scal-${variant}`,
    title: 'GP Connect and IM1 Supplier Conformance Assessment List',
    tabs: [cover, instructions, summary, ...requirementTabs.slice(0, 6), ...requirementTabs.slice(6), lists, retired, control],
    definedNames: [
      { name: 'ResponseList', ref: 'Lists!$A$2:$A$4' },
      { name: 'LevelList', ref: 'Lists!$C$2:$C$4' },
      { name: 'EnvironmentList', ref: 'Lists!$E$2:$E$6' },
      { name: 'ReviewVerdicts', ref: 'Control!$A$2:$A$5' },
    ],
    customXml: true,
    author: filled ? 'NHS England Assurance' : 'NHS England',
    created: CREATED,
    modified: filled ? MODIFIED_RETURNED : MODIFIED_BLANK,
  };
}

/** NHS England's blank 19-tab template, ~720 KB: what an import starts from. */
export const blankScal = (): ScalFixture => scalFixture(nhsScalSpec('blank'));

/** The same workbook filled in by a supplier and reviewed by NHS England (answers, evidence, verdicts, dates, a review note). */
export const returnedScal = (): ScalFixture => scalFixture(nhsScalSpec('returned'));

// ---------------------------------------------------------------------------------------------
// Focused variants for unit tests

const small = (name: string, tabs: TabSpec[], extra: Partial<ScalWorkbookSpec> = {}): ScalWorkbookSpec => ({
  name,
  title: `SCAL fixture: ${name}`,
  tabs,
  author: 'NHS England',
  created: CREATED,
  modified: MODIFIED_BLANK,
  ...extra,
});

const LISTS_TAB: InfoTabSpec = {
  kind: 'info',
  name: 'Lists',
  columnWidths: [20, 52],
  cells: [
    { ref: 'A1', value: 'Supplier Response', style: 'header' },
    ...SCAL_RESPONSES.map((v, i): FreeCellSpec => ({ ref: `A${2 + i}`, value: v })),
    { ref: 'B1', value: 'Review outcome', style: 'header' },
    ...REVIEW_VERDICTS.map((v, i): FreeCellSpec => ({ ref: `B${2 + i}`, value: v })),
  ],
};

/** One tab, header on row 1, five requirements, an inline response list: the simplest SCAL. */
export function minimalScal(): ScalFixture {
  return scalFixture(
    small('minimal', [
      {
        kind: 'requirements',
        name: 'Requirements',
        title: [],
        headerRow: 1,
        columns: [COL.id(), COL.description(), COL.level(), COL.response(), COL.justification(), COL.evidence()],
        rows: requirementRows({ topic: 'crossCap', count: 5, environments: false }, { filled: false, counter: 0 }),
        lists: { response: { kind: 'inline' } },
      },
    ]),
  );
}

/** One tab as NHS lays it out: a title block, group headings on row 14 over the header on row 15 (others merged over both rows), sub-headings, and the list rows below the table. */
export function titleBlockScal(filled = false): ScalFixture {
  return scalFixture(
    small(filled ? 'title-block-returned' : 'title-block', [
      {
        kind: 'requirements',
        name: 'Cross Cap',
        title: STANDARD_TITLE('Cross Cap', 'Cross capability requirements.', 15, true),
        headerRow: 15,
        groups: GROUPS,
        columns: serviceColumns('Requirement Test Case'),
        rows: requirementRows({ topic: 'crossCap', count: 12, sectionsAt: [0, 4, 8] }, { filled, counter: 0 }),
        lists: { response: { kind: 'ownRows' }, review: { kind: 'ownRows' } },
        listRowsGap: 4,
        freeze: true,
        autoFilter: true,
        conditionalFormatting: true,
      },
    ]),
  );
}

/** The returned form of `titleBlockScal`: answers, evidence, all four NHS verdicts, review dates. */
export const returnedTitleBlockScal = (): ScalFixture => titleBlockScal(true);

/** The same response list four ways: inline, the tab's own rows, a defined name, and an x14 range on another sheet. */
export function listSourcesScal(): ScalFixture {
  const tab = (name: string, response: ListSource, review: ListSource, counter: number): RequirementTabSpec => ({
    kind: 'requirements',
    name,
    title: [{ row: 1, text: `${name} list`, style: 'title', merge: true }],
    headerRow: 3,
    columns: [COL.id(), COL.description(), COL.level(), COL.response(), COL.justification(), COL.evidence(), COL.review(), COL.reviewComment()],
    rows: requirementRows({ topic: 'spine', count: 4, environments: false, idPrefix: name.toUpperCase().slice(0, 3) }, { filled: false, counter }),
    lists: { response, review },
    listRowsGap: 2,
  });
  return scalFixture(
    small(
      'list-sources',
      [
        tab('Inline', { kind: 'inline' }, { kind: 'inline' }, 0),
        tab('Own Rows', { kind: 'ownRows' }, { kind: 'ownRows' }, 4),
        tab('Named', { kind: 'name', name: 'ResponseList' }, { kind: 'name', name: 'ReviewVerdicts' }, 8),
        tab('Other Sheet', { kind: 'sheetRange', ref: 'Lists!$A$2:$A$4' }, { kind: 'sheetRange', ref: 'Lists!$B$2:$B$5' }, 12),
        LISTS_TAB,
      ],
      {
        definedNames: [
          { name: 'ResponseList', ref: 'Lists!$A$2:$A$4' },
          { name: 'ReviewVerdicts', ref: 'Lists!$B$2:$B$5' },
        ],
      },
    ),
  );
}

/** Two tabs spelling headers differently ("Requirement Test Case(s)", "Ref"/"Requirement ID"), sharing identifiers, one without a level column. */
export function headerVariantsScal(): ScalFixture {
  return scalFixture(
    small('header-variants', [
      {
        kind: 'requirements',
        name: 'HTML',
        title: [{ row: 1, text: 'Access Record HTML', style: 'title', merge: true }],
        headerRow: 4,
        columns: serviceColumns('Requirement Test Cases'),
        rows: requirementRows({ topic: 'html', count: 5, reuse: { 0: 'ACC-01', 1: 'ACC-02' } }, { filled: false, counter: 0 }),
        lists: { response: { kind: 'inline' } },
      },
      {
        kind: 'requirements',
        name: 'Structured',
        title: [{ row: 1, text: 'Access Record Structured', style: 'title', merge: true }],
        headerRow: 6,
        columns: [COL.id('Ref'), COL.description('Requirement Description'), COL.testCases('Requirement Test Case'), COL.environment(), COL.level('Requirement Level'), COL.response('Supplier response (Compliant / Non-Compliant)'), COL.justification(), COL.evidence('Evidence Ref')],
        rows: requirementRows({ topic: 'structured', count: 5, reuse: { 0: 'ACC-01', 1: 'ACC-02' } }, { filled: false, counter: 5 }),
        lists: { response: { kind: 'inline' } },
      },
      {
        kind: 'requirements',
        name: 'Send Document',
        title: [{ row: 1, text: 'Send Document', style: 'title', merge: true }],
        headerRow: 3,
        columns: serviceColumns('Requirement Test Cases', false),
        rows: requirementRows({ topic: 'sendDocument', count: 4, levels: false }, { filled: false, counter: 10 }),
        lists: { response: { kind: 'inline' } },
      },
    ]),
  );
}

/** A visible tab, a hidden tab with requirements, and a very hidden tab holding the review list. */
export function hiddenTabsScal(): ScalFixture {
  const tab = (name: string, state: SheetState, counter: number): RequirementTabSpec => ({
    kind: 'requirements',
    name,
    state,
    title: [{ row: 1, text: name, style: 'title', merge: true }],
    headerRow: 3,
    columns: [COL.id(), COL.description(), COL.level(), COL.response(), COL.justification(), COL.review()],
    rows: requirementRows({ topic: 'retired', count: 3, environments: false, idPrefix: name.slice(0, 3).toUpperCase() }, { filled: false, counter }),
    lists: { response: { kind: 'inline' }, review: { kind: 'name', name: 'ReviewVerdicts' } },
  });
  return scalFixture(
    small('hidden-tabs', [tab('Current', 'visible', 0), tab('Withdrawn', 'hidden', 3), { kind: 'info', name: 'Control', state: 'veryHidden', columnWidths: [52], cells: REVIEW_VERDICTS.map((v, i): FreeCellSpec => ({ ref: `A${1 + i}`, value: v })) }], {
      definedNames: [{ name: 'ReviewVerdicts', ref: 'Control!$A$1:$A$4' }],
    }),
  );
}

/**
 * Everything an export must carry through: a picture, an embedded document with its icon, notes,
 * external and internal links, a HYPERLINK formula, shared formulas, every cell type (shared,
 * rich and inline strings, numbers, dates, date-times, booleans, errors, text with Windows line
 * ends), a tab formatted across all 16,384 columns, printer settings, a chart sheet and a custom
 * XML part.
 */
export function richPartsScal(): ScalFixture {
  const requirements: RequirementTabSpec = {
    kind: 'requirements',
    name: 'Foundation',
    title: STANDARD_TITLE('Foundation', 'Foundation capability requirements.', 8, true),
    headerRow: 8,
    groups: GROUPS,
    columns: serviceColumns('Requirement Test Case'),
    rows: [
      ...requirementRows({ topic: 'foundation', count: 6, sectionsAt: [0] }, { filled: true, counter: 3 }),
      {
        kind: 'requirement',
        identifier: 'FND-07',
        description: 'Text pasted from a Word document keeps its Windows line ends:\r\nfirst point;\r\nsecond point.',
        level: 'MUST',
        environment: 'INT',
        response: 'Compliant',
        evidence: 'EV-0700',
        note: 'Pasted from the requirements document.',
      },
    ],
    lists: { response: { kind: 'name', name: 'ResponseList' }, review: { kind: 'sheetRange', ref: 'Lists!$B$2:$B$5' } },
    wide: true,
    freeze: true,
    printerSettings: true,
    pictures: [{ name: 'Picture 1', description: 'Screenshot', png: pngPicture(120, 60, 20, 5), from: { col: 14, row: 1 }, to: { col: 15, row: 5 } }],
    objects: [embeddedGuidance({ col: 12, row: 1 })],
  };
  const summary: SummaryTabSpec = {
    kind: 'summary',
    name: 'Summary',
    headerRow: 3,
    title: [{ row: 1, text: 'Summary', style: 'title', merge: true }],
    tabs: ['Foundation'],
    lookupError: { ref: 'B10', formula: 'VLOOKUP("Owner",Lists!$A$1:$B$5,2,FALSE)' },
    cells: [
      { ref: 'A8', value: 'Checked', style: 'bold' },
      { ref: 'B8', value: false, style: 'bodyCentre' },
      { ref: 'A9', value: 'Checked at', style: 'bold' },
      { ref: 'B9', value: { kind: 'date', iso: '2026-10-21T16:45' }, style: 'dateTime' },
      { ref: 'A11', value: 'Ratio', style: 'bold' },
      { ref: 'B11', value: 0.1 + 0.2, style: 'text' },
      { ref: 'A12', value: 'Broken reference', style: 'bold' },
      { ref: 'B12', value: { kind: 'error', code: '#REF!' }, style: 'text' },
      { ref: 'A13', value: { kind: 'inline', text: '  Inline text with spaces kept  ' }, style: 'text' },
      { ref: 'A14', value: 'Escapes: <tag> & "quotes" and a literal _x0041_', style: 'text' },
      { ref: 'A15', value: { kind: 'formula', formula: 'HYPERLINK("https://digital.nhs.uk/developer/api-catalogue/gp-connect","GP Connect")', cached: 'GP Connect' }, style: 'link' },
    ],
    links: [{ ref: 'A1', location: "'Foundation'!A1", display: 'Summary' }],
  };
  return scalFixture(
    small('rich-parts', [summary, requirements, LISTS_TAB], {
      definedNames: [{ name: 'ResponseList', ref: 'Lists!$A$2:$A$4' }],
      chartSheet: { name: 'Chart', before: 'Foundation', summary: 'Summary' },
      customXml: true,
    }),
  );
}

/**
 * A sheet-local defined name that shadows a workbook-wide one, on a tab that comes after a chart
 * sheet: `localSheetId` counts chart sheets, so a reader that counts only worksheets resolves the
 * wrong name.
 */
export function localNamesScal(): ScalFixture {
  const tab = (name: string, counter: number, values?: readonly string[]): RequirementTabSpec => ({
    kind: 'requirements',
    name,
    title: [{ row: 1, text: name, style: 'title', merge: true }],
    headerRow: 3,
    columns: [COL.id(), COL.description(), COL.level(), COL.response(), COL.justification()],
    rows: requirementRows({ topic: 'appointments', count: 3, environments: false, idPrefix: name.slice(0, 3).toUpperCase() }, { filled: false, counter }),
    lists: { response: { kind: 'name', name: 'ResponseList', values } },
  });
  const olderSpelling = ['Compliant', 'Non Compliant', 'N/A'];
  const summary: SummaryTabSpec = { kind: 'summary', name: 'Summary', headerRow: 3, title: [{ row: 1, text: 'Summary', style: 'title' }], tabs: ['Appointments', 'Structured'] };
  const lists: InfoTabSpec = {
    kind: 'info',
    name: 'Lists',
    columnWidths: [20, 20],
    cells: [
      ...SCAL_RESPONSES.map((v, i): FreeCellSpec => ({ ref: `A${1 + i}`, value: v })),
      // The second tab's own list: the same words in NHS England's older spelling.
      ...olderSpelling.map((v, i): FreeCellSpec => ({ ref: `B${1 + i}`, value: v })),
    ],
  };
  return scalFixture(
    small('local-names', [summary, tab('Appointments', 0), tab('Structured', 3, olderSpelling), lists], {
      chartSheet: { name: 'Chart', before: 'Appointments', summary: 'Summary' },
      definedNames: [
        { name: 'ResponseList', ref: 'Lists!$A$1:$A$3' },
        { name: 'ResponseList', ref: 'Lists!$B$1:$B$3', sheet: 'Structured' },
      ],
    }),
  );
}

/** Every ready-made variant by name. */
export const SCAL_VARIANTS: Readonly<Record<string, () => ScalFixture>> = {
  blank: blankScal,
  returned: returnedScal,
  minimal: minimalScal,
  titleBlock: () => titleBlockScal(),
  returnedTitleBlock: returnedTitleBlockScal,
  listSources: listSourcesScal,
  headerVariants: headerVariantsScal,
  hiddenTabs: hiddenTabsScal,
  richParts: richPartsScal,
  localNames: localNamesScal,
};
