import { DomainError } from '../errors/domain-error';
import type { NewHazard } from './hazards';

/**
 * Suggested hazards imported from a published hazard log (e.g. NHS England's GP Connect consumer
 * log) into an organisation's library, for a clinical safety officer to adopt into a product's log.
 * The published logs carry no ratings: each manufacturer assesses its own, so adopting copies text only.
 */

export const HAZARD_LIBRARY_FIELDS = ['number', 'hazardType', 'name', 'description', 'potentialClinicalImpact', 'possibleCauses', 'suggestedActions', 'links'] as const;
export type HazardLibraryField = (typeof HAZARD_LIBRARY_FIELDS)[number];

/** Description is not required: NHS England's own GP Connect log has a hazard (88) without one. */
export const REQUIRED_HAZARD_LIBRARY_FIELDS: readonly HazardLibraryField[] = ['number', 'name'];

/** Longest accepted cell per field: far longer is a mis-mapped column or a hostile file. */
export const HAZARD_LIBRARY_FIELD_MAX_LENGTH: Readonly<Record<HazardLibraryField, number>> = {
  number: 50,
  hazardType: 200,
  name: 1_000,
  description: 20_000,
  potentialClinicalImpact: 20_000,
  possibleCauses: 20_000,
  suggestedActions: 20_000,
  links: 5_000,
};

/** A published log has tens of hazards; thousands of rows is a wrong or hostile file. */
export const HAZARD_LIBRARY_MAX_ROWS = 5_000;

/** Header text → field, or null to ignore the column. Several columns may map to one field (merged headers). */
export type HazardLibraryMapping = Readonly<Record<string, HazardLibraryField | null>>;

export interface HazardLibrarySuggestion {
  /** 1-based row in the sheet, as a spreadsheet shows it. */
  readonly row: number;
  readonly number: string;
  readonly hazardType: string | null;
  readonly name: string;
  readonly description: string;
  readonly potentialClinicalImpact: string;
  readonly possibleCauses: string;
  readonly suggestedActions: string;
  readonly links: string;
}

export interface HazardLibraryRejection {
  readonly row: number;
  readonly reason: string;
}

/** `ignored`: rows below the table (after its first blank row) that hold something, e.g. a lookup list. */
export type HazardLibraryImport =
  | { readonly ok: true; readonly items: HazardLibrarySuggestion[]; readonly ignored: number[] }
  | { readonly ok: false; readonly rejected: HazardLibraryRejection[]; readonly ignored: number[] };

const compact = (value: string) => value.toLowerCase().replace(/[^a-z]/g, '');

const HEADER_SYNONYMS: ReadonlyMap<string, HazardLibraryField> = new Map([
  ['hazardnumber', 'number'],
  ['hazardno', 'number'],
  ['hazardid', 'number'],
  ['number', 'number'],
  ['hazardtype', 'hazardType'],
  ['type', 'hazardType'],
  ['category', 'hazardType'],
  ['hazardcategory', 'hazardType'],
  ['hazardname', 'name'],
  ['name', 'name'],
  ['hazarddescription', 'description'],
  ['description', 'description'],
  ['potentialclinicalimpact', 'potentialClinicalImpact'],
  ['clinicalimpact', 'potentialClinicalImpact'],
  ['possiblecauses', 'possibleCauses'],
  ['causes', 'possibleCauses'],
  ['suggestedactionstomitigatehazard', 'suggestedActions'],
  ['suggestedactions', 'suggestedActions'],
  ['actionsummary', 'suggestedActions'],
  ['linkstodocumentation', 'links'],
  ['links', 'links'],
]);

export function suggestHazardLibraryMapping(headers: readonly string[]): Record<string, HazardLibraryField | null> {
  const mapping: Record<string, HazardLibraryField | null> = {};
  for (const header of headers) {
    const key = header.trim();
    if (key === '' || key in mapping) continue;
    mapping[key] = HEADER_SYNONYMS.get(compact(key)) ?? null;
  }
  return mapping;
}

function mappingProblems(mapping: HazardLibraryMapping, headers: readonly string[]): string[] {
  const problems: string[] = [];
  const known = new Set(headers.map((h) => h.trim()).filter((h) => h !== ''));
  for (const [header, field] of Object.entries(mapping)) {
    if (!known.has(header.trim())) problems.push(`The sheet has no column headed "${header}".`);
    if (field !== null && !HAZARD_LIBRARY_FIELDS.includes(field)) problems.push(`"${header}" maps to unknown field "${String(field)}".`);
  }
  const mapped = new Set(Object.values(mapping));
  for (const field of REQUIRED_HAZARD_LIBRARY_FIELDS) if (!mapped.has(field)) problems.push(`No column is mapped to ${field}.`);
  return problems;
}

