import type { EvidenceDetailDto } from '@pairline/contracts';
import { addDays, BASELINE_SCAL_TEMPLATE, civilDateAt, templateRequirements } from '@pairline/domain';
import { parse } from 'csv-parse/sync';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docx, exe, multipart, pdf, png, sha256, xlsx, zip, zipBomb, type UploadFile } from '../testing/evidence-fixtures';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { attachScal } from '../testing/scal-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

const MAX = 1024 * 1024;
const REQUIREMENTS = templateRequirements(BASELINE_SCAL_TEMPLATE);

/** Every stored object under the local storage directory (directories aside). */
async function storedFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('evidence vault (local storage)', () => {
  let app: TestApp;
  let dir: string;
  let org: TestOrganisation;
  let lead: SignedIn;
  let contributor: SignedIn;
  let executive: SignedIn;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pairline-evidence-'));
    app = await startTestApp({ REDIS_URL: undefined, EVIDENCE_DIR: dir, EVIDENCE_MAX_BYTES: String(MAX) });
    org = await createOrganisation(app);
    [lead, contributor, executive] = await Promise.all([signIn(app, org.members.compliance_lead.email), signIn(app, org.members.contributor.email), signIn(app, org.members.executive.email)]);
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const createItem = async (title = 'DSPT 2026/27', as = lead): Promise<EvidenceDetailDto> => {
    const created = await app.inject({ method: 'POST', url: '/api/evidence', headers: as.headers, payload: { title } });
    expect(created.statusCode).toBe(201);
    return created.json();
  };
  const upload = (id: string, fields: Record<string, string>, files: UploadFile[], as = lead) => {
    const body = multipart(fields, files);
    return app.inject({ method: 'POST', url: `/api/evidence/${id}/revisions`, headers: { ...as.headers, ...body.headers }, payload: body.payload });
  };
  const download = (id: string, fileId: string, as = executive) => app.inject({ method: 'GET', url: `/api/evidence/${id}/files/${fileId}`, headers: { cookie: as.cookie } });
  const get = async (id: string): Promise<EvidenceDetailDto> => (await app.inject({ method: 'GET', url: `/api/evidence/${id}`, headers: { cookie: executive.cookie } })).json();
  const setStatus = (id: string, number: number, payload: object, as = lead) => app.inject({ method: 'POST', url: `/api/evidence/${id}/revisions/${number}/status`, headers: as.headers, payload });
  const state = async () =>
    (await ownerQuery<{ revisions: number; files: number; audit: number }>(
      app,
      `SELECT (SELECT count(*) FROM evidence_revision WHERE organisation_id = $1)::int AS revisions, (SELECT count(*) FROM evidence_file WHERE organisation_id = $1)::int AS files, (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS audit`,
      [org.id],
    ))[0];
  const nothingChanged = async (refused: Promise<{ statusCode: number }>, status: number, before: Awaited<ReturnType<typeof state>>, storedBefore: string[]) => {
    expect((await refused).statusCode).toBe(status);
    expect(await state()).toEqual(before);
    expect(await storedFiles(dir)).toEqual(storedBefore);
  };

  it('stores an upload under a generated name, streams it back byte for byte with its SHA-256, and keeps old revisions', async () => {
    const item = await createItem();
    const report = pdf(300_000);
    const image = png();
    const first = await upload(item.id, { effectiveOn: '2026-06-30', expiresOn: '2027-06-30', note: 'Standards Met' }, [
      { name: 'DSPT certificate.pdf', content: report, type: 'text/html' },
      { name: 'screenshot.png', content: image },
    ]);
    expect(first.statusCode).toBe(201);
    const detail: EvidenceDetailDto = first.json();
    expect(detail.revisions).toHaveLength(1);
    const [revision] = detail.revisions;
    expect(revision).toMatchObject({ number: 1, status: 'draft', effectiveOn: '2026-06-30', expiresOn: '2027-06-30', note: 'Standards Met', uploadedByUserId: org.members.compliance_lead.userId });
    // The browser claimed text/html; the stored type comes from the content.
    expect(revision.files.map((f) => [f.filename, f.contentType, f.sizeBytes, f.sha256, f.scanStatus, f.downloadable])).toEqual([
      ['DSPT certificate.pdf', 'application/pdf', report.length, sha256(report), 'not_scanned', true],
      ['screenshot.png', 'image/png', image.length, sha256(image), 'not_scanned', true],
    ]);
    const keys = await ownerQuery<{ storage_key: string }>(app, `SELECT storage_key FROM evidence_file WHERE revision_id = $1 ORDER BY position`, [revision.id]);
    expect(await storedFiles(dir)).toEqual(expect.arrayContaining(keys.map((k) => k.storage_key)));
    for (const { storage_key } of keys) expect(storage_key).toMatch(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/);

    const got = await download(item.id, revision.files[0].id);
    expect(got.statusCode).toBe(200);
    expect(sha256(got.rawPayload)).toBe(sha256(report));
    expect(got.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(report.length),
      'x-content-type-options': 'nosniff',
      'content-disposition': `attachment; filename="DSPT certificate.pdf"; filename*=UTF-8''DSPT%20certificate.pdf`,
    });

    // A second revision: the first stays, unchanged and downloadable.
    const second = await upload(item.id, { effectiveOn: '2027-06-30', expiresOn: '2028-06-30' }, [{ name: 'Überprüfung 2027.pdf', content: pdf(5000, 'second') }]);
    expect(second.statusCode).toBe(201);
    const after = await get(item.id);
    expect(after.revisions.map((r) => r.number)).toEqual([2, 1]);
    expect(after.revisions[1]).toEqual(revision);
    expect(after.latestRevision).toBe(2);
    const unicode = await download(item.id, after.revisions[0].files[0].id);
    expect(unicode.headers['content-disposition']).toBe(`attachment; filename="_berpr_fung 2027.pdf"; filename*=UTF-8''%C3%9Cberpr%C3%BCfung%202027.pdf`);
    expect(sha256((await download(item.id, revision.files[1].id)).rawPayload)).toBe(sha256(image));

    const events = await ownerQuery<{ action: string; actor_user_id: string }>(app, `SELECT action, actor_user_id FROM audit_event WHERE organisation_id = $1 AND (entity_id = $2 OR changes->'evidenceId'->>'after' = $2) ORDER BY seq`, [org.id, item.id]);
    expect(events.map((e) => e.action)).toEqual(['evidence.created', 'evidence.revision_uploaded', 'evidence.revision_uploaded']);
    expect(new Set(events.map((e) => e.actor_user_id))).toEqual(new Set([org.members.compliance_lead.userId]));
  });

  it('keeps revisions and files append-only in the database itself', async () => {
    const item = await createItem('Pen test');
    const detail: EvidenceDetailDto = (await upload(item.id, { effectiveOn: '2026-01-10' }, [{ name: 'report.docx', content: docx() }])).json();
    const [revision] = detail.revisions;
    expect(revision.files[0].contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    await expect(ownerQuery(app, `UPDATE evidence_revision SET effective_on = '2020-01-01' WHERE id = $1`, [revision.id])).rejects.toThrow(/append-only/);
    await expect(ownerQuery(app, `DELETE FROM evidence_revision WHERE id = $1`, [revision.id])).rejects.toThrow(/append-only/);
    await expect(ownerQuery(app, `UPDATE evidence_file SET sha256 = repeat('0', 64) WHERE revision_id = $1`, [revision.id])).rejects.toThrow(/append-only/);
    await expect(ownerQuery(app, `DELETE FROM evidence_file WHERE revision_id = $1`, [revision.id])).rejects.toThrow(/append-only/);
    expect((await get(item.id)).revisions[0]).toEqual(revision);
  });

  it('refuses a file over the limit with 413 while streaming, and stores nothing (not even the other files)', async () => {
    const item = await createItem('Too big');
    const before = await state();
    const storedBefore = await storedFiles(dir);
    await nothingChanged(upload(item.id, { effectiveOn: '2026-01-01' }, [{ name: 'ok.pdf', content: pdf(10_000) }, { name: 'huge.pdf', content: pdf(MAX + 1) }]), 413, before, storedBefore);
    const refused = await upload(item.id, { effectiveOn: '2026-01-01' }, [{ name: 'huge.pdf', content: pdf(3 * MAX) }]);
    expect(refused.json()).toMatchObject({ statusCode: 413, code: 'evidence_file_too_large', message: expect.stringMatching(/huge\.pdf is larger than the 1 MB limit/) });
    await nothingChanged(Promise.resolve(refused), 413, before, storedBefore);
    // Exactly at the limit is fine.
    expect((await upload(item.id, { effectiveOn: '2026-01-01' }, [{ name: 'edge.pdf', content: pdf(MAX) }])).statusCode).toBe(201);
  });

  it('over real HTTP: answers 413 to a streamed body over the limit, and a dropped connection leaves nothing behind', async () => {
    const item = await createItem('Over the wire');
    await app.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.app.getHttpServer().address() as AddressInfo;
    const before = await state();
    const storedBefore = await storedFiles(dir);
    const send = (content: Buffer, abortAfter?: number) =>
      new Promise<{ status: number; body: string } | 'aborted'>((resolve, reject) => {
        const body = multipart({ effectiveOn: '2026-01-01' }, [{ name: 'big.pdf', content }]);
        const req = request({ host: '127.0.0.1', port, path: `/api/evidence/${item.id}/revisions`, method: 'POST', headers: { ...lead.headers, ...body.headers, 'content-length': String(body.payload.length) } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on('error', (error) => (abortAfter === undefined ? reject(error) : resolve('aborted')));
        // Written in 64 KiB pieces, as a browser streams a file.
        let at = 0;
        const next = () => {
          if (abortAfter !== undefined && at >= abortAfter) {
            req.destroy();
            resolve('aborted');
            return;
          }
          if (at >= body.payload.length) return void req.end();
          const piece = body.payload.subarray(at, at + 65536);
          at += piece.length;
          if (req.write(piece)) setImmediate(next);
          else req.once('drain', next);
        };
        next();
      });
    const refused = await send(pdf(4 * MAX));
    expect(refused).toMatchObject({ status: 413 });
    expect(JSON.parse((refused as { body: string }).body)).toMatchObject({ code: 'evidence_file_too_large' });
    expect(await send(pdf(MAX - 1000), 300_000)).toBe('aborted');
    // The server notices the dropped connection on its own schedule (seconds on a loaded machine),
    // and may not even have opened its partial file when the client is gone: a listing equal to the
    // one before proves nothing until it has stayed so for a while. Wait for that, then judge.
    let stableSince = Date.now();
    for (const until = Date.now() + 20_000; Date.now() < until && Date.now() - stableSince < 1_500; ) {
      if ((await storedFiles(dir)).join() !== storedBefore.join()) stableSince = Date.now();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await storedFiles(dir)).toEqual(storedBefore);
    expect(await state()).toEqual(before);
    const accepted = await send(pdf(MAX - 1000));
    expect(accepted).toMatchObject({ status: 201 });
  }, 60_000);

  it('judges files by their bytes: 415 for content that is not allowed or not what the name says', async () => {
    const item = await createItem('Types');
    const before = await state();
    const storedBefore = await storedFiles(dir);
    const cases: [UploadFile, RegExp][] = [
      [{ name: 'report.pdf', content: exe() }, /named \.pdf but its content is a Windows executable/],
      [{ name: 'report.pdf', content: zip([['a.txt', 'hello']]) }, /named \.pdf but its content is a zip archive/],
      [{ name: 'setup.exe', content: exe() }, /\.exe files are not accepted/],
      [{ name: 'sheet.xlsx', content: docx() }, /named \.xlsx but its content is a Word document/],
      [{ name: 'data.csv', content: Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0, 1, 2, 0xff])]) }, /not UTF-8 text/],
      [{ name: 'notes.txt', content: pdf() }, /named \.txt but its content is a PDF/],
    ];
    for (const [file, message] of cases) {
      const refused = await upload(item.id, { effectiveOn: '2026-01-01' }, [file]);
      expect({ name: file.name, status: refused.statusCode, body: refused.json() }).toMatchObject({ name: file.name, status: 415, body: { code: 'evidence_file_type_refused', message: expect.stringMatching(message) } });
    }
    expect(await state()).toEqual(before);
    expect(await storedFiles(dir)).toEqual(storedBefore);
    // The same kinds, honestly named, are accepted.
    const accepted = await upload(item.id, { effectiveOn: '2026-01-01' }, [
      { name: 'sheet.xlsx', content: xlsx() },
      { name: 'data.csv', content: Buffer.from('identifier,answer\nBAS-1,"Compliant – see DSPT"\n') },
      { name: 'bundle.zip', content: zip([['a.txt', 'hello']]) },
    ]);
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json().revisions[0].files.map((f: { contentType: string }) => f.contentType)).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv; charset=utf-8',
      'application/zip',
    ]);
  });

  it('refuses zip bombs and truncated files with a 4xx and stores nothing', async () => {
    const item = await createItem('Hostile');
    const before = await state();
    const storedBefore = await storedFiles(dir);
    const bomb = zipBomb();
    expect(bomb.length).toBeLessThan(MAX);
    const asZip = await upload(item.id, { effectiveOn: '2026-01-01' }, [{ name: 'archive.zip', content: bomb }]);
    expect(asZip.json()).toMatchObject({ statusCode: 422, code: 'evidence_archive_refused', message: expect.stringMatching(/zip bomb/) });
    // Disguised as a workbook it is not one: refused on its content before it is stored.
    expect((await upload(item.id, { effectiveOn: '2026-01-01' }, [{ name: 'SCAL.xlsx', content: bomb }])).statusCode).toBe(415);
    const whole = docx();
    const cut = await upload(item.id, { effectiveOn: '2026-01-01' }, [{ name: 'report.docx', content: whole.subarray(0, whole.length - 40) }]);
    expect(cut.json()).toMatchObject({ statusCode: 422, code: 'evidence_file_truncated', message: expect.stringMatching(/report\.docx: The Word document is truncated/) });
    const report = pdf(50_000);
    expect((await upload(item.id, { effectiveOn: '2026-01-01' }, [{ name: 'report.pdf', content: report.subarray(0, 30_000) }])).json()).toMatchObject({ statusCode: 422, code: 'evidence_file_truncated' });
    expect((await upload(item.id, { effectiveOn: '2026-01-01' }, [{ name: 'empty.pdf', content: Buffer.alloc(0) }])).json()).toMatchObject({ statusCode: 400, code: 'evidence_file_empty' });
    expect(await state()).toEqual(before);
    expect(await storedFiles(dir)).toEqual(storedBefore);
  });

  it('sanitises file names: no path, no control or direction-override characters', async () => {
    const item = await createItem('Names');
    const uploaded = await upload(item.id, { effectiveOn: '2026-01-01' }, [
      { name: '../../../etc/cron.d/evil\u0007name.pdf', content: pdf() },
      { name: 'C:\\Users\\me\\invoice\u202Efdp.pdf', content: pdf() },
    ]);
    expect(uploaded.statusCode).toBe(201);
    const files = uploaded.json().revisions[0].files;
    expect(files.map((f: { filename: string }) => f.filename)).toEqual(['evilname.pdf', 'invoicefdp.pdf']);
    const got = await download(item.id, files[0].id);
    expect(got.headers['content-disposition']).toBe(`attachment; filename="evilname.pdf"; filename*=UTF-8''evilname.pdf`);
    for (const stored of await storedFiles(dir)) expect(stored).not.toMatch(/evil|invoice|\.pdf/);
  });

  it('answers bad input with a 4xx naming the problem and changes nothing', async () => {
    const item = await createItem('Input');
    const before = await state();
    const storedBefore = await storedFiles(dir);
    const cases: [Record<string, string>, UploadFile[], number, object][] = [
      [{}, [{ name: 'a.pdf', content: pdf() }], 400, { code: 'validation_failed', details: [{ field: 'effectiveOn' }] }],
      [{ effectiveOn: '2026-02-30' }, [{ name: 'a.pdf', content: pdf() }], 400, { code: 'validation_failed' }],
      [{ effectiveOn: '2026-01-01', expiresOn: '2025-12-31' }, [{ name: 'a.pdf', content: pdf() }], 422, { code: 'evidence_expiry_before_effective' }],
      [{ effectiveOn: '2026-01-01' }, [], 400, { code: 'evidence_revision_empty' }],
      [{ effectiveOn: '2026-01-01', url: 'javascript:alert(1)' }, [], 400, { code: 'validation_failed', details: [{ field: 'url' }] }],
      [{ effectiveOn: '2026-01-01', colour: 'red' }, [{ name: 'a.pdf', content: pdf() }], 400, { code: 'validation_failed', details: [{ field: 'colour' }] }],
    ];
    for (const [fields, files, status, body] of cases) {
      const response = await upload(item.id, fields, files);
      expect({ fields, status: response.statusCode, body: response.json() }).toMatchObject({ fields, status, body });
    }
    // A body cut off before its closing boundary, and more files than a revision takes.
    const whole = multipart({ effectiveOn: '2026-01-01' }, [{ name: 'a.pdf', content: pdf(50_000) }]);
    const cut = await app.inject({ method: 'POST', url: `/api/evidence/${item.id}/revisions`, headers: { ...lead.headers, ...whole.headers }, payload: whole.payload.subarray(0, 30_000) });
    expect(cut.json()).toMatchObject({ statusCode: 400, code: expect.stringMatching(/^(multipart_malformed|upload_interrupted)$/) });
    const many = await upload(item.id, { effectiveOn: '2026-01-01' }, Array.from({ length: 21 }, (_, i) => ({ name: `page-${i}.pdf`, content: pdf() })));
    expect(many.json()).toMatchObject({ statusCode: 413, code: 'multipart_too_many_files' });
    // Not multipart, or multipart where it is not taken.
    expect((await app.inject({ method: 'POST', url: `/api/evidence/${item.id}/revisions`, headers: lead.headers, payload: { effectiveOn: '2026-01-01' } })).json()).toMatchObject({ statusCode: 415, code: 'multipart_required' });
    const body = multipart({ title: 'x' });
    expect((await app.inject({ method: 'POST', url: '/api/evidence', headers: { ...lead.headers, ...body.headers }, payload: body.payload })).statusCode).toBe(415);
    expect((await upload('00000000-0000-4000-8000-000000000000', { effectiveOn: '2026-01-01' }, [{ name: 'a.pdf', content: pdf() }])).statusCode).toBe(404);
    expect((await upload(item.id, { effectiveOn: '2026-01-01' }, [{ name: 'a.pdf', content: pdf() }], executive)).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/evidence', headers: lead.headers, payload: { title: '' } })).json()).toMatchObject({ statusCode: 400, details: [{ field: 'title' }] });
    expect(await state()).toEqual(before);
    expect(await storedFiles(dir)).toEqual(storedBefore);
    // A URL alone is a revision too.
    expect((await upload(item.id, { effectiveOn: '2026-01-01', url: 'https://www.dsptoolkit.nhs.uk/' }, [])).statusCode).toBe(201);
  });

  it('moves revisions through review: approval needs evidence.approve, stale versions get 409, final states stay final', async () => {
    const item = await createItem('Review');
    const revision = (await upload(item.id, { effectiveOn: '2026-01-01', expiresOn: '2030-01-01' }, [{ name: 'a.pdf', content: pdf() }], contributor)).json().revisions[0];
    expect((await setStatus(item.id, 1, { status: 'in_review', version: revision.version }, contributor)).json().revisions[0]).toMatchObject({ status: 'in_review', version: 2 });
    expect((await setStatus(item.id, 1, { status: 'approved', version: 2 }, contributor)).json()).toMatchObject({ statusCode: 403, message: expect.stringMatching(/evidence\.approve/) });
    expect((await setStatus(item.id, 1, { status: 'approved', version: 1 })).json()).toMatchObject({ statusCode: 409, code: 'stale_version' });
    expect((await setStatus(item.id, 1, { status: 'rejected', version: 2 })).json()).toMatchObject({ statusCode: 400, code: 'evidence_rejection_reason_required' });
    expect((await setStatus(item.id, 1, { status: 'approved', version: 2 })).json()).toMatchObject({ status: 'approved', revisions: [{ status: 'approved', displayStatus: 'approved' }] });
    expect((await setStatus(item.id, 1, { status: 'draft', version: 3 })).json()).toMatchObject({ statusCode: 422, code: 'evidence_invalid_transition' });
    expect((await setStatus(item.id, 9, { status: 'in_review', version: 1 })).statusCode).toBe(404);
    const events = await ownerQuery<{ changes: { status: { before: string; after: string } } }>(app, `SELECT changes FROM audit_event WHERE entity_id = $1 AND action = 'evidence.revision_status_changed' ORDER BY seq`, [revision.id]);
    expect(events.map((e) => e.changes.status)).toEqual([{ before: 'draft', after: 'in_review' }, { before: 'in_review', after: 'approved' }]);
  });

  it('links evidence to SCAL requirements, shows it on the requirement, and flags expired evidence as needing attention', async () => {
    const product = (await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name: 'Vault product', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'not_a_medical_device' } })).json();
    const journey = (await app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId: product.id, mechanismId: 'im1_patient', providerSupplierId: 'tpp' } })).json();
    const scal = await attachScal(app, lead, [journey.id], 'attached');
    const [first, second] = REQUIREMENTS;
    const today = civilDateAt(new Date());
    const lapsed = await createItem('DSPT 2024/25');
    await upload(lapsed.id, { effectiveOn: '2024-06-30', expiresOn: '2025-06-30' }, [{ name: 'dspt.pdf', content: pdf() }]);
    await setStatus(lapsed.id, 1, { status: 'in_review', version: 1 });
    await setStatus(lapsed.id, 1, { status: 'approved', version: 2 });
    const current = await createItem('Pen test 2026');
    await upload(current.id, { effectiveOn: today, expiresOn: addDays(today, 10) }, [{ name: 'pentest.pdf', content: pdf() }]);
    await setStatus(current.id, 1, { status: 'in_review', version: 1 });
    await setStatus(current.id, 1, { status: 'approved', version: 2 });

    const link = (id: string, identifier: string, as = lead) => app.inject({ method: 'POST', url: `/api/evidence/${id}/links`, headers: as.headers, payload: { scalId: scal, identifier } });
    const linked = await link(lapsed.id, first.identifier);
    expect(linked.statusCode).toBe(201);
    expect(linked.json()).toMatchObject({ target: 'scal_requirement', scalId: scal, identifier: first.identifier });
    expect((await link(current.id, first.identifier)).statusCode).toBe(201);
    expect((await link(current.id, second.identifier)).statusCode).toBe(201);
    expect((await link(current.id, second.identifier)).json()).toMatchObject({ statusCode: 409, code: 'evidence_already_linked' });
    expect((await link(current.id, 'NOPE-1')).json()).toMatchObject({ statusCode: 422, code: 'scal_requirement_not_found' });
    expect((await link(current.id, first.identifier, executive)).statusCode).toBe(403);

    const requirements = async () => (await app.inject({ method: 'GET', url: `/api/scals/${scal}/requirements?range=[0,499]`, headers: { cookie: executive.cookie } })).json() as { identifier: string; evidence: { id: string; status: string }[]; needsAttention: boolean; attentionReasons: string[] }[];
    let rows = await requirements();
    const row = (identifier: string) => rows.find((r) => r.identifier === identifier)!;
    expect(row(first.identifier)).toMatchObject({ needsAttention: true, attentionReasons: ['Evidence "DSPT 2024/25" (revision 1) expired on 2025-06-30.'] });
    expect(row(first.identifier).evidence).toEqual([
      { id: lapsed.id, title: 'DSPT 2024/25', status: 'expired', expiresOn: '2025-06-30' },
      { id: current.id, title: 'Pen test 2026', status: 'approved', expiresOn: addDays(today, 10) },
    ]);
    expect(row(second.identifier)).toMatchObject({ needsAttention: false, attentionReasons: [], evidence: [{ id: current.id }] });
    expect(rows.filter((r) => r.evidence.length === 0)).toHaveLength(REQUIREMENTS.length - 2);
    expect((await get(lapsed.id)).status).toBe('expired');
    const attention = async (needsAttention: boolean) =>
      (await app.inject({ method: 'GET', url: `/api/scals/${scal}/requirements?range=[0,499]&filter=${encodeURIComponent(JSON.stringify({ needsAttention }))}`, headers: { cookie: executive.cookie } })).json().map((r: { identifier: string }) => r.identifier);
    expect(await attention(true)).toEqual([first.identifier]);
    expect(await attention(false)).toEqual(REQUIREMENTS.map((r) => r.identifier).filter((i) => i !== first.identifier));
    const flagged = await app.inject({ method: 'POST', url: `/api/scals/${scal}/requirements/bulk`, headers: lead.headers, payload: { filter: { needsAttention: true }, set: { dueOn: addDays(today, 5) } } });
    expect(flagged.json()).toEqual({ updated: 1, identifiers: [first.identifier] });

    // A renewed, approved revision clears the flag; its expired predecessor is kept.
    await upload(lapsed.id, { effectiveOn: '2025-06-30', expiresOn: addDays(today, 300) }, [{ name: 'dspt-2025.pdf', content: pdf() }]);
    await setStatus(lapsed.id, 2, { status: 'in_review', version: 1 });
    await setStatus(lapsed.id, 2, { status: 'approved', version: 2 });
    rows = await requirements();
    expect(row(first.identifier)).toMatchObject({ needsAttention: false, evidence: [{ id: lapsed.id, status: 'approved' }, { id: current.id }] });
    expect(await attention(true)).toEqual([]);
    expect((await get(lapsed.id)).revisions.map((r) => r.displayStatus)).toEqual(['approved', 'expired']);

    // The SCAL's export (and its stage snapshots) name the evidence a requirement rests on, with each file's hash.
    const exported = await app.inject({ method: 'GET', url: `/api/scals/${scal}/export?format=csv`, headers: { cookie: executive.cookie } });
    expect(exported.statusCode).toBe(200);
    const line = (parse(exported.body, { relaxColumnCount: true }) as string[][]).find((cells) => cells[0] === first.identifier)!.join('|');
    const renewed = (await get(lapsed.id)).revisions[0].files[0];
    expect(line).toContain(`DSPT 2024/25 (revision 2) (dspt-2025.pdf sha256:${renewed.sha256})`);
    expect(line).toContain('Pen test 2026 (revision 1)');

    // What the reminders feature will ask for.
    const expiring = (days: number) => app.inject({ method: 'GET', url: `/api/evidence/expiring?withinDays=${days}`, headers: { cookie: executive.cookie } });
    expect((await expiring(30)).json()).toEqual([{ organisationId: org.id, evidenceId: current.id, title: 'Pen test 2026', revision: 1, expiresOn: addDays(today, 10), linkCount: 2 }]);
    expect((await expiring(9)).json()).toEqual([]);
    expect((await expiring(366)).json().map((e: { evidenceId: string }) => e.evidenceId)).toEqual([current.id, lapsed.id]);
    expect((await expiring(-1)).statusCode).toBe(400);
    expect((await expiring(400)).json()).toMatchObject({ statusCode: 400, details: [{ field: "withinDays" }] });

    const unlinked = await app.inject({ method: 'DELETE', url: `/api/evidence/${current.id}/links/${(await get(current.id)).links[0].id}`, headers: lead.headers });
    expect(unlinked.statusCode).toBe(204);
    rows = await requirements();
    expect(row(first.identifier).evidence.map((e) => e.id)).toEqual([lapsed.id]);
    const actions = await ownerQuery<{ action: string }>(app, `SELECT action FROM audit_event WHERE organisation_id = $1 AND entity_type = 'evidence_link' ORDER BY seq`, [org.id]);
    expect(actions.map((a) => a.action)).toEqual(['evidence.linked', 'evidence.linked', 'evidence.linked', 'evidence.unlinked']);
  });

  it('hides another organisation’s evidence behind 404s', async () => {
    const item = await createItem('Secret');
    const fileId = (await upload(item.id, { effectiveOn: '2026-01-01' }, [{ name: 'secret.pdf', content: pdf() }])).json().revisions[0].files[0].id;
    const other = await createOrganisation(app);
    const outsider = await signIn(app, other.members.org_admin.email);
    const before = await state();
    for (const attempt of [
      { method: 'GET' as const, url: `/api/evidence/${item.id}` },
      { method: 'GET' as const, url: `/api/evidence/${item.id}/files/${fileId}` },
      { method: 'PUT' as const, url: `/api/evidence/${item.id}`, payload: { title: 'mine', version: 1 } },
      { method: 'POST' as const, url: `/api/evidence/${item.id}/revisions/1/status`, payload: { status: 'in_review', version: 1 } },
    ]) {
      expect({ ...attempt, status: (await app.inject({ ...attempt, headers: outsider.headers })).statusCode }).toEqual({ ...attempt, status: 404 });
    }
    const body = multipart({ effectiveOn: '2026-01-01' }, [{ name: 'a.pdf', content: pdf() }]);
    expect((await app.inject({ method: 'POST', url: `/api/evidence/${item.id}/revisions`, headers: { ...outsider.headers, ...body.headers }, payload: body.payload })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/evidence', headers: { cookie: outsider.cookie } })).json()).toEqual([]);
    expect(await state()).toEqual(before);
  });
});
