import type { EvidenceDetailDto } from '@pairline/contracts';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClamdPeer, TEST_SIGNATURE_MARKER, TEST_SIGNATURE_NAME, type ClamdPeer } from '../testing/clamd-peer';
import { multipart, pdf, sha256, type UploadFile } from '../testing/evidence-fixtures';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

/** ClamAV quarantine, against a clamd protocol peer (see testing/clamd-peer.ts): no real scanner is installable here. */
describe('evidence vault with a virus scanner', () => {
  let peer: ClamdPeer;
  let dir: string;
  let app: TestApp;
  let org: TestOrganisation;
  let lead: SignedIn;

  beforeAll(async () => {
    peer = await startClamdPeer();
    dir = await mkdtemp(join(tmpdir(), 'pairline-evidence-'));
    app = await startTestApp({ REDIS_URL: undefined, EVIDENCE_DIR: dir, CLAMAV_HOST: '127.0.0.1', CLAMAV_PORT: String(peer.port), CLAMAV_TIMEOUT_MS: '5000' });
    org = await createOrganisation(app);
    lead = await signIn(app, org.members.compliance_lead.email);
  });
  afterAll(async () => {
    await app?.close();
    await peer?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const createItem = async (title: string): Promise<EvidenceDetailDto> => (await app.inject({ method: 'POST', url: '/api/evidence', headers: lead.headers, payload: { title } })).json();
  const upload = async (id: string, files: UploadFile[]): Promise<EvidenceDetailDto> => {
    const body = multipart({ effectiveOn: '2026-03-31' }, files);
    const response = await app.inject({ method: 'POST', url: `/api/evidence/${id}/revisions`, headers: { ...lead.headers, ...body.headers }, payload: body.payload });
    expect(response.statusCode).toBe(201);
    return response.json();
  };
  const download = (id: string, fileId: string) => app.inject({ method: 'GET', url: `/api/evidence/${id}/files/${fileId}`, headers: { cookie: lead.cookie } });
  const stored = async () => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;

  it('scans new files before they can be downloaded; clean files are released', async () => {
    const item = await createItem('Clean');
    const content = pdf(200_000);
    const detail = await upload(item.id, [{ name: 'clean.pdf', content }]);
    expect(detail.revisions[0].files[0]).toMatchObject({ scanStatus: 'clean', scanDetail: null, downloadable: true, scannedAt: expect.any(String) });
    // clamd was sent exactly the stored bytes.
    expect(peer.received.at(-1)).toBe(sha256(content));
    const got = await download(item.id, detail.revisions[0].files[0].id);
    expect(got.statusCode).toBe(200);
    expect(sha256(got.rawPayload)).toBe(sha256(content));
  });

  it('rejects the revision and deletes the stored file when the scanner finds something, keeping the record', async () => {
    const item = await createItem('Infected');
    const before = await stored();
    const detail = await upload(item.id, [{ name: 'notes.txt', content: Buffer.from(`minutes of the review\n${TEST_SIGNATURE_MARKER}\n`) }, { name: 'ok.pdf', content: pdf() }]);
    const [revision] = detail.revisions;
    expect(revision.files.map((f) => [f.filename, f.scanStatus, f.scanDetail, f.downloadable])).toEqual([
      ['notes.txt', 'infected', TEST_SIGNATURE_NAME, false],
      ['ok.pdf', 'clean', null, true],
    ]);
    expect(revision).toMatchObject({ status: 'rejected', rejectionReason: `Virus scan found ${TEST_SIGNATURE_NAME} in notes.txt; the file was deleted.` });
    // Only the clean file's object remains.
    expect(await stored()).toBe(before + 1);
    expect((await download(item.id, revision.files[0].id)).json()).toMatchObject({ statusCode: 410, code: 'evidence_file_infected' });
    const actions = await ownerQuery<{ action: string }>(app, `SELECT action FROM audit_event WHERE organisation_id = $1 AND entity_id IN ($2, $3, $4) ORDER BY seq`, [org.id, revision.id, revision.files[0].id, revision.files[1].id]);
    expect(actions.map((a) => a.action)).toEqual(['evidence.revision_uploaded', 'evidence.file_infected', 'evidence.revision_status_changed', 'evidence.file_scanned_clean']);
  });

  it('keeps files quarantined while the scanner is unreachable, and releases them on a later scan', async () => {
    const item = await createItem('Quarantine');
    peer.mode = 'broken';
    const detail = await upload(item.id, [{ name: 'waiting.pdf', content: pdf() }]);
    const file = detail.revisions[0].files[0];
    expect(file).toMatchObject({ scanStatus: 'pending_scan', downloadable: false });
    expect((await download(item.id, file.id)).json()).toMatchObject({ statusCode: 409, code: 'evidence_file_quarantined' });
    expect((await app.inject({ method: 'POST', url: `/api/evidence/${item.id}/revisions/1/status`, headers: lead.headers, payload: { status: 'in_review', version: 1 } })).json()).toMatchObject({ statusCode: 422, code: 'evidence_files_not_clear' });
    const scan = () => app.inject({ method: 'POST', url: `/api/evidence/${item.id}/files/${file.id}/scan`, headers: lead.headers, payload: {} });
    expect((await scan()).json().revisions[0].files[0].scanStatus).toBe('pending_scan');
    peer.mode = 'scan';
    expect((await scan()).json().revisions[0].files[0]).toMatchObject({ scanStatus: 'clean', downloadable: true });
    expect((await download(item.id, file.id)).statusCode).toBe(200);
    expect((await scan()).json()).toMatchObject({ statusCode: 422, code: 'evidence_file_not_quarantined' });
  });
});