/**
 * Rows (the first one holding the headers) into suggestions, all or nothing: one bad row and no
 * suggestion is returned, with every bad row reported. The table ends at its first blank row:
 * published logs keep lookup lists further down (NHS England's has its hazard types at row 506),
 * so what lies below is not read as hazards but reported as ignored, for the preview to show.
 */
export function importHazardLibrary(input: { readonly rows: readonly (readonly string[])[]; readonly mapping: HazardLibraryMapping }): HazardLibraryImport {
  const [header = [], ...body] = input.rows;
  if (body.length > HAZARD_LIBRARY_MAX_ROWS) {
    throw new DomainError('unprocessable', 'hazard_library_too_large', `The sheet has more than ${HAZARD_LIBRARY_MAX_ROWS} rows; a hazard log has far fewer.`, { rows: body.length, limit: HAZARD_LIBRARY_MAX_ROWS });
  }
  const problems = mappingProblems(input.mapping, header);
  if (problems.length) throw new DomainError('invalid', 'hazard_library_mapping_invalid', `mapping: ${problems.join(' ')}`, { field: 'mapping', problems });
  const columns = new Map<HazardLibraryField, number[]>();
  header.forEach((text, index) => {
    const field = input.mapping[text.trim()];
    if (field) columns.set(field, [...(columns.get(field) ?? []), index]);
  });
  const items: HazardLibrarySuggestion[] = [];
  const rejected: HazardLibraryRejection[] = [];
  const seen = new Map<string, number>();
  const ignored: number[] = [];
  let ended = false;
  body.forEach((cells, i) => {
    const row = i + 2;
    const value = (field: HazardLibraryField) =>
      (columns.get(field) ?? [])
        .map((c) => (cells[c] ?? '').trim())
        .filter((v) => v !== '')
        .join('\n');
    const values = Object.fromEntries(HAZARD_LIBRARY_FIELDS.map((f) => [f, value(f)])) as Record<HazardLibraryField, string>;
    if (HAZARD_LIBRARY_FIELDS.every((f) => values[f] === '')) {
      ended ||= items.length + rejected.length > 0;
      return;
    }
    if (ended) {
      ignored.push(row);
      return;
    }
    const reasons: string[] = [];
    for (const field of REQUIRED_HAZARD_LIBRARY_FIELDS) if (values[field] === '') reasons.push(`${field} is empty`);
    for (const field of HAZARD_LIBRARY_FIELDS) {
      if (values[field].length > HAZARD_LIBRARY_FIELD_MAX_LENGTH[field]) reasons.push(`${field} is longer than ${HAZARD_LIBRARY_FIELD_MAX_LENGTH[field]} characters`);
    }
    const earlier = values.number ? seen.get(values.number) : undefined;
    if (earlier !== undefined) reasons.push(`hazard number ${values.number} is already on row ${earlier}`);
    if (values.number) seen.set(values.number, seen.get(values.number) ?? row);
    if (reasons.length) {
      rejected.push({ row, reason: `${reasons.join('; ')}.` });
      return;
    }
    items.push({ row, ...values, hazardType: values.hazardType || null });
  });
  if (rejected.length) return { ok: false, rejected, ignored };
  if (items.length === 0) throw new DomainError('unprocessable', 'hazard_library_empty', 'The sheet has no hazards below its header row.');
  return { ok: true, items, ignored };
}

/**
 * What adopting a suggestion puts into a product's log: its text, never a rating (the published
 * log has none and each manufacturer assesses its own). The suggested actions become the action
 * summary, with the documentation links kept beside them.
 */
export function adoptSuggestion(suggestion: Omit<HazardLibrarySuggestion, 'row'>): NewHazard {
  const actions = [suggestion.suggestedActions, suggestion.links ? `Documentation: ${suggestion.links}` : ''].filter((v) => v !== '').join('\n\n');
  return {
    name: suggestion.name,
    description: suggestion.description,
    potentialClinicalImpact: suggestion.potentialClinicalImpact,
    possibleCauses: suggestion.possibleCauses ? [suggestion.possibleCauses] : [],
    hazardType: suggestion.hazardType,
    actionSummary: actions,
  };
}
