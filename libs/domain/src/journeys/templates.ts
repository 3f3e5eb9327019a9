import type { MechanismKey } from '../reference/mechanisms';
import type { GateCondition } from './gates';

/**
 * Journey templates: the ordered stages of an onboarding, as NHS England publishes them, with the
 * criteria that gate each stage and the artefacts it expects. Templates are versioned data: a
 * journey keeps the version it started with, and a newer version can be applied to it later
 * (see `upgradeStages`). Durations are planning defaults (no official IM1 stage durations are
 * published); every journey stage can override its duration and SLA.
 */
export interface ChecklistItemTemplate {
  readonly key: string;
  readonly label: string;
  /** A document the stage produces or needs (MIL signed, RTC letter…), not just a task. */
  readonly artefact?: boolean;
  /** Only required on this assurance route. */
  readonly route?: string;
}

export interface StageSla {
  readonly workingDays: number;
  /** The clock runs while the stage waits on this party (from the day it started waiting). */
  readonly waitingOn: 'nhs_england' | 'provider';
  readonly label: string;
  /** False when the figure comes from an old or unofficial source (show it as such). */
  readonly confirmed: boolean;
  readonly source: string;
}

export interface AssuranceRoute {
  readonly key: string;
  readonly name: string;
}

export interface StageTemplate {
  readonly key: string;
  readonly name: string;
  readonly phase: string;
  readonly description: string;
  /** Parallel tracks (e.g. GP Connect Structured's clinical track) run beside the main one. */
  readonly track?: string;
  /** Stages this one follows; by default the previous stage of its track. */
  readonly after?: readonly string[];
  readonly durationWorkingDays: number;
  readonly sla?: StageSla;
  readonly entryCriteria?: readonly GateCondition[];
  readonly exitCriteria?: readonly GateCondition[];
  readonly checklist: readonly ChecklistItemTemplate[];
  /** Alternative routes, exactly one of which is taken (IM1 assurance: test evidence or witness test). */
  readonly routes?: readonly AssuranceRoute[];
  /** Shown as a diamond on timelines; `live` marks the journey live when done. */
  readonly milestone?: 'rtc' | 'live';
  /** False for stages the process cannot do without. */
  readonly skippable?: boolean;
}

export interface JourneyTemplate {
  readonly key: string;
  readonly version: number;
  readonly name: string;
  readonly mechanisms: readonly MechanismKey[];
  readonly stages: readonly StageTemplate[];
  readonly source: string;
  /** What the template assumes where no public source settles it. */
  readonly notes?: string;
}

const IM1_FLOW = 'https://digital.nhs.uk/services/digital-services-for-integrated-care/im1-pairing-integration';
const GPC_ASSURANCE = 'https://github.com/nhsconnect/gpc-consumer-support';
// 2021 technical-conformance document: 5 working days for Open Test access, INT access, feedback on
// evidence and SCAL review; 3 to open data-sharing access for provider testing. May have changed.
const nhsResponse = (label: string, workingDays = 5): StageSla => ({ workingDays, waitingOn: 'nhs_england', label, confirmed: false, source: `${GPC_ASSURANCE} (technical conformance v2.1, 2021)` });

const done = (stage: string): GateCondition => ({ kind: 'stage_done', stage });
const CHECKLIST: GateCondition = { kind: 'checklist_complete' };
const NO_BLOCKERS: GateCondition = { kind: 'no_open_blockers' };
const STANDARD_EXIT = [CHECKLIST, NO_BLOCKERS] as const;

