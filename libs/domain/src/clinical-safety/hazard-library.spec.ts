import { DomainError } from '../errors/domain-error';
import { adoptSuggestion, importHazardLibrary, suggestHazardLibraryMapping, HAZARD_LIBRARY_MAX_ROWS } from './hazard-library';
import { createHazard } from './hazards';

const HEADERS = ['Hazard number', 'Hazard type', 'Hazard name', 'Hazard description', 'Potential clinical impact', 'Possible causes', 'Suggested actions to mitigate hazard', 'Links to documentation', 'Links to documentation', ''];
const mapping = suggestHazardLibraryMapping(HEADERS);
const row = (number: string, name: string, description = 'Description', extra: string[] = []) => [number, 'HTML', name, description, 'Impact', 'Causes', 'Actions', 'Guide A', ...extra];

describe('suggestHazardLibraryMapping', () => {
  it("maps NHS England's GP Connect hazard log headings, both merged link columns to links", () => {
    expect(mapping).toEqual({
      'Hazard number': 'number',
      'Hazard type': 'hazardType',
      'Hazard name': 'name',
      'Hazard description': 'description',
      'Potential clinical impact': 'potentialClinicalImpact',
      'Possible causes': 'possibleCauses',
      'Suggested actions to mitigate hazard': 'suggestedActions',
      'Links to documentation': 'links',
    });
  });
});

describe('importHazardLibrary', () => {
  it('reads every row below the header, joining several columns of one field, and keeps the row numbers', () => {
    const result = importHazardLibrary({ rows: [HEADERS, row('2', 'First', 'D1', ['Guide B']), row('3', 'Second')], mapping });
    expect(result).toEqual({
      ok: true,
      ignored: [],
      items: [
        { row: 2, number: '2', hazardType: 'HTML', name: 'First', description: 'D1', potentialClinicalImpact: 'Impact', possibleCauses: 'Causes', suggestedActions: 'Actions', links: 'Guide A\nGuide B' },
        { row: 3, number: '3', hazardType: 'HTML', name: 'Second', description: 'Description', potentialClinicalImpact: 'Impact', possibleCauses: 'Causes', suggestedActions: 'Actions', links: 'Guide A' },
      ],
    });
  });

  it('ends the table at its first blank row and reports what lies below as ignored, not as hazards', () => {
    const lookup = ['', '', 'Structured - General', 'Top'];
    const result = importHazardLibrary({ rows: [HEADERS, row('2', 'First'), [], ['', ''], lookup, lookup], mapping });
    expect(result).toMatchObject({ ok: true, ignored: [5, 6] });
    expect(result.ok && result.items.map((i) => i.number)).toEqual(['2']);
  });

  it('rejects every bad row at once and returns nothing: missing number or name, repeated number, overlong cell', () => {
    const result = importHazardLibrary({ rows: [HEADERS, row('1', 'Fine'), row('', 'No number'), row('3', ''), row('1', 'Again'), row('5', 'x'.repeat(1001))], mapping });
    expect(result).toEqual({
      ok: false,
      ignored: [],
      rejected: [
        { row: 3, reason: 'number is empty.' },
        { row: 4, reason: 'name is empty.' },
        { row: 5, reason: 'hazard number 1 is already on row 2.' },
        { row: 6, reason: 'name is longer than 1000 characters.' },
      ],
    });
  });

  it('accepts a hazard without a description, as the published log has one', () => {
    expect(importHazardLibrary({ rows: [HEADERS, row('88', 'Resolved allergies', '')], mapping })).toMatchObject({ ok: true, items: [{ number: '88', description: '' }] });
  });

  it('refuses a mapping without the required fields or naming absent columns, an empty sheet and an oversized one', () => {
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof DomainError ? [error.kind, error.code, error.message] : error;
      }
      return 'no error';
    };
    expect(refusal(() => importHazardLibrary({ rows: [HEADERS, row('1', 'x')], mapping: { 'Hazard number': 'number', Nope: 'name' } }))).toEqual(['invalid', 'hazard_library_mapping_invalid', expect.stringMatching(/no column headed "Nope"/)]);
    expect(refusal(() => importHazardLibrary({ rows: [HEADERS, row('1', 'x')], mapping: { 'Hazard number': 'number' } }))).toEqual(['invalid', 'hazard_library_mapping_invalid', expect.stringMatching(/No column is mapped to name/)]);
    expect(refusal(() => importHazardLibrary({ rows: [HEADERS, []], mapping }))).toEqual(['unprocessable', 'hazard_library_empty', expect.any(String)]);
    expect(refusal(() => importHazardLibrary({ rows: [HEADERS, ...Array.from({ length: HAZARD_LIBRARY_MAX_ROWS + 1 }, () => [])], mapping }))).toEqual(['unprocessable', 'hazard_library_too_large', expect.any(String)]);
  });
});

describe('adoptSuggestion', () => {
  it('copies the text into a new hazard and never a rating', () => {
    const fields = adoptSuggestion({ number: '7', hazardType: 'Structured', name: 'Shared allergy out of date', description: 'D', potentialClinicalImpact: 'I', possibleCauses: 'C', suggestedActions: 'A', links: 'Guide' });
    expect(fields).toEqual({ name: 'Shared allergy out of date', description: 'D', potentialClinicalImpact: 'I', possibleCauses: ['C'], hazardType: 'Structured', actionSummary: 'A\n\nDocumentation: Guide' });
    expect(createHazard(['H-001'], fields)).toMatchObject({ number: 'H-002', initial: null, residual: null, planVersion: null, status: 'open' });
  });
});
