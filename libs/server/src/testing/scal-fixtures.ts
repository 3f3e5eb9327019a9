import { BASELINE_SCAL_TEMPLATE, templateRequirements } from '@pairline/domain';
import type { SignedIn } from './identity-fixtures';
import type { TestApp } from './test-app';

/**
 * Attaches a SCAL from a fresh copy of the baseline to journeys and works it as a compliance lead
 * would: every requirement answered compliant (fully completed) and, with `agreed`, taken through
 * review and submission to NHS England's acceptance. Returns the SCAL's id.
 */
export async function attachScal(app: TestApp, as: SignedIn, journeyIds: string[], stage: 'attached' | 'completed' | 'agreed'): Promise<string> {
  const template = await app.inject({ method: 'POST', url: '/api/scal-templates/baseline', headers: as.headers, payload: {} });
  if (template.statusCode !== 201) throw new Error(`baseline copy failed: ${template.body}`);
  const scal = await app.inject({ method: 'POST', url: '/api/scals', headers: as.headers, payload: { templateId: template.json().id, journeyIds } });
  if (scal.statusCode !== 201) throw new Error(`SCAL not created: ${scal.body}`);
  const id: string = scal.json().id;
  if (stage === 'attached') return id;
  for (const requirement of templateRequirements(BASELINE_SCAL_TEMPLATE)) {
    const answered = await app.inject({ method: 'PUT', url: `/api/scals/${id}/requirements/${encodeURIComponent(requirement.identifier)}`, headers: as.headers, payload: { response: 'compliant', version: 0 } });
    if (answered.statusCode !== 200) throw new Error(`answer refused: ${answered.body}`);
  }
  if (stage === 'agreed') {
    for (const status of ['ready_for_review', 'submitted', 'accepted']) {
      const moved = await app.inject({ method: 'POST', url: `/api/scals/${id}/requirements/bulk`, headers: as.headers, payload: { filter: {}, set: { status } } });
      if (moved.statusCode !== 200) throw new Error(`bulk ${status} refused: ${moved.body}`);
    }
  }
  return id;
}