const IM1_V1: JourneyTemplate = {
  key: 'im1',
  version: 1,
  name: 'IM1 pairing',
  mechanisms: ['im1_patient', 'im1_transaction', 'im1_bulk', 'im1_partner'],
  source: IM1_FLOW,
  notes: 'NHS England publishes no SLA for IM1 stages: durations are planning defaults, editable per journey stage.',
  stages: [
    {
      key: 'prerequisites',
      name: 'Prerequisites and use case',
      phase: 'Initiation',
      description: 'Identify the product and complete the IM1 clinical and information-governance prerequisites form.',
      durationWorkingDays: 15,
      exitCriteria: STANDARD_EXIT,
      skippable: false,
      checklist: [
        { key: 'prerequisites_form', label: 'Prerequisites form submitted', artefact: true },
        { key: 'prerequisites_confirmed', label: 'Prerequisites confirmed by NHS England' },
      ],
    },
    {
      key: 'stage_one_scal',
      name: 'Stage-one SCAL and compatibility',
      phase: 'Initiation',
      description: 'Submit the stage-one SCAL (product information); NHS England confirms the product is viable through the provider APIs and the provider accepts the application.',
      durationWorkingDays: 20,
      exitCriteria: STANDARD_EXIT,
      skippable: false,
      checklist: [
        { key: 'stage_one_scal', label: 'Stage-one SCAL submitted', artefact: true },
        { key: 'compatibility_confirmed', label: 'NHS England confirmed viability/compatibility' },
        { key: 'application_accepted', label: 'Provider accepted the application' },
      ],
    },
    {
      key: 'mil',
      name: 'Model Interface Licence',
      phase: 'Initiation',
      description: 'Sign the Model Interface Licence with this provider supplier; access to its mock API follows.',
      durationWorkingDays: 15,
      exitCriteria: STANDARD_EXIT,
      skippable: false,
      checklist: [
        { key: 'mil_signed', label: 'MIL signed with the provider', artefact: true },
        { key: 'mock_api_access', label: 'Mock API access granted' },
      ],
    },
    {
      key: 'unsupported_test',
      name: 'PIP unsupported testing',
      phase: 'Unsupported test',
      description: "Develop against the provider's Pairing and Integration Pack; work to fully complete the SCAL.",
      durationWorkingDays: 60,
      exitCriteria: STANDARD_EXIT,
      checklist: [
        { key: 'pip_received', label: 'PIP received', artefact: true },
        { key: 'scal_fully_completed', label: 'SCAL fully completed', artefact: true },
      ],
    },
    {
      key: 'supported_test',
      name: 'Supported testing',
      phase: 'Supported test',
      description: 'Request the Supported Test Environment by submitting the fully completed SCAL; agree the assurance approach with the provider.',
      durationWorkingDays: 40,
      exitCriteria: STANDARD_EXIT,
      checklist: [
        { key: 'ste_requested', label: 'STE requested with the fully completed SCAL', artefact: true },
        { key: 'ste_access', label: 'STE access granted' },
        { key: 'assurance_approach', label: 'Assurance approach agreed with the provider' },
      ],
    },
    {
      key: 'assurance',
      name: 'Assurance',
      phase: 'Assurance',
      description: 'SCAL reviewed and agreed by NHS England, then either test evidence agreed or a witness test (one route, not both); assurance accepted.',
      durationWorkingDays: 30,
      exitCriteria: [{ kind: 'route_chosen' }, ...STANDARD_EXIT],
      skippable: false,
      routes: [
        { key: 'test_evidence', name: 'Test evidence agreed' },
        { key: 'witness_test', name: 'Witness test' },
      ],
      checklist: [
        { key: 'scal_agreed', label: 'SCAL agreed by NHS England', artefact: true },
        { key: 'test_evidence_agreed', label: 'Test evidence agreed', artefact: true, route: 'test_evidence' },
        { key: 'witness_test_passed', label: 'Witness test undertaken, scripts with actual results', artefact: true, route: 'witness_test' },
        { key: 'assurance_accepted', label: 'Assurance accepted' },
      ],
    },
    {
      key: 'rtc',
      name: 'Recommended to Connect',
      phase: 'Assurance',
      description: 'NHS England issues the Recommended to Connect notice once assurance is accepted.',
      durationWorkingDays: 5,
      entryCriteria: [done('assurance')],
      exitCriteria: [done('assurance'), ...STANDARD_EXIT],
      skippable: false,
      milestone: 'rtc',
      checklist: [{ key: 'rtc_letter', label: 'RTC notice received', artefact: true }],
    },
    {
      key: 'ptc',
      name: 'Plan to Connect',
      phase: 'Assurance',
      description: 'The provider supplier issues the Plan to Connect after RTC.',
      durationWorkingDays: 10,
      exitCriteria: [done('rtc'), ...STANDARD_EXIT],
      skippable: false,
      checklist: [{ key: 'ptc_issued', label: 'PTC issued by the provider', artefact: true }],
    },
    {
      key: 'live',
      name: 'Live',
      phase: 'Live',
      description: "Rollout to the provider's estate; the MIL is uplifted to include the assured SCAL. Later changes go through an RFC.",
      durationWorkingDays: 10,
      exitCriteria: [done('ptc'), ...STANDARD_EXIT],
      skippable: false,
      milestone: 'live',
      checklist: [
        { key: 'rollout', label: 'Rollout to the provider estate started' },
        { key: 'mil_uplifted', label: 'MIL uplifted with the assured SCAL', artefact: true },
      ],
    },
  ],
};

