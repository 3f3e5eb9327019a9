import { MECHANISMS, type MechanismKey } from '../reference/mechanisms';
import { HAZARD_LOG_GATE_KINDS } from '../clinical-safety/gates';
import { SCAL_GATE_KINDS } from '../scal/gates';
import { builtInGates } from './gates';
import { findTemplate, JOURNEY_TEMPLATES, latestTemplateFor, latestVersionOf, predecessorsOf, type JourneyTemplate, type StageTemplate } from './templates';

const keysOf = (template: JourneyTemplate) => template.stages.map((s) => s.key);
const stageOf = (template: JourneyTemplate, key: string): StageTemplate => {
  const stage = template.stages.find((s) => s.key === key);
  if (!stage) throw new Error(`${template.key} has no stage ${key}`);
  return stage;
};
const criteriaOf = (stage: StageTemplate) => [...(stage.entryCriteria ?? []), ...(stage.exitCriteria ?? [])];
const doneKeys = (conditions: StageTemplate['exitCriteria']) => (conditions ?? []).filter((c) => c.kind === 'stage_done').map((c) => c.stage);

const IM1 = findTemplate('im1', 1)!;
const THREE_GATES = findTemplate('gpc_three_gates', 1)!;
const STRUCTURED = findTemplate('gpc_structured', 1)!;
const SEND_DOCUMENT = findTemplate('gpc_send_document', 1)!;
const GPC_START = ['use_case', 'prerequisites'];

