import { BASELINE_SCAL_TEMPLATE, BUILT_IN_SCAL_TEMPLATES, findScalTemplate } from './baseline-template';
import { isAgreed, isFullyCompleted, scalProgress } from './progress';
import { initialRequirementState, scalTemplateProblems, templateRequirements } from './requirements';

const requirements = templateRequirements(BASELINE_SCAL_TEMPLATE);
const byId = (id: string) => requirements.find((r) => r.identifier === id)!;
const text = (id: string) => `${byId(id).description} ${byId(id).evidenceRequired}`;

describe('the baseline SCAL template', () => {
  it("is flagged as a starting point, not NHS England's document", () => {
    expect(BASELINE_SCAL_TEMPLATE.baseline).toBe(true);
    expect(BASELINE_SCAL_TEMPLATE.note).toMatch(/starting point/i);
    expect(BASELINE_SCAL_TEMPLATE.note).toMatch(/not NHS England's/);
  });

  it('is a valid template of 15 to 25 requirements with BASE-<area>-<nn> identifiers', () => {
    expect(scalTemplateProblems(BASELINE_SCAL_TEMPLATE)).toEqual([]);
    expect(requirements.length).toBeGreaterThanOrEqual(15);
    expect(requirements.length).toBeLessThanOrEqual(25);
    for (const r of requirements) expect(r.identifier).toMatch(/^BASE-(ORG|IG|CS|SEC|SD)-\d{2}$/);
  });

  it('covers the baseline areas of a SCAL', () => {
    expect(BASELINE_SCAL_TEMPLATE.sections.map((s) => s.name)).toEqual([
      'Organisation and product information',
      'Information governance',
      'Clinical safety',
      'Information security and testing',
      'Service desk',
    ]);
  });

  it('asks for the facts domain reference section 5 lists', () => {
    expect(text('BASE-ORG-02')).toMatch(/ODS code/);
    expect(text('BASE-ORG-04')).toMatch(/use case/i);
    expect(text('BASE-IG-01')).toMatch(/Standards Met/);
    expect(text('BASE-IG-01')).toMatch(/30 June/);
    expect(text('BASE-CS-02')).toMatch(/DCB0129/);
    expect(text('BASE-CS-05')).toMatch(/DCB0160/);
    expect(text('BASE-CS-06')).toMatch(/medical device/i);
    expect(text('BASE-SEC-01')).toMatch(/penetration test/i);
    expect(text('BASE-SD-01')).toMatch(/service desk/i);
  });

  it('gives every requirement evidence to collect and marks most of them MUST', () => {
    for (const r of requirements) expect(r.evidenceRequired?.trim()).toBeTruthy();
    expect(requirements.filter((r) => r.level === 'MUST').length).toBeGreaterThan(requirements.length / 2);
  });

  it('starts a journey not started, not completed and not agreed', () => {
    const states = requirements.map((r) => initialRequirementState(r.identifier));
    expect(scalProgress(BASELINE_SCAL_TEMPLATE, states).overall).toMatchObject({ total: requirements.length, byStatus: { not_started: requirements.length } });
    expect(isFullyCompleted(BASELINE_SCAL_TEMPLATE, states)).toBe(false);
    expect(isAgreed(BASELINE_SCAL_TEMPLATE, states)).toBe(false);
  });

  it('is found by key and version among the built-in templates', () => {
    expect(BUILT_IN_SCAL_TEMPLATES).toContain(BASELINE_SCAL_TEMPLATE);
    expect(findScalTemplate('baseline', 1)).toBe(BASELINE_SCAL_TEMPLATE);
    expect(findScalTemplate('baseline', 2)).toBeUndefined();
  });
});