/**
 * v1 plus the SCAL gates: requesting the Supported Test Environment needs the fully completed SCAL,
 * and assurance needs it agreed by NHS England. The ticked checklist items stay: they record the
 * submission, while the gates read the SCAL itself.
 */
const IM1_V2: JourneyTemplate = {
  ...IM1_V1,
  version: 2,
  stages: IM1_V1.stages.map((stage) => {
    if (stage.key === 'supported_test') return { ...stage, entryCriteria: [...(stage.entryCriteria ?? []), { kind: 'scal_fully_completed' }] };
    if (stage.key === 'assurance') return { ...stage, exitCriteria: [...(stage.exitCriteria ?? []), { kind: 'scal_agreed' }] };
    return stage;
  }),
};

/** GP Connect stages every capability shares before development. */
const GPC_START: readonly StageTemplate[] = [
  {
    key: 'use_case',
    name: 'Use case approved',
    phase: 'Initiation',
    description: 'Expression of interest; NHS England approves the use case (complex cases go to a weekly board). Development must start within 6 months of approval.',
    durationWorkingDays: 15,
    exitCriteria: STANDARD_EXIT,
    skippable: false,
    checklist: [
      { key: 'expression_of_interest', label: 'Expression of interest submitted', artefact: true },
      { key: 'use_case_approved', label: 'Use case approved by NHS England', artefact: true },
    ],
  },
  {
    key: 'prerequisites',
    name: 'Prerequisites',
    phase: 'Initiation',
    description: 'HSCN connection, PDS compliance, WCAG 2.1 AA user interfaces, UK data residency (or a risk assessment) and a Clinical Safety Officer (DCB0129).',
    durationWorkingDays: 20,
    exitCriteria: STANDARD_EXIT,
    checklist: [
      { key: 'hscn', label: 'HSCN connection' },
      { key: 'pds', label: 'PDS compliance' },
      { key: 'wcag', label: 'WCAG 2.1 AA user interfaces' },
      { key: 'data_residency', label: 'UK data residency or risk assessment' },
      { key: 'cso', label: 'Clinical Safety Officer appointed (DCB0129)' },
    ],
  },
];

const gpcDevelopment = (after?: readonly string[]): StageTemplate => ({
  key: 'development',
  name: 'Development',
  phase: 'Development',
  description: 'Build against the GP Connect specification; collect SCAL evidence throughout.',
  ...(after ? { after } : {}),
  durationWorkingDays: 60,
  exitCriteria: STANDARD_EXIT,
  checklist: [{ key: 'scal_started', label: 'SCAL evidence collection started', artefact: true }],
});

