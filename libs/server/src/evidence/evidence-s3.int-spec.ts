import type { EvidenceDetailDto } from '@pairline/contracts';
import { Readable } from 'node:stream';
import { multipart, pdf, sha256, zip, type UploadFile } from '../testing/evidence-fixtures';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { startS3, type TestS3 } from '../testing/s3';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';
import { EvidenceStorage, S3EvidenceStorage } from './evidence-storage';

const MAX = 20 * 1024 * 1024;

describe('evidence vault on S3-compatible storage (s3rver)', () => {
  let s3: TestS3;
  let app: TestApp;
  let org: TestOrganisation;
  let lead: SignedIn;

  beforeAll(async () => {
    s3 = await startS3();
    app = await startTestApp({ REDIS_URL: undefined, ...s3.env, EVIDENCE_MAX_BYTES: String(MAX) });
    org = await createOrganisation(app);
    lead = await signIn(app, org.members.compliance_lead.email);
  });
  afterAll(async () => {
    await app?.close();
    await s3?.stop();
  });

  const createItem = async (title: string): Promise<EvidenceDetailDto> => (await app.inject({ method: 'POST', url: '/api/evidence', headers: lead.headers, payload: { title } })).json();
  const upload = (id: string, files: UploadFile[]) => {
    const body = multipart({ effectiveOn: '2026-03-31' }, files);
    return app.inject({ method: 'POST', url: `/api/evidence/${id}/revisions`, headers: { ...lead.headers, ...body.headers }, payload: body.payload });
  };

  it('is the storage the configuration selects', () => {
    expect(app.app.get(EvidenceStorage)).toBeInstanceOf(S3EvidenceStorage);
  });

  it('streams a multi-part upload into the bucket under a generated key and back out byte for byte', async () => {
    const item = await createItem('Pen test report');
    // Larger than one 5 MB part, so the upload goes through S3's multipart API.
    const report = pdf(12 * 1024 * 1024 + 123);
    const small = pdf(1000, 'appendix');
    const uploaded = await upload(item.id, [{ name: 'pentest.pdf', content: report }, { name: 'appendix.pdf', content: small }]);
    expect(uploaded.statusCode).toBe(201);
    const files = (uploaded.json() as EvidenceDetailDto).revisions[0].files;
    expect(files.map((f) => [f.sizeBytes, f.sha256])).toEqual([
      [report.length, sha256(report)],
      [small.length, sha256(small)],
    ]);
    const keys = await ownerQuery<{ storage_key: string }>(app, `SELECT storage_key FROM evidence_file WHERE organisation_id = $1 ORDER BY position`, [org.id]);
    expect(await s3.keys()).toEqual(keys.map((k) => k.storage_key).sort());
    const got = await app.inject({ method: 'GET', url: `/api/evidence/${item.id}/files/${files[0].id}`, headers: { cookie: lead.cookie } });
    expect(got.statusCode).toBe(200);
    expect(got.headers).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff', 'content-length': String(report.length) });
    expect(sha256(got.rawPayload)).toBe(sha256(report));
  });

  it('leaves no object behind when an upload is refused part-way (over the limit, wrong type, truncated)', async () => {
    const item = await createItem('Refusals');
    const before = await s3.keys();
    const rows = async () => (await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM evidence_file WHERE organisation_id = $1`, [org.id]))[0].n;
    const filesBefore = await rows();
    // The first file is stored whole before the second one goes over the limit (after several parts).
    expect((await upload(item.id, [{ name: 'ok.pdf', content: pdf(6 * 1024 * 1024) }, { name: 'huge.pdf', content: pdf(MAX + 5) }])).json()).toMatchObject({ statusCode: 413, code: 'evidence_file_too_large' });
    expect((await upload(item.id, [{ name: 'bundle.pdf', content: zip([['a.txt', 'x']]) }])).statusCode).toBe(415);
    const whole = pdf(7 * 1024 * 1024);
    expect((await upload(item.id, [{ name: 'cut.pdf', content: whole.subarray(0, whole.length - 100) }])).json()).toMatchObject({ statusCode: 422, code: 'evidence_file_truncated' });
    expect(await s3.keys()).toEqual(before);
    expect(await rows()).toBe(filesBefore);
  });

  it('put, get and delete directly: a failing source stores nothing, deleting twice is harmless', async () => {
    const storage = app.app.get(EvidenceStorage);
    const stored = await storage.put(Readable.from([Buffer.from('hello '), Buffer.from('world')]));
    expect(stored).toEqual({ key: expect.stringMatching(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/), size: 11, sha256: sha256(Buffer.from('hello world')) });
    let back = '';
    for await (const chunk of await storage.get(stored.key)) back += chunk.toString();
    expect(back).toBe('hello world');
    await storage.delete(stored.key);
    await storage.delete(stored.key);
    await expect(storage.get(stored.key)).rejects.toThrow(/No stored evidence object/);
    const before = await s3.keys();
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(6 * 1024 * 1024, 1);
        throw new Error('connection dropped');
      })(),
    );
    await expect(storage.put(failing)).rejects.toThrow(/connection dropped/);
    expect(await s3.keys()).toEqual(before);
  });
});
