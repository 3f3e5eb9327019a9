import type { ScalSnapshotRowDto } from '@pairline/contracts';
import type { ScalRequirement, ScalRequirementState, ScalSection, ScalTemplate } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import type { ScalTemplateEntity } from '../scal-templates/scal-template.entity';
import type { ScalEvidenceReferences } from './scal-evidence-references';

interface FullRow {
  identifier: string;
  section: string;
  section_name: string;
  description: string;
  use_case: string | null;
  type: string | null;
  link: string | null;
  test_cases: string | null;
  evidence_required: string | null;
  environment: ScalSnapshotRowDto['environment'];
  level: ScalSnapshotRowDto['level'];
  position: number;
  source: ScalSnapshotRowDto['source'];
  heading: string | null;
  response: ScalSnapshotRowDto['response'];
  justification: string | null;
  owner_user_id: string | null;
  due_on: string | null;
  status: ScalSnapshotRowDto['status'];
  rejection_reason: string | null;
  review_verdict: ScalSnapshotRowDto['reviewVerdict'];
  review_comment: string | null;
  comment_count: number;
  open_threads: number;
}

/**
 * Every requirement of a SCAL with its whole text, source cells, answer, review counts and evidence
 * references, in template order: what a snapshot freezes and an export writes. Three statements
 * whatever the size (rows, comment counts, evidence), in the caller's transaction.
 */
export async function currentScalRows(manager: EntityManager, evidence: ScalEvidenceReferences, scal: { id: string; organisationId: string; templateId: string }): Promise<ScalSnapshotRowDto[]> {
  const rows: FullRow[] = await manager.query(
    `SELECT r."identifier", r."section", r."section_name", r."description", r."use_case", r."type", r."link", r."test_cases", r."evidence_required", r."environment", r."level", r."position", r."source", r."heading",
       a."response", a."justification", a."owner_user_id", a."due_on"::text AS "due_on", coalesce(a."status", 'not_started') AS "status", a."rejection_reason", a."review_verdict", a."review_comment",
       coalesce(c."comments", 0)::int AS "comment_count", coalesce(c."open_threads", 0)::int AS "open_threads"
     FROM "scal_requirement" r
     LEFT JOIN "scal_answer" a ON a."scal_id" = $2 AND a."identifier" = r."identifier"
     LEFT JOIN (SELECT "identifier", count(*) AS "comments", count(*) FILTER (WHERE "parent_id" IS NULL AND "resolved_at" IS NULL) AS "open_threads" FROM "scal_comment" WHERE "scal_id" = $2 GROUP BY "identifier") c ON c."identifier" = r."identifier"
     WHERE r."organisation_id" = $1 AND r."template_id" = $3
     ORDER BY r."position"`,
    [scal.organisationId, scal.id, scal.templateId],
  );
  const references = await evidence.load(manager, scal);
  return rows.map((r) => ({
    position: Number(r.position),
    identifier: r.identifier,
    section: r.section,
    sectionName: r.section_name,
    heading: r.heading,
    description: r.description,
    useCase: r.use_case,
    type: r.type,
    link: r.link,
    testCases: r.test_cases,
    evidenceRequired: r.evidence_required,
    environment: r.environment,
    level: r.level,
    source: r.source ? { sheet: r.source.sheet, row: r.source.row, cells: [...r.source.cells] } : null,
    response: r.response,
    justification: r.justification,
    ownerUserId: r.owner_user_id,
    dueOn: r.due_on,
    status: r.status,
    rejectionReason: r.rejection_reason,
    reviewVerdict: r.review_verdict,
    reviewComment: r.review_comment,
    commentCount: Number(r.comment_count),
    openThreads: Number(r.open_threads),
    evidence: [...(references.get(r.identifier) ?? [])],
  }));
}

/** The rows as the domain's rules read them. */
export function asDomain(template: ScalTemplateEntity, rows: readonly ScalSnapshotRowDto[]): { template: ScalTemplate; states: ScalRequirementState[] } {
  const sections = new Map<string, { key: string; name: string; requirements: ScalRequirement[] }>();
  for (const r of rows) {
    let section = sections.get(r.section);
    if (!section) sections.set(r.section, (section = { key: r.section, name: r.sectionName, requirements: [] }));
    section.requirements.push({ identifier: r.identifier, section: r.section, description: r.description, useCase: r.useCase, type: r.type, link: r.link, testCases: r.testCases, evidenceRequired: r.evidenceRequired, environment: r.environment, level: r.level });
  }
  return {
    template: { key: template.key, version: template.version, name: template.name, baseline: template.baseline, note: template.sourceNote, sections: [...sections.values()] as ScalSection[] },
    states: rows.map((r) => ({ identifier: r.identifier, response: r.response, justification: r.justification, owner: r.ownerUserId, dueDate: r.dueOn, status: r.status, rejectionReason: r.rejectionReason })),
  };
}
