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

/** A multipart body holding one file in a part named `file`, as the SCAL and hazard-log uploads take it. */
export function filePart(filename: string, content: Buffer | string, type = 'application/octet-stream'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----pairline${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
  const quoted = filename.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoted}"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads a file to `url` (a multipart upload route) as `as`. */
export function uploadTo(app: TestApp, as: SignedIn, url: string, filename: string, content: Buffer | string) {
  const body = filePart(filename, content);
  return app.inject({ method: 'POST', url, headers: { ...as.headers, ...body.headers }, payload: body.payload });
}

/** Uploads a SCAL file and imports it with the given mapping (the suggested one when absent); returns the template. */
export async function importScalFile(app: TestApp, as: SignedIn, filename: string, content: Buffer | string, options: { key: string; name?: string; mapping?: Record<string, string | null>; sheets?: Record<string, unknown> }): Promise<{ id: string; fileId: string }> {
  const uploaded = await uploadTo(app, as, '/api/scal-templates/files', filename, content);
  if (uploaded.statusCode !== 201) throw new Error(`upload refused: ${uploaded.body}`);
  const preview = uploaded.json();
  const imported = await app.inject({
    method: 'POST',
    url: '/api/scal-templates/import',
    headers: as.headers,
    payload: { fileId: preview.file.id, mapping: options.mapping ?? preview.suggestedMapping, ...(options.sheets ? { sheets: options.sheets } : {}), name: options.name ?? options.key, key: options.key },
  });
  if (imported.statusCode !== 201) throw new Error(`import refused: ${imported.body}`);
  return { id: imported.json().id, fileId: preview.file.id };
}
