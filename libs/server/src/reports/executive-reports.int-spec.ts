import { QueueName, ReportJob, type ExecutiveReportDto, type JourneyDetailDto } from '@pairline/contracts';
import { createHash } from 'node:crypto';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { pdfPages } from '../testing/pdf-text';
import { mailHeader, queueOf, waitFor } from '../testing/reminder-fixtures';
import { startSmtp, type ReceivedEmail, type TestSmtp } from '../testing/smtp';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

describe('executive reports', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let lead: SignedIn;
  let executive: SignedIn;
  let tpp: JourneyDetailDto;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app, 'Northwind Health');
    [lead, executive] = await Promise.all([signIn(app, org.members.compliance_lead.email), signIn(app, org.members.executive.email)]);
    const productId = (await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name: 'CarePlan', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'undetermined' } })).json().id;
    tpp = (await app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId, mechanismId: 'im1_transaction', providerSupplierId: 'tpp' } })).json();
    await app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId, mechanismId: 'gpc_access_record_structured' } });
  });
  afterAll(() => app.close());

  const generate = (as: SignedIn) => app.inject({ method: 'POST', url: '/api/executive-reports', headers: as.headers, payload: {} });
  const download = (id: string, as: SignedIn) => app.inject({ method: 'GET', url: `/api/executive-reports/${id}/pdf`, headers: { cookie: as.cookie } });

  it('generates a PDF with embedded fonts and page numbers, stores it with its hash and saves a baseline', async () => {
    const response = await generate(executive);
    expect(response.statusCode).toBe(201);
    const report: ExecutiveReportDto = response.json();
    expect(report).toMatchObject({ trigger: 'on_demand', comparedWithAsOf: null, generatedByName: expect.any(String) });
    const file = await download(report.id, executive);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="pairline-executive-report-${report.period}.pdf"`);
    const pdf = file.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(report.sha256);
    const raw = pdf.toString('latin1');
    // Fonts embedded (a font file stream), not referenced by name only.
    expect(raw).toMatch(/\/FontFile[23]?/);
    expect(raw).not.toMatch(/\/BaseFont \/Helvetica/);
    const pages = pdfPages(pdf);
    expect(pages[0]).toMatch(/^Executive report: \w+ \d{4}\nNorthwind Health · as of \d{4}-\d{2}-\d{2}/);
    for (const heading of ['Summary', 'Portfolio: current stage per provider supplier', 'Timeline: each journey', 'Slips since the last report', 'Milestones in the next 90 days']) expect(pages.join('\n')).toContain(heading);
    expect(pages[0]).toContain('SystmOne (TPP)');
    expect(pages[0]).toContain('IM1 Transaction: Prerequisites');
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
    const baselines = (await app.inject({ method: 'GET', url: '/api/timeline-baselines', headers: { cookie: executive.cookie } })).json();
    expect(baselines.map((b: { name: string }) => b.name)).toContain(`Executive report ${report.period}`);
  });

  it('measures the next report against the previous one and keeps both PDFs as generated', async () => {
    const [first] = (await app.inject({ method: 'GET', url: '/api/executive-reports', headers: { cookie: executive.cookie } })).json() as ExecutiveReportDto[];
    const stage = tpp.stages[0];
    expect((await app.inject({ method: 'PUT', url: `/api/journeys/${tpp.id}/stages/${stage.key}`, headers: lead.headers, payload: { durationWorkingDays: stage.durationWorkingDays + 15, version: stage.version } })).statusCode).toBe(200);
    const second: ExecutiveReportDto = (await generate(lead)).json();
    expect(second.comparedWithAsOf).toBe(first.asOf);
    const slips = pdfPages((await download(second.id, lead)).rawPayload).join('\n');
    expect(slips).toMatch(/Slips since the last report[\s\S]*CarePlan[\s\S]*SystmOne · IM1\s+Transaction[\s\S]*\+15 Prerequisites and use case/);
    expect(second.sha256).not.toBe(first.sha256);
    expect(createHash('sha256').update((await download(first.id, executive)).rawPayload).digest('hex')).toBe(first.sha256);
    const audit = await ownerQuery<{ action: string }>(app, `SELECT action FROM audit_event WHERE organisation_id = $1 AND entity_type = 'executive_report' ORDER BY seq`, [org.id]);
    expect(audit.map((a) => a.action)).toEqual(['executive_report.generated', 'executive_report.generated']);
  });

  it('lets only those who may save baselines generate, and keeps other organisations out', async () => {
    const contributor = await signIn(app, org.members.contributor.email);
    expect((await generate(contributor)).statusCode).toBe(403);
    const [report] = (await app.inject({ method: 'GET', url: '/api/executive-reports', headers: { cookie: contributor.cookie } })).json() as ExecutiveReportDto[];
    const other = await createOrganisation(app);
    const outsider = await signIn(app, other.members.executive.email);
    expect((await download(report.id, outsider)).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/executive-reports', headers: { cookie: outsider.cookie } })).json()).toEqual([]);
  });
});

describe('scheduled work: monthly executive reports and nightly forecast snapshots (BullMQ, email outbox, real SMTP)', () => {
  const messages: ReceivedEmail[] = [];
  let smtp: TestSmtp;
  let app: TestApp;
  let orgs: TestOrganisation[];

  beforeAll(async () => {
    smtp = await startSmtp({ messages });
    app = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://pairline.example', EMAIL_RETRY_DELAY_MS: '200' });
    orgs = [await createOrganisation(app, 'Monthly One'), await createOrganisation(app, 'Monthly Two')];
  });
  afterAll(async () => {
    await app.close();
    await smtp.stop();
  });

  const scheduled = (org: TestOrganisation) => ownerQuery<{ id: string; period: string }>(app, `SELECT id, period FROM executive_report WHERE organisation_id = $1 AND trigger = 'scheduled'`, [org.id]);

  it('registers the monthly report at 07:00 and the nightly snapshots at 02:15, London time', async () => {
    expect(await queueOf(app, QueueName.Reports).getJobScheduler(ReportJob.Monthly)).toMatchObject({ pattern: '0 7 1 * *', tz: 'Europe/London' });
    expect(await queueOf(app, QueueName.Reports).getJobScheduler(ReportJob.DailySnapshots)).toMatchObject({ pattern: '15 2 * * *', tz: 'Europe/London' });
  });

  it("stores every organisation's forecast snapshots nightly, whether anyone read them or not", async () => {
    const admin = await signIn(app, orgs[1].members.org_admin.email);
    const productId = (await app.inject({ method: 'POST', url: '/api/products', headers: admin.headers, payload: { name: 'Nightly', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'undetermined' } })).json().id;
    const journey = (await app.inject({ method: 'POST', url: '/api/journeys', headers: admin.headers, payload: { productId, mechanismId: 'im1_bulk', providerSupplierId: 'tpp' } })).json();
    await ownerQuery(app, `DELETE FROM journey_forecast_snapshot WHERE journey_id = $1`, [journey.id]);
    const queue = queueOf(app, QueueName.Reports);
    await queue.add(ReportJob.DailySnapshots, {}, { jobId: 'snapshots-test' });
    await waitFor(async () => (await queue.getJob('snapshots-test'))?.isCompleted(), (done) => done === true, 30_000, 'the nightly snapshots');
    expect(await ownerQuery(app, `SELECT forecast_go_live IS NOT NULL AS forecast FROM journey_forecast_snapshot WHERE journey_id = $1`, [journey.id])).toEqual([{ forecast: true }]);
  });

  it("emails each organisation's executives exactly once per month, however often the run repeats", async () => {
    const queue = queueOf(app, QueueName.Reports);
    await queue.add(ReportJob.Monthly, {}, { jobId: 'monthly-test-1' });
    // Done when both organisations' jobs have finished (the scheduler's next run stays delayed).
    const finished = () => queue.getJobs(['completed', 'failed']).then((jobs) => jobs.filter((j) => j.name === ReportJob.Generate));
    for (const job of await waitFor(finished, (jobs) => jobs.length === 2, 30_000, 'the first run')) expect({ job: job.id, failed: job.failedReason ?? null }).toEqual({ job: job.id, failed: null });
    await waitFor(() => messages.length, (n) => n === 2, 30_000, 'one email per executive');
    // The same month's run again (a retry, a second worker): no second report, no second email.
    await queue.add(ReportJob.Monthly, {}, { jobId: 'monthly-test-2' });
    await waitFor(async () => (await queue.getJob('monthly-test-2'))?.isCompleted(), (done) => done === true, 30_000, 'the second monthly run');
    // And the report job itself run again (as a retry would): still one report, no second email.
    await queue.add(ReportJob.Generate, { organisationId: orgs[0].id, period: (await scheduled(orgs[0]))[0].period }, { jobId: 'generate-again' });
    await waitFor(async () => (await queue.getJob('generate-again'))?.isCompleted(), (done) => done === true, 30_000, 'the repeated report job');
    await waitFor(() => queue.getJobCounts('active', 'waiting', 'prioritized'), (c) => c.active + c.waiting + c.prioritized === 0, 30_000, 'the second run');
    expect(messages.map((m) => m.to[0]).sort()).toEqual(orgs.map((o) => o.members.executive.email).sort());
    for (const org of orgs) expect(await scheduled(org)).toHaveLength(1);
    const [report] = await scheduled(orgs[0]);
    const email = messages.find((m) => m.to[0] === orgs[0].members.executive.email)!;
    expect(mailHeader(email.raw, 'Subject')).toMatch(/^Pairline executive report: \w+ \d{4} \(Monthly One\)$/);
    expect(email.text).toContain(`https://pairline.example/api/executive-reports/${report.id}/pdf`);
    const sent = await ownerQuery<{ state: string }>(app, `SELECT state FROM email_outbox WHERE event_id = $1`, [`executive-report:${report.id}`]);
    expect(sent).toEqual([{ state: 'sent' }]);
  }, 90_000);
});