const gpcFinish = (order: 'agreement_first' | 'conformance_first', afterKeys?: readonly string[]): StageTemplate[] => {
  const agreement: StageTemplate = {
    key: 'connection_agreement',
    name: 'Connection Agreement signed',
    phase: 'Assurance',
    description: 'Submit the SCAL and sign the Connection Agreement (the SCAL becomes part of it).',
    durationWorkingDays: 10,
    sla: nhsResponse('SCAL review'),
    exitCriteria: STANDARD_EXIT,
    skippable: false,
    checklist: [{ key: 'connection_agreement', label: 'Connection Agreement signed', artefact: true }],
  };
  const conformance: StageTemplate = {
    key: 'technical_conformance',
    name: 'Technical Conformance',
    phase: 'Assurance',
    description: 'NHS England confirms technical conformance.',
    durationWorkingDays: 10,
    sla: nhsResponse('Feedback on submitted evidence'),
    exitCriteria: STANDARD_EXIT,
    skippable: false,
    milestone: 'rtc',
    checklist: [{ key: 'tcc', label: 'Technical Conformance Certificate', artefact: true }],
  };
  const [first, second] = order === 'agreement_first' ? [agreement, conformance] : [conformance, agreement];
  return [
    { ...first, ...(afterKeys ? { after: afterKeys } : {}) },
    { ...second, exitCriteria: [done(first.key), ...STANDARD_EXIT] },
    {
      key: 'live',
      name: 'Enabled in live',
      phase: 'Live',
      description: 'Enabled in live and implemented locally.',
      durationWorkingDays: 10,
      exitCriteria: [done('connection_agreement'), done('technical_conformance'), ...STANDARD_EXIT],
      skippable: false,
      milestone: 'live',
      checklist: [
        { key: 'enabled_live', label: 'Enabled in live' },
        { key: 'implemented_locally', label: 'Implemented locally' },
      ],
    },
  ];
};

const GPC_THREE_GATES_V1: JourneyTemplate = {
  key: 'gpc_three_gates',
  version: 1,
  name: 'GP Connect assurance (3 gates)',
  mechanisms: ['gpc_access_record_html', 'gpc_appointment_management', 'gpc_access_document'],
  source: GPC_ASSURANCE,
  notes:
    'Access Record HTML and Appointment Management follow NHS England\'s 3-gate diagram. No diagram is published for Access Document; it uses this one until one is. The diagrams disagree on whether the Connection Agreement precedes Technical Conformance: this template signs the agreement first.',
  stages: [
    ...GPC_START,
    gpcDevelopment(),
    {
      key: 'gate_1',
      name: 'Gate 1: internet-facing demonstrator',
      phase: 'Assurance gates',
      description: 'Demonstrate against the internet-facing demonstrator; about 70% of SCAL evidence can be met here.',
      durationWorkingDays: 15,
      sla: nhsResponse('Feedback on submitted evidence'),
      exitCriteria: STANDARD_EXIT,
      checklist: [{ key: 'gate_1_evidence', label: 'Gate 1 evidence accepted', artefact: true }],
    },
    {
      key: 'gate_2',
      name: 'Gate 2: INT environment',
      phase: 'Assurance gates',
      description: 'Test in the INT environment.',
      durationWorkingDays: 20,
      sla: nhsResponse('INT access'),
      exitCriteria: STANDARD_EXIT,
      checklist: [
        { key: 'int_access', label: 'INT access granted' },
        { key: 'gate_2_evidence', label: 'Gate 2 evidence accepted', artefact: true },
      ],
    },
    {
      key: 'gate_3',
      name: 'Gate 3: provider testing via INT',
      phase: 'Assurance gates',
      description: 'Test against the provider systems through INT.',
      durationWorkingDays: 20,
      sla: nhsResponse('Data-sharing access for provider testing', 3),
      exitCriteria: STANDARD_EXIT,
      checklist: [{ key: 'gate_3_evidence', label: 'Gate 3 evidence accepted', artefact: true }],
    },
    ...gpcFinish('agreement_first'),
  ],
};

const CLINICAL = 'clinical';

