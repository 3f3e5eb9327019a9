import { DomainError } from '../errors/domain-error';
import { compactText, headerNames, listValuesAt, suggestHeaderRow, tidyHeader, type ImportSheet, type SheetVisibility } from '../imports/sheet-layout';
import { parseReviewVerdict, parseScalResponse, type ScalReviewVerdict } from './answers';
import { SCAL_LEVELS, type ScalEnvironment, type ScalLevel, type ScalRequirement, type ScalResponse } from './requirements';

export type { ImportSheet } from '../imports/sheet-layout';

/**
 * Turns the tabs of a SCAL workbook (already read by the caller) into template requirements, and
 * reads the answers and NHS England's verdicts a returned workbook carries. Real SCAL tabs open
 * with a title block, put the header on row 5, 15 or 20, group rows under sub-headings, keep
 * their dropdown lists below the table and reuse identifiers across tabs; nothing here assumes a
 * column name: the user maps headers to fields (a suggestion comes from the usual spellings).
 * Import is all or nothing: one bad row and no requirement is returned, with every bad row
 * reported so the user fixes the workbook in one pass.
 */

export const SCAL_IMPORT_FIELDS = ['identifier', 'section', 'description', 'useCase', 'type', 'link', 'testCases', 'evidenceRequired', 'environment', 'level'] as const;
export type ScalImportField = (typeof SCAL_IMPORT_FIELDS)[number];

/** Without these a row cannot become a requirement. A tab without a level column takes one the user chooses. */
export const REQUIRED_IMPORT_FIELDS: readonly ScalImportField[] = ['identifier', 'description'];

/** Longest cell accepted per field, in characters: longer is almost always a mis-mapped column. */
export const SCAL_FIELD_MAX_LENGTH: Readonly<Record<ScalImportField, number>> = {
  identifier: 100,
  section: 200,
  description: 10_000,
  useCase: 2_000,
  type: 200,
  link: 2_000,
  testCases: 5_000,
  evidenceRequired: 10_000,
  environment: 100,
  level: 50,
};

/**
 * Real SCALs run to hundreds or a few thousand rows; far more is a hostile or wrong file, refused
 * before any work. The reader upstream stops reading at this count too.
 */
export const SCAL_IMPORT_MAX_ROWS = 20_000;

/**
 * Columns for the supplier's answer (response, justification, evidence, our status) and for NHS
 * England's review (its verdict and comments). All are read on import, so a returned SCAL brings
 * its answers and verdicts; the export writes only the supplier's ones, never the review columns.
 */
export const SCAL_ANSWER_COLUMNS = ['response', 'justification', 'evidence', 'status', 'review', 'reviewComment'] as const;
export type ScalAnswerColumn = (typeof SCAL_ANSWER_COLUMNS)[number];

/** The answer columns an export writes: NHS England's own columns are never written over. */
export const SCAL_WRITTEN_ANSWER_COLUMNS: readonly ScalAnswerColumn[] = ['response', 'justification', 'evidence', 'status'];

export type ScalMappingTarget = ScalImportField | ScalAnswerColumn;

/** Header text → field, or null to ignore the column. Headers match tidied and case-insensitively. */
export type ColumnMapping = Readonly<Record<string, ScalMappingTarget | null>>;

/** What the user settles per tab in the import wizard. */
export interface ScalSheetSettings {
  /** 1-based; the suggested row when absent. */
  readonly headerRow?: number;
  /** The level of every requirement of a tab that has no level column (MUST when absent). */
  readonly defaultLevel?: ScalLevel;
  /** False: the tab holds no requirements (a cover, instructions or lists tab), whatever its headers. */
  readonly include?: boolean;
}

export interface ScalImportInput {
  readonly sheets: readonly ImportSheet[];
  readonly mapping: ColumnMapping;
  readonly sheetSettings?: Readonly<Record<string, ScalSheetSettings>>;
}

export interface RejectedRow {
  readonly sheet: string;
  /** 1-based, as a spreadsheet shows it. */
  readonly row: number;
  readonly reason: string;
}

