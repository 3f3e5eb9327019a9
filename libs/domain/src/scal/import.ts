import { DomainError } from '../errors/domain-error';
import type { ScalEnvironment, ScalLevel, ScalRequirement, ScalSection } from './requirements';

/**
 * Turns tabular rows (already read from xlsx or CSV by the caller) into template requirements.
 * Real workbooks name their columns differently, so the user maps headers to fields; nothing here
 * assumes a column name. Import is all or nothing: one bad row and no requirement is returned, with
 * every bad row reported so the user fixes the workbook in one pass.
 */

export const SCAL_IMPORT_FIELDS = ['identifier', 'section', 'description', 'useCase', 'type', 'link', 'testCases', 'evidenceRequired', 'environment', 'level'] as const;
export type ScalImportField = (typeof SCAL_IMPORT_FIELDS)[number];

/** Without these a row cannot become a requirement (the level decides whether a row gates the journey). */
export const REQUIRED_IMPORT_FIELDS: readonly ScalImportField[] = ['identifier', 'description', 'level'];

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
 * before any work. The parser upstream should stop reading at this count too.
 */
export const SCAL_IMPORT_MAX_ROWS = 20_000;

export interface ImportSheet {
  /** The sheet (tab) name; for a CSV, the file's name. It names the section unless a column does. */
  readonly name: string;
  /** Cells as text; the first row holds the headers. */
  readonly rows: readonly (readonly string[])[];
}

/**
 * Columns a workbook keeps for the supplier's answer and NHS England's review. They are not read
 * on import (a template is requirements, not answers); mapping them tells the export where to
 * write the answers, so the workbook goes back to NHS England in its own layout.
 */
export const SCAL_ANSWER_COLUMNS = ['response', 'justification', 'evidence', 'status'] as const;
export type ScalAnswerColumn = (typeof SCAL_ANSWER_COLUMNS)[number];

export type ScalMappingTarget = ScalImportField | ScalAnswerColumn;

/** Header text → field, or null to ignore the column. Headers match trimmed and case-insensitively. */
export type ColumnMapping = Readonly<Record<string, ScalMappingTarget | null>>;

export interface RejectedRow {
  readonly sheet: string;
  /** 1-based, counting the header row, as a spreadsheet shows it. */
  readonly row: number;
  readonly reason: string;
}

export type ScalImportResult =
  | {
      readonly ok: true;
      readonly sections: ScalSection[];
      /** Sheets none of whose headers is mapped (a cover or instructions tab): no requirements, kept for the export's layout. */
      readonly layoutOnlySheets: string[];
    }
  | { readonly ok: false; readonly rejected: RejectedRow[] };

const compact = (value: string) => value.toUpperCase().replace(/[\s()_\-./\\]/g, '');

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
  return LEVELS.get(compact(value)) ?? null;
}

export function parseEnvironment(value: string): ScalEnvironment | null {
  return ENVIRONMENTS.get(compact(value)) ?? null;
}

const headerKey = (header: string) => header.trim().toLowerCase();

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

function normaliseMapping(mapping: ColumnMapping): Map<string, ScalImportField> {
  const result = new Map<string, ScalImportField>();
  for (const [header, field] of Object.entries(mapping)) {
    if (field === null) continue;
    if ((SCAL_ANSWER_COLUMNS as readonly string[]).includes(field)) continue;
    if (!(SCAL_IMPORT_FIELDS as readonly string[]).includes(field)) {
      throw new DomainError('invalid', 'scal_mapping_unknown_field', `Column "${header}" is mapped to "${field}", which is neither a requirement field nor an answer column (${SCAL_ANSWER_COLUMNS.join(', ')}).`, { header, field });
    }
    result.set(headerKey(header), field as ScalImportField);
  }
  const fields = [...result.values()];
  const missing = REQUIRED_IMPORT_FIELDS.filter((f) => !fields.includes(f));
  if (missing.length) throw new DomainError('invalid', 'scal_mapping_incomplete', `Map a column to each of: ${missing.join(', ')}.`, { missing });
  return result;
}

/**
 * Where a sheet keeps each answer column (0-based), by the mapping. The first column mapped to an
 * answer column wins, as the export can write each answer only once.
 */