const GPC_STRUCTURED_V1: JourneyTemplate = {
  key: 'gpc_structured',
  version: 1,
  name: 'GP Connect Access Record: Structured (4 gates and clinical track)',
  mechanisms: ['gpc_access_record_structured'],
  source: GPC_ASSURANCE,
  notes: 'The clinical track runs beside the gates; Technical Conformance waits for both. This template certifies conformance before the Connection Agreement, as the Structured diagram shows.',
  stages: [
    ...GPC_START,
    gpcDevelopment(),
    { key: 'gate_1', name: 'Gate 1: demonstrator', phase: 'Assurance gates', description: 'Demonstrate against the internet-facing demonstrator.', durationWorkingDays: 15, sla: nhsResponse('Feedback on submitted evidence'), exitCriteria: STANDARD_EXIT, checklist: [{ key: 'gate_1_evidence', label: 'Gate 1 evidence accepted', artefact: true }] },
    { key: 'gate_2', name: 'Gate 2: Open Test', phase: 'Assurance gates', description: 'Test in the Open Test environment.', durationWorkingDays: 15, sla: nhsResponse('Open Test access'), exitCriteria: STANDARD_EXIT, checklist: [{ key: 'open_test_access', label: 'Open Test access granted' }, { key: 'gate_2_evidence', label: 'Gate 2 evidence accepted', artefact: true }] },
    { key: 'gate_3', name: 'Gate 3: INT', phase: 'Assurance gates', description: 'Test in the INT environment.', durationWorkingDays: 20, sla: nhsResponse('INT access'), exitCriteria: STANDARD_EXIT, checklist: [{ key: 'int_access', label: 'INT access granted' }, { key: 'gate_3_evidence', label: 'Gate 3 evidence accepted', artefact: true }] },
    { key: 'gate_4', name: 'Gate 4: provider testing via INT', phase: 'Assurance gates', description: 'Test against the provider systems through INT.', durationWorkingDays: 20, sla: nhsResponse('Data-sharing access for provider testing', 3), exitCriteria: STANDARD_EXIT, checklist: [{ key: 'gate_4_evidence', label: 'Gate 4 evidence accepted', artefact: true }] },
    {
      key: 'clinical_initial_meeting',
      name: 'Clinical: initial CSO meeting',
      phase: 'Clinical track',
      track: CLINICAL,
      after: ['use_case'],
      description: 'Initial meeting between the CSO and the GP Connect clinical team. The hazard log and safety case stay current throughout.',
      durationWorkingDays: 10,
      exitCriteria: STANDARD_EXIT,
      checklist: [{ key: 'cso_meeting', label: 'Initial CSO meeting held' }],
    },
    {
      key: 'clinical_readiness_review',
      name: 'Clinical: safety readiness review',
      phase: 'Clinical track',
      track: CLINICAL,
      description: 'Clinical safety readiness review with the GP Connect clinical team.',
      durationWorkingDays: 20,
      exitCriteria: STANDARD_EXIT,
      checklist: [
        { key: 'hazard_log_current', label: 'Hazard log current', artefact: true },
        { key: 'readiness_review', label: 'Readiness review passed' },
      ],
    },
    {
      key: 'clinical_deployment_evaluation',
      name: 'Clinical: evaluation of readiness for deployment',
      phase: 'Clinical track',
      track: CLINICAL,
      description: 'Clinical evaluation of readiness for deployment.',
      durationWorkingDays: 15,
      exitCriteria: STANDARD_EXIT,
      checklist: [
        { key: 'safety_case_report', label: 'Clinical safety case report current', artefact: true },
        { key: 'deployment_evaluation', label: 'Deployment readiness accepted' },
      ],
    },
    ...gpcFinish('conformance_first', ['gate_4', 'clinical_deployment_evaluation']).map((stage) =>
      stage.key === 'technical_conformance' ? { ...stage, exitCriteria: [done('gate_4'), done('clinical_deployment_evaluation'), ...STANDARD_EXIT] } : stage,
    ),
  ],
};

const GPC_SEND_DOCUMENT_V1: JourneyTemplate = {
  key: 'gpc_send_document',
  version: 1,
  name: 'GP Connect Send Document (MESH and ITK3 first)',
  mechanisms: ['gpc_send_document', 'gpc_update_record'],
  source: GPC_ASSURANCE,
  notes: 'Update Record also needs MESH and ITK3 conformance, so it uses this template. HSCN is not needed for internet-based online-consultation Send Document.',
  stages: [
    ...GPC_START,
    {
      key: 'mesh',
      name: 'MESH API compliance',
      phase: 'Prerequisites',
      description: 'MESH API compliance (or use of the MESH client).',
      durationWorkingDays: 15,
      exitCriteria: STANDARD_EXIT,
      skippable: false,
      checklist: [{ key: 'mesh_compliance', label: 'MESH compliance confirmed', artefact: true }],
    },
    {
      key: 'itk3',
      name: 'ITK3 conformance',
      phase: 'Prerequisites',
      description: 'ITK3 messaging conformance.',
      durationWorkingDays: 15,
      exitCriteria: [done('mesh'), ...STANDARD_EXIT],
      skippable: false,
      checklist: [{ key: 'itk3_conformance', label: 'ITK3 conformance confirmed', artefact: true }],
    },
    gpcDevelopment(),
    { key: 'gate_2', name: 'Gate 2: INT environment', phase: 'Assurance gates', description: 'Test in the INT environment.', durationWorkingDays: 20, sla: nhsResponse('INT access'), exitCriteria: STANDARD_EXIT, checklist: [{ key: 'int_access', label: 'INT access granted' }, { key: 'gate_2_evidence', label: 'Gate 2 evidence accepted', artefact: true }] },
    { key: 'gate_3', name: 'Gate 3: provider testing', phase: 'Assurance gates', description: 'Test against the provider systems.', durationWorkingDays: 20, sla: nhsResponse('Data-sharing access for provider testing', 3), exitCriteria: STANDARD_EXIT, checklist: [{ key: 'gate_3_evidence', label: 'Gate 3 evidence accepted', artefact: true }] },
    ...gpcFinish('conformance_first'),
  ],
};