/** Something read but not understood, that does not stop the import (an answer in words of its own). */
export interface ImportWarning {
  readonly sheet: string;
  readonly row: number;
  readonly message: string;
}

/** What a returned or half-completed workbook says about one requirement. */
export interface ImportedAnswer {
  readonly response: ScalResponse | null;
  /** The response cell's text, kept when it could not be read as a response. */
  readonly responseText: string | null;
  readonly justification: string | null;
  readonly evidence: string | null;
  readonly status: string | null;
  readonly review: ScalReviewVerdict | null;
  readonly reviewText: string | null;
  readonly reviewComment: string | null;
}

export interface ImportedRequirement extends ScalRequirement {
  /** The identifier as the workbook writes it; `identifier` adds the tab's name when two tabs reuse one. */
  readonly sourceIdentifier: string;
  /** The sub-heading row the requirement sits under, if any. */
  readonly heading: string | null;
  readonly sheet: string;
  readonly row: number;
  /** Every cell of the row, for the text layouts (CSV) that cannot reopen the workbook. */
  readonly cells: readonly string[];
  readonly answer: ImportedAnswer | null;
}

export interface ImportedSection {
  readonly key: string;
  readonly name: string;
  readonly requirements: readonly ImportedRequirement[];
}

/** How one tab was read: the wizard shows it, the export writes back by it. */
export interface ScalSheetLayout {
  readonly name: string;
  readonly state: SheetVisibility;
  readonly suggestedHeaderRow: number | null;
  readonly headerRow: number;
  readonly headers: readonly string[];
  /** False for a tab with no requirements (no column mapped, or left out by the user). */
  readonly requirements: boolean;
  /** 0-based columns of the mapped requirement fields and answer columns. */
  readonly columns: Partial<Record<ScalImportField, number>>;
  readonly answerColumns: Partial<Record<ScalAnswerColumn, number>>;
  /** The dropdown entries of each answer column, where the tab validates it with a list. */
  readonly answerLists: Partial<Record<ScalAnswerColumn, readonly string[]>>;
  /** The level given to every row when the tab has no level column; null when it has one. */
  readonly defaultLevel: ScalLevel | null;
  readonly requirementRows: number;
  readonly headingRows: number;
  /** Rows with content after the last requirement: the tab's lists and notes, kept as layout. */
  readonly rowsBelowTable: number;
  readonly answeredRows: number;
  readonly verdicts: Partial<Record<ScalReviewVerdict, number>>;
  /** How each row below the header was read, from the first: the wizard shows the first few so. */
  readonly rowKinds: readonly ScalRowKind[];
}

export type ScalRowKind = 'requirement' | 'heading' | 'rejected' | 'below' | 'blank';

export type ScalImportResult =
  | {
      readonly ok: true;
      readonly sections: ImportedSection[];
      readonly sheets: ScalSheetLayout[];
      /** Tabs with no requirements (cover, instructions, lists), kept in the workbook as they are. */
      readonly layoutOnlySheets: string[];
      /** Identifiers that more than one tab uses: each tab's is its own requirement. */
      readonly reusedIdentifiers: string[];
      readonly warnings: ImportWarning[];
    }
  | { readonly ok: false; readonly rejected: RejectedRow[]; readonly sheets: ScalSheetLayout[] };

/**
 * Common spellings, compared without case, spaces or punctuation. SHALL, RECOMMENDED and OPTIONAL are
 * the RFC 2119 synonyms of MUST, SHOULD and MAY; "Mandatory" is how several NHS documents say MUST.
 */
const LEVELS: ReadonlyMap<string, ScalLevel> = new Map([
  ['MUST', 'MUST'],
  ['SHALL', 'MUST'],
  ['MANDATORY', 'MUST'],
  ['SHOULD', 'SHOULD'],
  ['RECOMMENDED', 'SHOULD'],
  ['MAY', 'MAY'],
  ['OPTIONAL', 'MAY'],
]);

/**
 * "N/A", "NA" and "Not applicable" read as ENVNA: in the environment column they say that no test
 * environment applies, which is exactly what ENVNA means (a supporting statement is the evidence).
 */