describe.each(JOURNEY_TEMPLATES.map((t) => [`${t.key} v${t.version}`, t] as const))('template %s', (_name, template) => {
  it('has unique stage keys', () => {
    expect(new Set(keysOf(template)).size).toBe(template.stages.length);
  });

  it('only refers (stage_done, stage_finished, after) to earlier stages of the same template', () => {
    template.stages.forEach((stage, index) => {
      const earlier = keysOf(template).slice(0, index);
      const references = [...(stage.after ?? []), ...criteriaOf(stage).filter((c) => c.kind === 'stage_done' || c.kind === 'stage_finished').map((c) => c.stage)];
      for (const reference of references) expect({ stage: stage.key, reference, earlier: earlier.includes(reference as string) }).toEqual({ stage: stage.key, reference, earlier: true });
    });
  });

  it('has exactly one live milestone, and it is the last stage', () => {
    const live = template.stages.filter((s) => s.milestone === 'live');
    expect(live).toHaveLength(1);
    expect(template.stages[template.stages.length - 1]).toBe(live[0]);
    expect(live[0].skippable).toBe(false);
    expect(live[0].track).toBeUndefined();
  });

  it('uses only gate conditions the engine, the SCAL or the clinical safety feature knows', () => {
    const known = [...builtInGates().kinds(), ...SCAL_GATE_KINDS, ...HAZARD_LOG_GATE_KINDS];
    for (const stage of template.stages) for (const condition of criteriaOf(stage)) expect(known).toContain(condition.kind);
  });

  it('has whole, positive durations and SLAs', () => {
    for (const stage of template.stages) {
      expect(Number.isInteger(stage.durationWorkingDays) && stage.durationWorkingDays > 0).toBe(true);
      if (stage.sla) expect(Number.isInteger(stage.sla.workingDays) && stage.sla.workingDays > 0).toBe(true);
    }
  });

  it('has unique checklist keys per stage, and route-specific items only for routes the stage offers', () => {
    for (const stage of template.stages) {
      expect(stage.checklist.length).toBeGreaterThan(0);
      expect(new Set(stage.checklist.map((i) => i.key)).size).toBe(stage.checklist.length);
      const routes = (stage.routes ?? []).map((r) => r.key);
      for (const item of stage.checklist) if (item.route) expect(routes).toContain(item.route);
      // A stage asks for a route exactly when it offers some.
      expect(criteriaOf(stage).some((c) => c.kind === 'route_chosen')).toBe(routes.length > 0);
    }
  });

  it('names its source', () => {
    expect(template.source).toMatch(/^https:\/\//);
    expect(template.mechanisms.length).toBeGreaterThan(0);
  });
});

describe('template catalogue', () => {
  it('lists each template version once', () => {
    const ids = JOURNEY_TEMPLATES.map((t) => `${t.key}@${t.version}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(MECHANISMS.map((m) => m.key))('has a template for %s', (mechanism) => {
    const template = latestTemplateFor(mechanism);
    expect(template.mechanisms).toContain(mechanism);
  });

  it('starts each mechanism from one template key only', () => {
    for (const mechanism of MECHANISMS.map((m) => m.key)) {
      expect(new Set(JOURNEY_TEMPLATES.filter((t) => t.mechanisms.includes(mechanism)).map((t) => t.key)).size).toBe(1);
    }
  });

  it('maps the mechanisms to the templates domain.md describes', () => {
    const keyFor = (m: MechanismKey) => latestTemplateFor(m).key;
    expect(['im1_patient', 'im1_transaction', 'im1_bulk', 'im1_partner'].map((m) => keyFor(m as MechanismKey))).toEqual(['im1', 'im1', 'im1', 'im1']);
    expect(keyFor('gpc_access_record_html')).toBe('gpc_three_gates');
    expect(keyFor('gpc_appointment_management')).toBe('gpc_three_gates');
    expect(keyFor('gpc_access_record_structured')).toBe('gpc_structured');
    expect(keyFor('gpc_send_document')).toBe('gpc_send_document');
    expect(keyFor('gpc_update_record')).toBe('gpc_send_document');
  });

  it('refuses a mechanism it has no template for', () => {
    expect(() => latestTemplateFor('im1_telepathy' as MechanismKey)).toThrow(RangeError);
  });

  it('finds a template by key and version, and the latest version of a key', () => {
    expect(findTemplate('im1', 1)).toBe(JOURNEY_TEMPLATES[0]);
    expect(findTemplate('im1', 3)).toBe(latestTemplateFor('im1_patient'));
    expect(findTemplate('im1', 4)).toBeUndefined();
    expect(findTemplate('nope', 1)).toBeUndefined();
    expect(latestVersionOf('gpc_structured')).toBe(findTemplate('gpc_structured', 2));
    expect(latestVersionOf('nope')).toBeUndefined();
  });
});

describe('IM1 template', () => {
  it('follows the published process flow in order (domain.md section 3)', () => {
    expect(keysOf(IM1)).toEqual(['prerequisites', 'stage_one_scal', 'mil', 'unsupported_test', 'supported_test', 'assurance', 'rtc', 'ptc', 'live']);
    expect(IM1.stages.map((s) => s.phase)).toEqual(['Initiation', 'Initiation', 'Initiation', 'Unsupported test', 'Supported test', 'Assurance', 'Assurance', 'Assurance', 'Live']);
    expect(IM1.stages.every((s) => !s.track && !s.after)).toBe(true);
  });

  it('offers exactly two assurance routes, test evidence or witness test, each with its own checklist item', () => {
    const assurance = stageOf(IM1, 'assurance');
    expect(assurance.routes?.map((r) => r.key)).toEqual(['test_evidence', 'witness_test']);
    expect(assurance.checklist.filter((i) => i.route === 'test_evidence').map((i) => i.key)).toEqual(['test_evidence_agreed']);
    expect(assurance.checklist.filter((i) => i.route === 'witness_test').map((i) => i.key)).toEqual(['witness_test_passed']);
    expect(assurance.checklist.filter((i) => !i.route).map((i) => i.key)).toEqual(['scal_agreed', 'assurance_accepted']);
    expect(criteriaOf(assurance).map((c) => c.kind)).toContain('route_chosen');
    // No other IM1 stage has alternative routes.
    expect(IM1.stages.filter((s) => s.routes).map((s) => s.key)).toEqual(['assurance']);
  });

  it('issues RTC only after assurance and goes live only after PTC', () => {
    const rtc = stageOf(IM1, 'rtc');
    expect(rtc.milestone).toBe('rtc');
    expect(doneKeys(rtc.entryCriteria)).toEqual(['assurance']);
    expect(doneKeys(rtc.exitCriteria)).toEqual(['assurance']);
    expect(doneKeys(stageOf(IM1, 'ptc').exitCriteria)).toEqual(['rtc']);
    expect(doneKeys(stageOf(IM1, 'live').exitCriteria)).toEqual(['ptc']);
  });

  it('lets only the testing stages be skipped', () => {
    expect(IM1.stages.filter((s) => s.skippable !== false).map((s) => s.key)).toEqual(['unsupported_test', 'supported_test']);
  });

  it('records the MIL, RTC and PTC as artefacts', () => {
    const artefacts = IM1.stages.flatMap((s) => s.checklist.filter((i) => i.artefact).map((i) => i.key));
    expect(artefacts).toEqual(expect.arrayContaining(['prerequisites_form', 'stage_one_scal', 'mil_signed', 'rtc_letter', 'ptc_issued', 'mil_uplifted']));
  });
});

describe('GP Connect templates (domain.md section 4)', () => {
  const gates = (t: JourneyTemplate) => keysOf(t).filter((k) => /^gate_\d$/.test(k));

  it('Access Record HTML and Appointment Management: development, 3 gates, Connection Agreement, Technical Conformance, live', () => {
    expect(latestTemplateFor('gpc_access_record_html')).toBe(THREE_GATES);
    expect(latestTemplateFor('gpc_appointment_management')).toBe(THREE_GATES);
    expect(gates(THREE_GATES)).toEqual(['gate_1', 'gate_2', 'gate_3']);
    expect(keysOf(THREE_GATES)).toEqual([...GPC_START, 'development', 'gate_1', 'gate_2', 'gate_3', 'connection_agreement', 'technical_conformance', 'live']);
    expect(THREE_GATES.stages.some((s) => s.track)).toBe(false);
  });

  it('Access Record Structured: 4 gates plus a clinical track that Technical Conformance waits for', () => {
    expect(gates(STRUCTURED)).toEqual(['gate_1', 'gate_2', 'gate_3', 'gate_4']);
    expect(stageOf(STRUCTURED, 'gate_2').name).toMatch(/Open Test/);
    const clinical = STRUCTURED.stages.filter((s) => s.track === 'clinical').map((s) => s.key);
    expect(clinical).toEqual(['clinical_initial_meeting', 'clinical_readiness_review', 'clinical_deployment_evaluation']);
    expect(STRUCTURED.stages.filter((s) => !s.track).map((s) => s.key)).toEqual([
      ...GPC_START,
      'development',
      'gate_1',
      'gate_2',
      'gate_3',
      'gate_4',
      'technical_conformance',
      'connection_agreement',
      'live',
    ]);
    // The clinical track starts once the use case is approved, beside development and the gates.
    expect(predecessorsOf(STRUCTURED, 'clinical_initial_meeting')).toEqual(['use_case']);
    expect(predecessorsOf(STRUCTURED, 'clinical_readiness_review')).toEqual(['clinical_initial_meeting']);
    expect(predecessorsOf(STRUCTURED, 'clinical_deployment_evaluation')).toEqual(['clinical_readiness_review']);
    // Technical Conformance follows, and needs done, both the last gate and the clinical track.
    expect(predecessorsOf(STRUCTURED, 'technical_conformance')).toEqual(['gate_4', 'clinical_deployment_evaluation']);
    expect(doneKeys(stageOf(STRUCTURED, 'technical_conformance').exitCriteria)).toEqual(['gate_4', 'clinical_deployment_evaluation']);
  });

  it('Send Document and Update Record: MESH, then ITK3, before development and the gates', () => {
    expect(latestTemplateFor('gpc_send_document')).toBe(SEND_DOCUMENT);
    expect(latestTemplateFor('gpc_update_record')).toBe(SEND_DOCUMENT);
    expect(keysOf(SEND_DOCUMENT)).toEqual([...GPC_START, 'mesh', 'itk3', 'development', 'gate_2', 'gate_3', 'technical_conformance', 'connection_agreement', 'live']);
    expect(doneKeys(stageOf(SEND_DOCUMENT, 'itk3').exitCriteria)).toEqual(['mesh']);
    expect(stageOf(SEND_DOCUMENT, 'mesh').skippable).toBe(false);
    expect(stageOf(SEND_DOCUMENT, 'itk3').skippable).toBe(false);
  });

  it('orders the Connection Agreement and Technical Conformance as template data', () => {
    const agreementFirst = (t: JourneyTemplate) => keysOf(t).indexOf('connection_agreement') < keysOf(t).indexOf('technical_conformance');
    expect(agreementFirst(THREE_GATES)).toBe(true);
    expect(agreementFirst(STRUCTURED)).toBe(false);
    expect(agreementFirst(SEND_DOCUMENT)).toBe(false);
    // Whichever comes second needs the first done; live needs both.
    expect(doneKeys(stageOf(THREE_GATES, 'technical_conformance').exitCriteria)).toEqual(['connection_agreement']);
    expect(doneKeys(stageOf(SEND_DOCUMENT, 'connection_agreement').exitCriteria)).toEqual(['technical_conformance']);
    expect(doneKeys(stageOf(STRUCTURED, 'connection_agreement').exitCriteria)).toEqual(['technical_conformance']);
    for (const t of [THREE_GATES, STRUCTURED, SEND_DOCUMENT]) {
      expect(doneKeys(stageOf(t, 'live').exitCriteria).sort()).toEqual(['connection_agreement', 'technical_conformance']);
      expect(stageOf(t, 'technical_conformance').milestone).toBe('rtc');
    }
  });

  it('carries the published response targets as unconfirmed SLAs on NHS England', () => {
    for (const t of [THREE_GATES, STRUCTURED, SEND_DOCUMENT]) {
      for (const stage of t.stages.filter((s) => s.sla)) {
        expect(stage.sla).toMatchObject({ waitingOn: 'nhs_england', confirmed: false });
        expect([3, 5]).toContain(stage.sla!.workingDays);
      }
      expect(stageOf(t, 'connection_agreement').sla).toMatchObject({ workingDays: 5, label: 'SCAL review' });
    }
    expect(stageOf(THREE_GATES, 'gate_3').sla?.workingDays).toBe(3);
    expect(stageOf(STRUCTURED, 'gate_2').sla).toMatchObject({ workingDays: 5, label: 'Open Test access' });
    // NHS England publishes no SLA for IM1 stages.
    expect(IM1.stages.some((s) => s.sla)).toBe(false);
  });
});

describe('predecessorsOf', () => {
  const synthetic: Pick<JourneyTemplate, 'stages'> = {
    stages: [
      { key: 'a', name: 'A', phase: 'p', description: '', durationWorkingDays: 1, checklist: [] },
      { key: 'x', name: 'X', phase: 'p', description: '', track: 'side', durationWorkingDays: 1, checklist: [] },
      { key: 'b', name: 'B', phase: 'p', description: '', durationWorkingDays: 1, checklist: [] },
      { key: 'y', name: 'Y', phase: 'p', description: '', track: 'side', durationWorkingDays: 1, checklist: [] },
      { key: 'c', name: 'C', phase: 'p', description: '', after: ['b', 'y'], durationWorkingDays: 1, checklist: [] },
    ],
  };

  it('defaults to the previous stage of the same track', () => {
    expect(predecessorsOf(synthetic, 'a')).toEqual([]);
    expect(predecessorsOf(synthetic, 'x')).toEqual([]);
    expect(predecessorsOf(synthetic, 'b')).toEqual(['a']);
    expect(predecessorsOf(synthetic, 'y')).toEqual(['x']);
  });

  it('uses an explicit after, and returns it read-only (it is shared between calls)', () => {
    const after = predecessorsOf(synthetic, 'c');
    expect(after).toEqual(['b', 'y']);
    expect(() => (after as string[]).push('mutated')).toThrow(TypeError);
    expect(synthetic.stages[4].after).toEqual(['b', 'y']);
  });

  it('knows no predecessors of an unknown stage', () => {
    expect(predecessorsOf(synthetic, 'nope')).toEqual([]);
  });

  it('chains the main track of every template past its parallel tracks', () => {
    expect(predecessorsOf(IM1, 'assurance')).toEqual(['supported_test']);
    expect(predecessorsOf(STRUCTURED, 'connection_agreement')).toEqual(['technical_conformance']);
    expect(predecessorsOf(STRUCTURED, 'gate_1')).toEqual(['development']);
    expect(predecessorsOf(SEND_DOCUMENT, 'development')).toEqual(['itk3']);
  });
});

describe('IM1 template v2', () => {
  const V2 = findTemplate('im1', 2)!;

  it('is v1 with the SCAL gates: fully completed to request the STE, agreed to finish assurance', () => {
    expect(keysOf(V2)).toEqual(keysOf(IM1));
    expect((stageOf(V2, 'supported_test').entryCriteria ?? []).map((c) => c.kind)).toEqual(['scal_fully_completed']);
    expect((stageOf(V2, 'assurance').exitCriteria ?? []).map((c) => c.kind)).toEqual([...(stageOf(IM1, 'assurance').exitCriteria ?? []).map((c) => c.kind), 'scal_agreed']);
    // v1 stays as shipped: journeys on it keep meaning what they meant.
    expect(criteriaOf(stageOf(IM1, 'supported_test')).map((c) => c.kind)).not.toContain('scal_fully_completed');
    for (const stage of V2.stages.filter((s) => !['supported_test', 'assurance'].includes(s.key))) expect(stage).toBe(stageOf(IM1, stage.key));
  });
});

describe('hazard log gates (IM1 v3, GP Connect Structured v2)', () => {
  const [V2, V3] = [findTemplate('im1', 2)!, findTemplate('im1', 3)!];
  const [S1, S2] = [findTemplate('gpc_structured', 1)!, findTemplate('gpc_structured', 2)!];

  it('adds hazard_log_approved to completing IM1 assurance, on a new version that new journeys start on', () => {
    expect(latestTemplateFor('im1_transaction')).toBe(V3);
    expect(keysOf(V3)).toEqual(keysOf(V2));
    expect((stageOf(V3, 'assurance').exitCriteria ?? []).map((c) => c.kind)).toEqual([...(stageOf(V2, 'assurance').exitCriteria ?? []).map((c) => c.kind), 'hazard_log_approved']);
    expect(criteriaOf(stageOf(V2, 'assurance')).map((c) => c.kind)).not.toContain('hazard_log_approved');
    for (const stage of V3.stages.filter((s) => s.key !== 'assurance')) expect(stage).toBe(stageOf(V2, stage.key));
  });

  it('adds it to Technical Conformance of GP Connect Structured, leaving v1 as shipped', () => {
    expect(latestTemplateFor('gpc_access_record_structured')).toBe(S2);
    expect((stageOf(S2, 'technical_conformance').exitCriteria ?? []).map((c) => c.kind)).toEqual([...(stageOf(S1, 'technical_conformance').exitCriteria ?? []).map((c) => c.kind), 'hazard_log_approved']);
    expect(S1.stages.flatMap(criteriaOf).map((c) => c.kind)).not.toContain('hazard_log_approved');
    for (const stage of S2.stages.filter((s) => s.key !== 'technical_conformance')) expect(stage).toBe(stageOf(S1, stage.key));
  });
});
