import { TEST_PASSWORD, type SignedIn } from './identity-fixtures';
import type { TestApp } from './test-app';

/**
 * Gives a product an approved hazard log as its clinical safety officer would: their details on
 * the product, one hazard rated acceptable, a version issued and signed with their password.
 * Returns the version's id.
 */
export async function approveHazardLog(app: TestApp, cso: SignedIn, productId: string): Promise<string> {
  const existing = await app.inject({ method: 'GET', url: `/api/clinical-safety-officers/${productId}`, headers: { cookie: cso.cookie } });
  if (existing.statusCode === 404) {
    const details = await app.inject({ method: 'PUT', url: `/api/clinical-safety-officers/${productId}`, headers: cso.headers, payload: { userId: cso.session.user.id, name: 'Dr Asha Patel', profession: 'General practitioner', registrationNumber: 'GMC 7654321' } });
    if (details.statusCode !== 200) throw new Error(`CSO details refused: ${details.body}`);
  }
  const hazard = await app.inject({
    method: 'POST',
    url: '/api/hazards',
    headers: cso.headers,
    payload: { productId, name: 'Wrong patient record shown', description: 'Demographics mismatch shows another patient', initial: { severity: 'significant', likelihood: 'medium' }, residual: { severity: 'minor', likelihood: 'low' } },
  });
  if (hazard.statusCode !== 201) throw new Error(`hazard refused: ${hazard.body}`);
  const version = await app.inject({ method: 'POST', url: '/api/hazard-log-versions', headers: cso.headers, payload: { productId, changeSummary: 'Initial hazard log' } });
  if (version.statusCode !== 201) throw new Error(`version refused: ${version.body}`);
  const approved = await app.inject({ method: 'POST', url: `/api/hazard-log-versions/${version.json().id}/approve`, headers: cso.headers, payload: { statement: 'I approve this hazard log.', password: TEST_PASSWORD } });
  if (approved.statusCode !== 200) throw new Error(`approval refused: ${approved.body}`);
  return version.json().id;
}