/**
 * v2 plus the hazard log: completing assurance needs the product's hazard log approved by its
 * clinical safety officer, not stale, with no residual risk rated 4 or 5 (DCB0129).
 */
const HAZARD_LOG_APPROVED: GateCondition = { kind: 'hazard_log_approved' };

const IM1_V3: JourneyTemplate = {
  ...IM1_V2,
  version: 3,
  stages: IM1_V2.stages.map((stage) => (stage.key === 'assurance' ? { ...stage, exitCriteria: [...(stage.exitCriteria ?? []), HAZARD_LOG_APPROVED] } : stage)),
};

/** v1 plus the hazard log gate on Technical Conformance, the certificate the clinical track feeds. */
const GPC_STRUCTURED_V2: JourneyTemplate = {
  ...GPC_STRUCTURED_V1,
  version: 2,
  stages: GPC_STRUCTURED_V1.stages.map((stage) => (stage.key === 'technical_conformance' ? { ...stage, exitCriteria: [...(stage.exitCriteria ?? []), HAZARD_LOG_APPROVED] } : stage)),
};

/** Every template version ever shipped, oldest first: journeys refer to them by key and version. */
export const JOURNEY_TEMPLATES: readonly JourneyTemplate[] = [IM1_V1, GPC_THREE_GATES_V1, GPC_STRUCTURED_V1, GPC_SEND_DOCUMENT_V1, IM1_V2, IM1_V3, GPC_STRUCTURED_V2];

export function findTemplate(key: string, version: number): JourneyTemplate | undefined {
  return JOURNEY_TEMPLATES.find((t) => t.key === key && t.version === version);
}

/** The newest version of the template a mechanism's journeys start from. */
export function latestTemplateFor(mechanism: MechanismKey): JourneyTemplate {
  const candidates = JOURNEY_TEMPLATES.filter((t) => t.mechanisms.includes(mechanism));
  if (candidates.length === 0) throw new RangeError(`no journey template for ${mechanism}`);
  return candidates.reduce((a, b) => (b.version > a.version ? b : a));
}

export function latestVersionOf(key: string): JourneyTemplate | undefined {
  return JOURNEY_TEMPLATES.filter((t) => t.key === key).reduce<JourneyTemplate | undefined>((a, b) => (!a || b.version > a.version ? b : a), undefined);
}

const predecessors = new WeakMap<object, ReadonlyMap<string, readonly string[]>>();

/** The stages a stage follows: its explicit `after`, else the previous stage of its track. */
export function predecessorsOf(template: Pick<JourneyTemplate, 'stages'>, key: string): readonly string[] {
  // Templates are immutable: worked out once per template, as forecasts ask for every stage of every journey.
  let byKey = predecessors.get(template.stages);
  if (!byKey) {
    const map = new Map<string, readonly string[]>();
    template.stages.forEach((stage, index) => {
      let before: readonly string[] = [];
      if (stage.after) before = [...stage.after];
      else for (let i = index - 1; i >= 0; i--) if ((template.stages[i].track ?? null) === (stage.track ?? null)) {
        before = [template.stages[i].key];
        break;
      }
      map.set(stage.key, Object.freeze(before));
    });
    predecessors.set(template.stages, (byKey = map));
  }
  return byKey.get(key) ?? [];
}