const ENVIRONMENTS: ReadonlyMap<string, ScalEnvironment> = new Map([
  ['INTERNETFACING', 'Internet Facing'],
  ['OPENTEST', 'OpenTest'],
  ['INT', 'INT'],
  ['INTPROVIDER', 'INT(PROVIDER)'],
  ['ENVNA', 'ENVNA'],
  ['NA', 'ENVNA'],
  ['NOTAPPLICABLE', 'ENVNA'],
]);

export function parseLevel(value: string): ScalLevel | null {
  return LEVELS.get(compactText(value)) ?? null;
}

export function parseEnvironment(value: string): ScalEnvironment | null {
  return ENVIRONMENTS.get(compactText(value)) ?? null;
}

const headerKey = (header: string) => tidyHeader(header).toLowerCase();

/** Section keys come from names, so a re-import of the same workbook gives the same keys. */
export function sectionKey(name: string): string {
  return (
    name
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'section'
  );
}

const isAnswerColumn = (field: string): field is ScalAnswerColumn => (SCAL_ANSWER_COLUMNS as readonly string[]).includes(field);

function normaliseMapping(mapping: ColumnMapping): Map<string, ScalMappingTarget> {
  const result = new Map<string, ScalMappingTarget>();
  for (const [header, field] of Object.entries(mapping)) {
    if (field === null) continue;
    if (!isAnswerColumn(field) && !(SCAL_IMPORT_FIELDS as readonly string[]).includes(field)) {
      throw new DomainError('invalid', 'scal_mapping_unknown_field', `Column "${header}" is mapped to "${field}", which is neither a requirement field nor an answer column (${SCAL_ANSWER_COLUMNS.join(', ')}).`, { header, field });
    }
    result.set(headerKey(header), field);
  }
  const fields = [...result.values()];
  const missing = REQUIRED_IMPORT_FIELDS.filter((f) => !fields.includes(f));
  if (missing.length) throw new DomainError('invalid', 'scal_mapping_incomplete', `Map a column to each of: ${missing.join(', ')}.`, { missing });
  return result;
}

/** How far below the header a column's dropdown is looked for. */
const LIST_SEARCH_ROWS = 50;

const isBlank = (cells: readonly string[]) => cells.every((c) => (c ?? '').trim() === '');
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const optional = (text: string): string | null => (text.trim() === '' ? null : text.trim());

interface SheetPlan {
  readonly sheet: ImportSheet;
  readonly layout: Omit<ScalSheetLayout, 'requirementRows' | 'headingRows' | 'rowsBelowTable' | 'answeredRows' | 'verdicts' | 'rowKinds'>;
  readonly problem: string | null;
}

function planSheet(sheet: ImportSheet, mapping: ReadonlyMap<string, ScalMappingTarget>, settings: ScalSheetSettings | undefined): SheetPlan {
  const suggestedHeaderRow = suggestHeaderRow(sheet, isKnownScalHeader);
  const headerRow = settings?.headerRow ?? suggestedHeaderRow ?? 1;
  const headers = headerNames(sheet, headerRow);
  const columns: Partial<Record<ScalImportField, number>> = {};
  const answerColumns: Partial<Record<ScalAnswerColumn, number>> = {};
  const clash = new Set<string>();
  headers.forEach((header, index) => {
    const field = mapping.get(headerKey(header));
    if (!field) return;
    const target: Partial<Record<string, number>> = isAnswerColumn(field) ? answerColumns : columns;
    if (target[field] !== undefined) clash.add(field);
    else target[field] = index;
  });
  const mapped = Object.keys(columns).length + Object.keys(answerColumns).length;
  // A tab holds requirements when it has an identifier column, or a description and a level: a
  // summary tab ("Tab", "Requirements", "Compliant") or a lists tab ("Supplier Response", "Level")
  // maps a header or two by their names, and is layout, not a requirements tab in error.
  const requirementTab = columns.identifier !== undefined || (columns.description !== undefined && columns.level !== undefined);
  const included = settings?.include !== false && requirementTab;
  const absent = REQUIRED_IMPORT_FIELDS.filter((f) => columns[f] === undefined);
  const problem = !included
    ? null
    : absent.length || clash.size
      ? `Header row ${headerRow}: ${[absent.length ? `no column mapped to ${absent.join(', ')}` : '', clash.size ? `more than one column mapped to ${[...clash].join(', ')}` : ''].filter(Boolean).join('; ')}.`
      : null;
  // The dropdown is usually on every row of the table, but not on a sub-heading row: the first
  // rows below the header are searched for a cell of the column that has one.
  const answerLists: Partial<Record<ScalAnswerColumn, readonly string[]>> = {};
  for (const [column, index] of Object.entries(answerColumns) as [ScalAnswerColumn, number][]) {
    for (let row = headerRow + 1; row <= Math.min(sheet.rows.length, headerRow + LIST_SEARCH_ROWS); row++) {
      const values = listValuesAt(sheet, row, index + 1);
      if (values) {
        answerLists[column] = values;
        break;
      }
    }
  }
  return {
    sheet,
    problem,
    layout: {
      name: sheet.name,
      state: sheet.state ?? 'visible',
      suggestedHeaderRow,
      headerRow,
      headers,
      requirements: included && mapped > 0,
      columns,
      answerColumns,
      answerLists,
      defaultLevel: columns.level === undefined ? (settings?.defaultLevel ?? 'MUST') : null,
    },
  };
}