export function answerColumnsOf(headers: readonly string[], mapping: ColumnMapping): Partial<Record<ScalAnswerColumn, number>> {
  const byHeader = new Map(Object.entries(mapping).map(([header, field]) => [headerKey(header), field]));
  const result: Partial<Record<ScalAnswerColumn, number>> = {};
  headers.forEach((header, index) => {
    const field = byHeader.get(headerKey(header ?? ''));
    if (field && (SCAL_ANSWER_COLUMNS as readonly string[]).includes(field) && result[field as ScalAnswerColumn] === undefined) result[field as ScalAnswerColumn] = index;
  });
  return result;
}

const isBlankRow = (cells: readonly string[]) => cells.every((c) => (c ?? '').trim() === '');

export function importScalRequirements(input: { readonly sheets: readonly ImportSheet[]; readonly mapping: ColumnMapping }): ScalImportResult {
  const mapping = normaliseMapping(input.mapping);
  const rowCount = input.sheets.reduce((n, sheet) => n + Math.max(sheet.rows.length - 1, 0), 0);
  if (rowCount > SCAL_IMPORT_MAX_ROWS) {
    throw new DomainError('invalid', 'scal_import_too_large', `The file has ${rowCount} rows; a SCAL import takes at most ${SCAL_IMPORT_MAX_ROWS}.`, { rows: rowCount, limit: SCAL_IMPORT_MAX_ROWS });
  }
  const rejected: RejectedRow[] = [];
  const sections = new Map<string, { name: string; requirements: ScalRequirement[] }>();
  /** Upper-cased identifier → where it was first seen: "ABC-1" and "abc-1" are the same row typed twice. */
  const seen = new Map<string, { sheet: string; row: number }>();
  const layoutOnly: string[] = [];

  for (const sheet of input.sheets) {
    const [headers = [], ...rows] = sheet.rows;
    const columns = new Map<ScalImportField, number>();
    const clash: string[] = [];
    headers.forEach((header, index) => {
      const field = mapping.get(headerKey(header ?? ''));
      if (!field) return;
      if (columns.has(field)) clash.push(field);
      else columns.set(field, index);
    });
    // Real SCAL workbooks open with a cover or instructions tab: a sheet that maps no column at all
    // holds no requirements. One that maps some but not all required columns is a mistake, refused.
    if (columns.size === 0 && clash.length === 0) {
      layoutOnly.push(sheet.name);
      continue;
    }
    const absent = REQUIRED_IMPORT_FIELDS.filter((f) => !columns.has(f));
    if (absent.length || clash.length) {
      const reasons = [absent.length ? `no column mapped to ${absent.join(', ')}` : '', clash.length ? `more than one column mapped to ${[...new Set(clash)].join(', ')}` : ''];
      rejected.push({ sheet: sheet.name, row: 1, reason: `Header row: ${reasons.filter(Boolean).join('; ')}.` });
      continue;
    }

    rows.forEach((cells, index) => {
      const row = index + 2;
      const mapped = [...columns.values()].map((i) => cells[i] ?? '');
      if (isBlankRow(mapped)) return;
      const cell = (field: ScalImportField): string => {
        const i = columns.get(field);
        return i === undefined ? '' : (cells[i] ?? '').trim();
      };
      const optional = (field: ScalImportField): string | null => cell(field) || null;
      const reasons: string[] = [];
      for (const field of columns.keys()) {
        if (cell(field).length > SCAL_FIELD_MAX_LENGTH[field]) reasons.push(`${field} is longer than ${SCAL_FIELD_MAX_LENGTH[field]} characters`);
      }
      const identifier = cell('identifier');
      if (!identifier) reasons.push('identifier is empty');
      if (!cell('description')) reasons.push('description is empty');
      const level = parseLevel(cell('level'));
      if (!cell('level')) reasons.push('level is empty');
      else if (!level) reasons.push(`unknown level "${cell('level')}" (expected MUST, SHOULD or MAY)`);
      const environmentText = cell('environment');
      const environment = environmentText ? parseEnvironment(environmentText) : null;
      if (environmentText && !environment) reasons.push(`unknown environment "${environmentText}" (expected Internet Facing, OpenTest, INT, INT(PROVIDER) or ENVNA)`);
      if (identifier) {
        const first = seen.get(identifier.toUpperCase());
        if (first) reasons.push(`duplicate identifier "${identifier}" (first on ${first.sheet} row ${first.row})`);
        else seen.set(identifier.toUpperCase(), { sheet: sheet.name, row });
      }
      if (reasons.length) {
        rejected.push({ sheet: sheet.name, row, reason: capitalise(reasons.join('; ')) + '.' });
        return;
      }
      const sectionName = cell('section') || sheet.name.trim() || 'Requirements';
      const key = sectionKey(sectionName);
      let section = sections.get(key);
      if (!section) sections.set(key, (section = { name: sectionName, requirements: [] }));
      section.requirements.push({
        identifier,
        section: key,
        description: cell('description'),
        useCase: optional('useCase'),
        type: optional('type'),
        link: optional('link'),
        testCases: optional('testCases'),
        evidenceRequired: optional('evidenceRequired'),
        environment,
        level: level!,
      });
    });
  }

  if (rejected.length) return { ok: false, rejected };
  if (sections.size === 0) throw new DomainError('invalid', 'scal_import_empty', 'The file has no requirement rows under its header row.');
  return { ok: true, sections: [...sections].map(([key, s]) => ({ key, name: s.name, requirements: s.requirements })), layoutOnlySheets: layoutOnly };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Header spellings seen in SCAL workbooks and their likely field, compared without case or punctuation. */
const HEADER_SPELLINGS: ReadonlyArray<readonly [ScalMappingTarget, readonly string[]]> = [
  ['identifier', ['requirementid', 'reqid', 'id', 'identifier', 'requirementidentifier', 'requirementref', 'requirementreference', 'ref', 'reference', 'requirementno', 'requirementnumber']],
  ['description', ['description', 'requirementdescription', 'requirement', 'requirementtext', 'requirementdetail', 'detail', 'details']],
  ['evidenceRequired', ['evidencerequired', 'evidence', 'requiredevidence', 'evidencerequirement', 'evidencerequirements']],
  ['environment', ['environment', 'env', 'evidenceenvironment', 'testenvironment']],
  ['level', ['level', 'mustshould', 'mustshouldmay', 'requirementlevel', 'compliancelevel', 'priority']],
  ['testCases', ['testcase', 'testcases', 'testcaseid', 'testcaseids', 'testcasereference', 'testcasereferences']],
  ['useCase', ['usecase', 'usecases']],
  ['type', ['type', 'requirementtype']],
  ['link', ['link', 'links', 'linktospec', 'linktospecification', 'speclink', 'specification', 'spec', 'url']],
  ['section', ['section', 'tab', 'area']],
  ['response', ['response', 'supplierresponse', 'compliance', 'compliant', 'compliancestatus', 'suppliercompliance', 'complianceresponse']],
  ['justification', ['justification', 'supplierjustification', 'suppliercomments', 'suppliercomment', 'rationale', 'supportingstatement']],
  ['evidence', ['evidencereference', 'evidencereferences', 'evidenceref', 'evidenceprovided', 'supplierevidence', 'evidencesupplied']],
  ['status', ['status', 'reviewstatus', 'nhsestatus', 'nhsenglandstatus', 'assurancestatus']],
];

const SPELLING_INDEX: ReadonlyMap<string, ScalMappingTarget> = new Map(HEADER_SPELLINGS.flatMap(([field, spellings]) => spellings.map((s) => [compact(s), field] as const)));

/**
 * A first guess at the mapping, for the user to correct. Each field is proposed for one column only
 * (the first that matches), so the guess never fails the "more than one column" check.
 */
export function suggestMapping(headers: readonly string[]): Record<string, ScalMappingTarget | null> {
  const taken = new Set<ScalMappingTarget>();
  const result: Record<string, ScalMappingTarget | null> = {};
  for (const header of headers) {
    if (header in result) continue;
    const field = SPELLING_INDEX.get(compact(header)) ?? null;
    if (field && !taken.has(field)) {
      taken.add(field);
      result[header] = field;
    } else {
      result[header] = null;
    }
  }
  return result;
}