type RowRead =
  | { kind: 'blank' }
  | { kind: 'heading'; text: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'requirement'; requirement: Omit<ImportedRequirement, 'identifier' | 'section'> & { sectionName: string | null } };

function readRow(plan: SheetPlan, row: number, heading: string | null, warnings: ImportWarning[]): RowRead {
  const { sheet, layout } = plan;
  const cells = sheet.rows[row - 1] ?? [];
  const fieldText = (field: ScalImportField): string => {
    const index = layout.columns[field];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  const fields = Object.keys(layout.columns) as ScalImportField[];
  const values = fields.map(fieldText);
  if (isBlank(values)) return { kind: 'blank' };
  const identifier = fieldText('identifier');
  const description = fieldText('description');
  const distinct = new Set(values.filter((v) => v !== ''));
  // A sub-heading: one text across the row (often merged over it), or an identifier-column title
  // with nothing beside it ("1. Information Governance").
  if (distinct.size === 1 && (!identifier || (!description && values.filter((v) => v !== '').length === 1))) return { kind: 'heading', text: tidyHeader([...distinct][0]) };
  const reasons: string[] = [];
  for (const field of fields) if (fieldText(field).length > SCAL_FIELD_MAX_LENGTH[field]) reasons.push(`${field} is longer than ${SCAL_FIELD_MAX_LENGTH[field]} characters`);
  if (!identifier) reasons.push('identifier is empty');
  if (!description) reasons.push('description is empty');
  let level: ScalLevel | null = layout.defaultLevel;
  if (layout.columns.level !== undefined) {
    const text = fieldText('level');
    level = parseLevel(text);
    if (!text) reasons.push('level is empty');
    else if (!level) reasons.push(`unknown level "${text}" (expected MUST, SHOULD or MAY)`);
  }
  const environmentText = fieldText('environment');
  const environment = environmentText ? parseEnvironment(environmentText) : null;
  if (environmentText && !environment) reasons.push(`unknown environment "${environmentText}" (expected Internet Facing, OpenTest, INT, INT(PROVIDER) or ENVNA)`);
  if (reasons.length) return { kind: 'rejected', reason: capitalise(reasons.join('; ')) + '.' };
  return {
    kind: 'requirement',
    requirement: {
      sourceIdentifier: identifier,
      sectionName: fieldText('section') || null,
      description,
      useCase: optional(fieldText('useCase')),
      type: optional(fieldText('type')),
      link: optional(fieldText('link')),
      testCases: optional(fieldText('testCases')),
      evidenceRequired: optional(fieldText('evidenceRequired')),
      environment,
      level: level!,
      heading,
      sheet: sheet.name,
      row,
      cells: [...cells],
      answer: readAnswerCells(layout.answerColumns, cells, sheet.name, row, warnings),
    },
  };
}

/** The answer and review cells of one row, by the tab's answer columns; null when all are empty. */
export function readAnswerCells(columns: Partial<Record<ScalAnswerColumn, number>>, cells: readonly string[], sheet: string, row: number, warnings: ImportWarning[]): ImportedAnswer | null {
  const text = (column: ScalAnswerColumn) => {
    const index = columns[column];
    return index === undefined ? '' : (cells[index] ?? '').trim();
  };
  if (SCAL_ANSWER_COLUMNS.every((c) => text(c) === '')) return null;
  const responseText = text('response');
  const response = responseText ? parseScalResponse(responseText) : null;
  if (responseText && !response) warnings.push({ sheet, row, message: `Response "${responseText}" is not read as compliant, non-compliant or not applicable; the requirement is left unanswered.` });
  const reviewText = text('review');
  const review = reviewText ? parseReviewVerdict(reviewText) : null;
  if (reviewText && !review) warnings.push({ sheet, row, message: `Review "${reviewText}" is not one of NHS England's verdicts; it is kept as a comment.` });
  return {
    response,
    responseText: responseText || null,
    justification: optional(text('justification')),
    evidence: optional(text('evidence')),
    status: optional(text('status')),
    review,
    reviewText: reviewText || null,
    reviewComment: optional(text('reviewComment')) ?? (reviewText && !review ? reviewText : null),
  };
}

export function importScalRequirements(input: ScalImportInput): ScalImportResult {
  const mapping = normaliseMapping(input.mapping);
  const plans = input.sheets.map((sheet) => planSheet(sheet, mapping, input.sheetSettings?.[sheet.name]));
  const rowCount = plans.reduce((n, p) => n + (p.layout.requirements ? Math.max(p.sheet.rows.length - p.layout.headerRow, 0) : 0), 0);
  if (rowCount > SCAL_IMPORT_MAX_ROWS) {
    throw new DomainError('invalid', 'scal_import_too_large', `The file has ${rowCount} rows; a SCAL import takes at most ${SCAL_IMPORT_MAX_ROWS}.`, { rows: rowCount, limit: SCAL_IMPORT_MAX_ROWS });
  }
  const rejected: RejectedRow[] = [];
  const warnings: ImportWarning[] = [];
  const layouts: ScalSheetLayout[] = [];
  const read: { plan: SheetPlan; requirements: (Omit<ImportedRequirement, 'identifier' | 'section'> & { sectionName: string | null })[] }[] = [];

  for (const plan of plans) {
    const counts = { requirementRows: 0, headingRows: 0, rowsBelowTable: 0, answeredRows: 0, verdicts: {} as Partial<Record<ScalReviewVerdict, number>>, rowKinds: [] as ScalRowKind[] };
    if (!plan.layout.requirements) {
      layouts.push({ ...plan.layout, ...counts });
      continue;
    }
    if (plan.problem) {
      rejected.push({ sheet: plan.sheet.name, row: plan.layout.headerRow, reason: plan.problem });
      layouts.push({ ...plan.layout, ...counts });
      continue;
    }
    // The table ends with its last requirement row and the rows that run on from it without a gap;
    // what follows a blank row (dropdown lists, notes, a legend) is layout, not rows in error.
    const { columns } = plan.layout;
    const mappedCells = (row: number) => Object.values(columns).map((i) => plan.sheet.rows[row - 1]?.[i] ?? '');
    const complete = (row: number) => (plan.sheet.rows[row - 1]?.[columns.identifier!] ?? '').trim() !== '' && (plan.sheet.rows[row - 1]?.[columns.description!] ?? '').trim() !== '';
    let last = plan.layout.headerRow;
    for (let row = plan.sheet.rows.length; row > plan.layout.headerRow; row--) {
      if (complete(row)) {
        last = row;
        break;
      }
    }
    while (last < plan.sheet.rows.length && !isBlank(mappedCells(last + 1))) last++;
    for (let row = last + 1; row <= plan.sheet.rows.length; row++) if (!isBlank(plan.sheet.rows[row - 1] ?? [])) counts.rowsBelowTable++;
    const kinds: ScalRowKind[] = [];
    const requirements: (typeof read)[number]['requirements'] = [];
    const seen = new Map<string, number>();
    let heading: string | null = null;
    for (let row = plan.layout.headerRow + 1; row <= last; row++) {
      const result = readRow(plan, row, heading, warnings);
      kinds.push(result.kind === 'requirement' ? 'requirement' : result.kind);
      if (result.kind === 'heading') {
        heading = result.text;
        counts.headingRows++;
      } else if (result.kind === 'rejected') {
        rejected.push({ sheet: plan.sheet.name, row, reason: result.reason });
      } else if (result.kind === 'requirement') {
        const key = result.requirement.sourceIdentifier.toUpperCase();
        const first = seen.get(key);
        if (first !== undefined) {
          kinds[kinds.length - 1] = 'rejected';
          rejected.push({ sheet: plan.sheet.name, row, reason: `Duplicate identifier "${result.requirement.sourceIdentifier}" (first on row ${first} of this tab).` });
          continue;
        }
        seen.set(key, row);
        requirements.push(result.requirement);
        counts.requirementRows++;
        const answer = result.requirement.answer;
        if (answer && (answer.response || answer.justification || answer.evidence)) counts.answeredRows++;
        if (answer?.review) counts.verdicts[answer.review] = (counts.verdicts[answer.review] ?? 0) + 1;
      }
    }
    for (let row = last + 1; row <= plan.sheet.rows.length; row++) kinds.push(isBlank(plan.sheet.rows[row - 1] ?? []) ? 'blank' : 'below');
    layouts.push({ ...plan.layout, ...counts, rowKinds: kinds });
    read.push({ plan, requirements });
  }

  if (rejected.length) return { ok: false, rejected, sheets: layouts };
  const total = read.reduce((n, r) => n + r.requirements.length, 0);
  if (total === 0) throw new DomainError('invalid', 'scal_import_empty', 'The file has no requirement rows under its header rows.');

  // Identifiers are unique per tab: one that several tabs use names a requirement of each, told apart by the tab.
  const tabsOf = new Map<string, Set<string>>();
  for (const { plan, requirements } of read) for (const r of requirements) tabsOf.set(r.sourceIdentifier.toUpperCase(), (tabsOf.get(r.sourceIdentifier.toUpperCase()) ?? new Set()).add(plan.sheet.name));
  const reused = [...tabsOf].filter(([, tabs]) => tabs.size > 1).map(([id]) => id);
  const reusedSet = new Set(reused);
  const sections = new Map<string, { name: string; requirements: ImportedRequirement[] }>();
  for (const { plan, requirements } of read) {
    for (const r of requirements) {
      const sectionName = r.sectionName || plan.sheet.name.trim() || 'Requirements';
      const key = sectionKey(sectionName);
      let section = sections.get(key);
      if (!section) sections.set(key, (section = { name: sectionName, requirements: [] }));
      const { sectionName: _, ...rest } = r;
      const identifier = reusedSet.has(r.sourceIdentifier.toUpperCase()) ? `${r.sourceIdentifier} (${plan.sheet.name.trim()})` : r.sourceIdentifier;
      section.requirements.push({ ...rest, identifier, section: key });
    }
  }
  return {
    ok: true,
    sections: [...sections].map(([key, s]) => ({ key, name: s.name, requirements: s.requirements })),
    sheets: layouts,
    layoutOnlySheets: layouts.filter((l) => !l.requirements).map((l) => l.name),
    reusedIdentifiers: reused.map((id) => read.flatMap((r) => r.requirements).find((r) => r.sourceIdentifier.toUpperCase() === id)!.sourceIdentifier),
    warnings,
  };
}

/** Header spellings seen in SCAL workbooks and their likely field, compared without case or punctuation. */
const HEADER_SPELLINGS: ReadonlyArray<readonly [ScalMappingTarget, readonly string[]]> = [
  ['identifier', ['requirement id', 'req id', 'id', 'identifier', 'requirement identifier', 'requirement ref', 'requirement reference', 'ref', 'reference', 'ref no', 'reference number', 'requirement no', 'requirement number', 'scal id', 'scal ref', 'scal reference', 'requirement code']],
  ['description', ['description', 'requirement description', 'requirement', 'requirement text', 'requirement detail', 'requirement details', 'detail', 'details', 'question', 'requirement statement']],
  ['evidenceRequired', ['evidence required', 'required evidence', 'evidence requirement', 'evidence requirements', 'evidence needed', 'expected evidence']],
  ['environment', ['environment', 'env', 'evidence environment', 'test environment', 'evidence source', 'environment evidenced']],
  ['level', ['level', 'must/should', 'must/should/may', 'requirement level', 'compliance level', 'priority', 'obligation', 'conformance level', 'moscow']],
  ['testCases', ['test case', 'test cases', 'test case id', 'test case ids', 'test case reference', 'test case references', 'requirement test case', 'requirement test cases', 'test case(s)', 'test script', 'test scripts']],
  ['useCase', ['use case', 'use cases', 'use case id']],
  ['type', ['type', 'requirement type', 'category']],
  ['link', ['link', 'links', 'link to spec', 'link to specification', 'spec link', 'specification', 'spec', 'url', 'specification link', 'specification reference']],
  ['section', ['section', 'tab', 'area', 'section name']],
  ['response', ['response', 'supplier response', 'compliance', 'compliant', 'compliance status', 'supplier compliance', 'compliance response', 'supplier self assessment', 'self assessment', 'supplier assessment', 'compliant (yes/no)', 'compliance (yes/no)', 'supplier compliance status']],
  ['justification', ['justification', 'supplier justification', 'supplier comments', 'supplier comment', 'rationale', 'supporting statement', 'supplier supporting statement', 'non compliance justification', 'justification for non compliance']],
  ['evidence', ['evidence reference', 'evidence references', 'evidence ref', 'evidence provided', 'supplier evidence', 'evidence supplied', 'evidence', 'evidence location', 'supplier evidence reference']],
  ['status', ['status', 'supplier status', 'progress', 'completion status']],
  ['review', ['review', 'nhs england review', 'nhse review', 'nhsd review', 'nhs digital review', 'review outcome', 'review status', 'review verdict', 'assessment outcome', 'assurance outcome', 'assurance status', 'nhse status', 'nhs england status', 'nhs assessment', 'nhse assessment', 'evidence review', 'evidence assessment', 'nhs england assessment', 'assurance review']],
  ['reviewComment', ['review comments', 'review comment', 'reviewer comments', 'nhse comments', 'nhs england comments', 'nhsd comments', 'nhs digital comments', 'assurance comments', 'assessor comments', 'review notes', 'nhse feedback', 'nhs england feedback', 'reviewer feedback']],
];

const SPELLING_INDEX: ReadonlyMap<string, ScalMappingTarget> = new Map(HEADER_SPELLINGS.flatMap(([field, spellings]) => spellings.map((s) => [compactText(s), field] as const)));

/** A group heading that says the columns under it are NHS England's ("NHS England use only", "Assurance"). */
const REVIEW_GROUP = /\b(nhs|nhse|nhsd|review|reviewer|assurance|assessor|for official use)\b/i;

/** The likely field of one header, or null. A header under an NHS England group heading is read as a review column. */
export function scalFieldForHeader(header: string): ScalMappingTarget | null {
  const known = (text: string) => SPELLING_INDEX.get(compactText(text)) ?? SPELLING_INDEX.get(compactText(text).replace(/S$/, '')) ?? null;
  // "Supplier response (Compliant / Non-Compliant)": the words in brackets explain, they do not name.
  const tidy = tidyHeader(header);
  const bare = tidyHeader(tidy.replace(/\([^)]*\)/g, ' '));
  const whole = known(tidy) ?? (bare && bare !== tidy ? known(bare) : null);
  const parts = (bare || tidy).split(' / ');
  const own = parts[parts.length - 1];
  const group = parts.slice(0, -1).join(' ');
  if (whole && !(group && REVIEW_GROUP.test(group))) return whole;
  // A header's own words first, then its earlier parts ("Justification / Comments" is a justification).
  const field = known(own) ?? [...parts.slice(0, -1)].reverse().map(known).find((f) => f !== null) ?? whole ?? null;
  if (group && REVIEW_GROUP.test(group)) {
    if (/comment|note|feedback/i.test(own)) return 'reviewComment';
    if (field === 'status' || field === 'response' || field === 'review' || /outcome|verdict|status|assessment/i.test(own)) return 'review';
  }
  return field;
}

const isKnownScalHeader = (header: string) => scalFieldForHeader(header) !== null;

/**
 * A first guess at the mapping, for the user to correct, from each tab's header names. Within a
 * tab each field is proposed for one column only (the first that matches), so the guess never
 * fails the "more than one column" check; a header keeps one field across tabs.
 */
export function suggestMapping(headersPerSheet: readonly (readonly string[])[]): Record<string, ScalMappingTarget | null> {
  const result: Record<string, ScalMappingTarget | null> = {};
  for (const headers of headersPerSheet) {
    const taken = new Set<ScalMappingTarget>();
    for (const header of headers) if (header && result[header]) taken.add(result[header]!);
    for (const header of headers) {
      if (!header || header in result) continue;
      const field = scalFieldForHeader(header);
      if (field && !taken.has(field)) {
        taken.add(field);
        result[header] = field;
      } else {
        result[header] = null;
      }
    }
  }
  return result;
}

/** Each tab's header names at its suggested (or chosen) header row, for {@link suggestMapping} and the wizard. */
export function scalSheetHeaders(sheet: ImportSheet, headerRow?: number): { suggestedHeaderRow: number | null; headerRow: number; headers: string[] } {
  const suggestedHeaderRow = suggestHeaderRow(sheet, isKnownScalHeader);
  const row = headerRow ?? suggestedHeaderRow ?? 1;
  return { suggestedHeaderRow, headerRow: row, headers: headerNames(sheet, row) };
}

export const isScalLevel = (value: string): value is ScalLevel => (SCAL_LEVELS as readonly string[]).includes(value);


/**
 * The per-tab settings a request sends, checked field by field: keys are tab names, values say
 * the header row, the default level and whether the tab holds requirements. A bad one is named
 * exactly (`sheets.Foundation.headerRow`).
 */
export function checkScalSheetSettings(raw: unknown, field: string): Record<string, ScalSheetSettings> {
  const refuse = (path: string, problem: string) => {
    throw new DomainError('invalid', 'scal_sheet_settings_invalid', `${path}: ${problem}.`, { field: path });
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) refuse(field, 'must be an object of tab name → settings');
  const result: Record<string, ScalSheetSettings> = {};
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > 500) refuse(field, 'more than 500 tabs');
  for (const [name, value] of entries) {
    const path = `${field}.${name}`;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) refuse(path, 'must be an object');
    const settings = value as Record<string, unknown>;
    for (const key of Object.keys(settings)) if (!['headerRow', 'defaultLevel', 'include'].includes(key)) refuse(`${path}.${key}`, 'unknown setting (headerRow, defaultLevel or include)');
    const { headerRow, defaultLevel, include } = settings;
    if (headerRow !== undefined && (typeof headerRow !== 'number' || !Number.isInteger(headerRow) || headerRow < 1 || headerRow > 1_048_576)) refuse(`${path}.headerRow`, 'must be a row number from 1');
    if (defaultLevel !== undefined && (typeof defaultLevel !== 'string' || !isScalLevel(defaultLevel))) refuse(`${path}.defaultLevel`, `must be one of ${SCAL_LEVELS.join(', ')}`);
    if (include !== undefined && typeof include !== 'boolean') refuse(`${path}.include`, 'must be true or false');
    result[name] = { ...(headerRow !== undefined ? { headerRow: headerRow as number } : {}), ...(defaultLevel !== undefined ? { defaultLevel: defaultLevel as ScalLevel } : {}), ...(include !== undefined ? { include: include as boolean } : {}) };
  }
  return result;
}
