import { expect, test, type Page } from '@playwright/test';
import { CSRF_HEADER } from '@pairline/contracts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAccounts } from './accounts';
import { FOUNDATION_HEADERS, nhsScalWorkbook, readXlsx, VERDICTS } from './scal-workbook';
import { signIn } from './session';

const artifacts = join(__dirname, '../artifacts');
const run = Date.now();

/**
 * A pipe-separated SCAL in which "Requirement" is a short title and "Detail" the full text: the
 * suggested mapping takes "Requirement" for the description, and the user corrects it.
 */
const GOOD_CSV = [
  'Ref|Tab|Requirement|Detail|Priority|Evidence|Env',
  "E2E-ORG-01|Baseline|ODS code|State the organisation's ODS code as the Organisation Data Service publishes it.|MUST|ODS record|ENVNA",
  'E2E-ORG-02|Baseline|DSPT|Publish a DSPT assessment with the status Standards Met.|MUST|DSPT status page|ENVNA',
  'E2E-SEC-01|Security|Pen test|An independent penetration test of the product as it will be deployed.|MUST|Penetration test report|Internet Facing',
  'E2E-SEC-02|Security|Findings|Every medium and high penetration-test finding is fixed or has a mitigation.|SHOULD|Mitigation report|ENVNA',
].join('\n');

const BAD_CSV = ['Requirement ID,Description,Level', 'BAD-01,A complete row,MUST', 'BAD-02,,MUST', 'BAD-03,A row with a level nobody uses,OFTEN'].join('\n');

async function csrf(page: Page): Promise<Record<string, string>> {
  const session = await (await page.request.get('/api/auth/session')).json();
  return { [CSRF_HEADER]: session.csrfToken };
}

/** A product and an IM1 journey of its own (through the API: the journey pages are tested elsewhere). */
async function createJourney(page: Page, productName: string): Promise<{ journeyId: string; productName: string }> {
  const headers = await csrf(page);
  const product = await page.request.post('/api/products', { headers, data: { name: productName, useCase: 'Repeat prescriptions', intendedUsers: 'Patients', medicalDeviceStatus: 'undetermined' } });
  expect(product.status()).toBe(201);
  const journey = await page.request.post('/api/journeys', { headers, data: { productId: (await product.json()).id, mechanismId: 'im1_transaction', providerSupplierId: 'tpp' } });
  expect(journey.status()).toBe(201);
  return { journeyId: (await journey.json()).id, productName };
}

/** More rows than a page of the requirement table holds, in a section of their own. */
const FOUNDATION_ROWS = Array.from({ length: 26 }, (_, i) => `E2E-FND-${String(i + 1).padStart(2, '0')}|Foundation|Rule ${i + 1}|Foundation rule ${i + 1} of the consumer.|MUST|Screenshot|INT`);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One file as multipart/form-data in a part named `file`, as the SCAL import endpoints take it. */
async function upload(page: Page, url: string, name: string, buffer: Buffer, mimeType = 'text/csv') {
  return page.request.post(url, { headers: await csrf(page), multipart: { file: { name, mimeType, buffer } } });
}

/** A file uploaded and imported through the API, for tests about what comes after the wizard. */
async function importFile(page: Page, file: { name: string; buffer: Buffer; mimeType?: string }, body: { name: string; key: string; mapping?: Record<string, string | null>; sheets?: object }): Promise<string> {
  const uploaded = await upload(page, '/api/scal-templates/files', file.name, file.buffer, file.mimeType);
  expect(uploaded.status()).toBe(201);
  const preview = await uploaded.json();
  const template = await page.request.post('/api/scal-templates/import', { headers: await csrf(page), data: { fileId: preview.file.id, mapping: body.mapping ?? preview.suggestedMapping, ...body } });
  expect(template.status(), await template.text()).toBe(201);
  return (await template.json()).id;
}

/** The good CSV (and optionally more rows) imported through the API. */
const importTemplate = (page: Page, name: string, key: string, extraRows: string[] = []) =>
  importFile(page, { name: 'gp-scal.csv', buffer: Buffer.from([GOOD_CSV, ...extraRows].join('\n')) }, {
    name,
    key,
    mapping: { Ref: 'identifier', Tab: 'section', Requirement: null, Detail: 'description', Priority: 'level', Evidence: 'evidenceRequired', Env: 'environment' },
  });

/** The settings the wizard test settles for the NHS-style workbook, for the tests that import it through the API. */
const NHS_SHEETS = { 'Cross Cap': { headerRow: 20, defaultLevel: 'SHOULD' } };
const nhsMapping = (suggested: Record<string, string | null>) => ({ ...suggested, Req: 'identifier', Wording: 'description' });

/** Attaches a new SCAL of the template to the journey through the API and opens the journey's SCAL tab. */
async function openScalTab(page: Page, journeyId: string, templateId: string): Promise<void> {
  const scal = await page.request.post('/api/scals', { headers: await csrf(page), data: { templateId, journeyIds: [journeyId] } });
  expect(scal.status()).toBe(201);
  await page.goto(`/#/journeys/${encodeURIComponent(journeyId)}/show`);
  await page.getByTestId('tab-scal').click();
  await expect(page.getByTestId('scal-panel')).toBeVisible();
}

/** Chooses a file in the wizard: it is uploaded at once, and the wizard moves on to the tabs. */
async function chooseFile(page: Page, name: string, content: string | Buffer, mimeType = 'text/csv') {
  await page.getByTestId('import-file-input').setInputFiles({ name, mimeType, buffer: typeof content === 'string' ? Buffer.from(content, 'utf8') : content });
  // Read on the server's document threads before the answer comes: allow for a loaded machine.
  await expect(page.getByTestId('import-sheets')).toBeVisible({ timeout: 30_000 });
  await settled(page);
}

/** Waits until the wizard shows the server's reading of the settings on screen (every change re-reads the file). */
async function settled(page: Page) {
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-settled', 'true', { timeout: 20_000 });
}

const mappingRow = (page: Page, header: string) => page.locator(`[data-testid="mapping-row"][data-header="${header}"]`);
const sheetRow = (page: Page, sheet: string) => page.locator(`[data-testid="import-sheet-row"][data-sheet="${sheet}"]`);

async function mapHeader(page: Page, header: string, target: string) {
  await mappingRow(page, header).getByRole('combobox').click();
  await page.getByRole('option', { name: target, exact: true }).click();
  await settled(page);
}

async function pick(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).getByRole('combobox').click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

const count = (page: Page, status: string) => page.getByTestId(`scal-count-${status}`);

test.describe('SCAL', () => {
  test('a compliance lead imports a CSV through the wizard with a corrected mapping; a bad file shows its rejected rows', async ({ page }) => {
    test.setTimeout(60_000);
    await signIn(page, loadAccounts().compliance_lead);
    await page.getByTestId('menu-scal-templates').click();
    await page.getByTestId('import-scal-template').click();
    await expect(page.getByTestId('scal-import-wizard')).toBeVisible();

    // A file that is not a workbook is refused on upload, with the server's reason, and the wizard stays on its first step.
    await page.getByTestId('import-file-input').setInputFiles({ name: 'notes.xlsx', mimeType: XLSX, buffer: Buffer.from('not a workbook at all') });
    await expect(page.getByTestId('import-read-error')).toHaveText('notes.xlsx is named .xlsx but is not an xlsx workbook.');
    await expect(page.getByTestId('import-sheets')).toHaveCount(0);

    // A bad file: every rejected row is listed with its row number and reason, and nothing can be imported.
    await chooseFile(page, 'broken.csv', BAD_CSV);
    await expect(sheetRow(page, 'broken.csv').getByTestId('sheet-rejected')).toHaveText('2 rows refused');
    await page.getByTestId('import-next').click();
    await expect(mappingRow(page, 'Requirement ID').getByRole('combobox')).toHaveText('Identifier');
    await page.getByTestId('import-next').click();
    await expect(page.getByTestId('import-rejected-summary')).toContainText('2 rows cannot be imported');
    const rejected = page.getByTestId('rejected-rows').getByTestId('rejected-row');
    await expect(rejected).toHaveCount(2);
    await expect(rejected.nth(0).getByRole('cell')).toHaveText(['broken.csv', '3', 'Description is empty.']);
    await expect(rejected.nth(1).getByRole('cell')).toHaveText(['broken.csv', '4', 'Unknown level "OFTEN" (expected MUST, SHOULD or MAY).']);
    await expect(page.locator('[data-testid="preview-row"][data-row="4"]')).toHaveAttribute('data-kind', 'rejected');
    await page.screenshot({ path: join(artifacts, 'scal-import-rejected.png'), fullPage: true });
    await page.getByTestId('import-next').click();
    await expect(page.getByTestId('import-not-ready')).toContainText('2 rows cannot be imported');
    await expect(page.getByTestId('import-confirm')).toBeDisabled();

    // A good, pipe-separated file whose description is in "Detail", not in the "Requirement" the suggestion picks.
    await page.getByTestId('import-step-0').click();
    await chooseFile(page, 'gp-scal.csv', GOOD_CSV);
    await page.getByTestId('import-next').click();
    await expect(mappingRow(page, 'Ref').getByRole('combobox')).toHaveText('Identifier');
    await expect(mappingRow(page, 'Tab').getByRole('combobox')).toHaveText('Section');
    await expect(mappingRow(page, 'Requirement').getByRole('combobox')).toHaveText('Description');
    await expect(mappingRow(page, 'Priority').getByRole('combobox')).toHaveText('Level (MUST/SHOULD/MAY)');
    await mapHeader(page, 'Requirement', 'Ignore this column');
    await mapHeader(page, 'Detail', 'Description');
    await page.screenshot({ path: join(artifacts, 'scal-import-mapping.png'), fullPage: true });
    await page.getByTestId('import-next').click();
    await expect(page.getByTestId('import-ready')).toContainText('4 requirements ready to import');
    await expect(page.getByTestId('preview-rows')).toContainText('An independent penetration test of the product as it will be deployed.');
    await page.getByTestId('import-next').click();
    // The first file read names the template until the user names it (the refused one does not).
    await expect(page.getByLabel('Template name')).toHaveValue('broken');
    await page.getByLabel('Template name').fill(`GP SCAL e2e ${run}`);
    await page.getByLabel('Key').fill(`gp-scal-e2e-${run}`);
    await page.getByTestId('import-confirm').click();

    // The new version's page: its sections and the full requirement text.
    await expect(page).toHaveURL(/#\/scal-templates\/[^/]+\/show/);
    await expect(page.getByTestId('scal-template-title')).toHaveText(`GP SCAL e2e ${run}`);
    await expect(page.getByTestId('scal-template-sections')).toContainText('Baseline · 2');
    await expect(page.getByTestId('scal-template-sections')).toContainText('Security · 2');
    await expect(page.getByTestId('template-requirement-row').filter({ hasText: 'E2E-ORG-01' })).toContainText('as the Organisation Data Service publishes it');
  });

  test('an NHS-style workbook imports through the wizard: a corrected header row, a tab level, a mapped column, sub-headings and a reused identifier', async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, loadAccounts().compliance_lead);
    await page.getByTestId('menu-scal-templates').click();
    await page.getByTestId('import-scal-template').click();
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/scal-templates/files') uploads.push(request.headers()['content-type'] ?? '');
    });
    await chooseFile(page, 'nhs-scal.xlsx', await nhsScalWorkbook(), XLSX);

    // The tabs as the server first reads them: the header found on row 15, the key block on Cross Cap taken for a header, the hidden tab listed.
    await expect(page.getByTestId('import-sheet-row')).toHaveCount(4);
    await expect(sheetRow(page, 'Foundation').getByRole('spinbutton')).toHaveValue('15');
    await expect(sheetRow(page, 'Foundation').getByTestId('sheet-requirements')).toHaveText('4');
    await expect(sheetRow(page, 'Foundation').getByTestId('sheet-headings')).toHaveText('2');
    await expect(sheetRow(page, 'Foundation').getByTestId('sheet-below-table')).toHaveText('3');
    await expect(sheetRow(page, 'Lists').getByTestId('sheet-hidden')).toHaveText('hidden');
    await expect(sheetRow(page, 'Lists').getByTestId('sheet-layout-only')).toBeVisible();
    await expect(sheetRow(page, 'Cover').getByTestId('sheet-layout-only')).toBeVisible();
    await expect(sheetRow(page, 'Cross Cap').getByRole('spinbutton')).toHaveValue('6');
    await expect(sheetRow(page, 'Cross Cap').getByTestId('sheet-rejected')).toBeVisible();

    // The real header of Cross Cap is on row 20; the tab has no level column, and its rows are SHOULDs.
    await sheetRow(page, 'Cross Cap').getByRole('spinbutton').fill('20');
    await settled(page);
    await expect(sheetRow(page, 'Cross Cap').getByTestId('sheet-use-suggested')).toHaveText('Use suggested (6)');
    await sheetRow(page, 'Cross Cap').getByTestId('sheet-level').getByRole('combobox').click();
    await page.getByRole('option', { name: 'SHOULD', exact: true }).click();
    await settled(page);
    await page.screenshot({ path: join(artifacts, 'scal-import-tabs.png'), fullPage: true });

    // Columns: one select per header across the tabs; Cross Cap's own spellings are mapped by hand.
    await page.getByTestId('import-next').click();
    await expect(mappingRow(page, 'Evidence Required').getByTestId('mapping-tabs')).toContainText('Foundation');
    await expect(mappingRow(page, 'Evidence Required').getByTestId('mapping-tabs')).toContainText('Cross Cap');
    await expect(mappingRow(page, 'NHS England Review').getByRole('combobox')).toHaveText('NHS England review');
    await expect(mappingRow(page, 'Req').getByRole('combobox')).toHaveText('Ignore this column');
    await expect(page.getByTestId('import-summary-count')).toHaveText('4 requirements');
    await mapHeader(page, 'Req', 'Identifier');
    await mapHeader(page, 'Wording', 'Description');
    await expect(page.getByTestId('import-summary-count')).toHaveText('7 requirements');
    await expect(page.getByTestId('mapping-sheet-problems')).toHaveCount(0);
    await page.screenshot({ path: join(artifacts, 'scal-import-columns.png'), fullPage: true });

    // Rows as the mapping reads them: sub-headings, requirements, the list below the table; the reused identifier explained.
    await page.getByTestId('import-next').click();
    await expect(page.getByTestId('import-ready')).toContainText('7 requirements ready to import from 2 tabs');
    await expect(page.getByTestId('reused-identifiers')).toContainText('SHR-01');
    await expect(page.getByTestId('reused-identifiers')).toContainText('The same identifier on two tabs is two requirements');
    const foundation = page.locator('[data-testid="preview-rows"][data-sheet="Foundation"]');
    await expect(foundation.locator('[data-row="16"]')).toHaveAttribute('data-kind', 'heading');
    await expect(foundation.locator('[data-row="16"]')).toContainText('1. Information Governance');
    await expect(foundation.locator('[data-row="17"]')).toHaveAttribute('data-kind', 'requirement');
    await expect(foundation.locator('[data-row="25"]')).toHaveAttribute('data-kind', 'layout');
    await page.screenshot({ path: join(artifacts, 'scal-import-rows.png'), fullPage: true });
    await page.getByTestId('preview-tab').filter({ hasText: 'Cross Cap' }).click();
    await expect(page.locator('[data-testid="preview-rows"][data-sheet="Cross Cap"] [data-row="22"]')).toContainText('Errors from the GP system');

    await page.getByTestId('import-next').click();
    await page.getByLabel('Template name').fill(`NHS SCAL e2e ${run}`);
    await page.getByLabel('Key').fill(`nhs-scal-e2e-${run}`);
    await page.getByTestId('import-confirm').click();
    await expect(page).toHaveURL(/#\/scal-templates\/[^/]+\/show/);
    await expect(page.getByTestId('scal-template-title')).toHaveText(`NHS SCAL e2e ${run}`);
    await expect(page.getByTestId('scal-template-sheets')).toContainText('Cross Cap · header row 20');
    await expect(page.getByTestId('scal-template-sheets')).toContainText('Lists · header row 1 · hidden');
    const requirement = (identifier: string) => page.getByTestId('template-requirement-row').filter({ has: page.getByRole('cell', { name: identifier, exact: true }) });
    await expect(page.getByTestId('template-requirement-row')).toHaveCount(7);
    await expect(requirement('SHR-01 (Foundation)')).toContainText('Clinical users sign in with an NHS smartcard.');
    await expect(requirement('SHR-01 (Cross Cap)')).toContainText('Smartcard sessions end when the card is removed.');
    await expect(requirement('CC-01')).toContainText('SHOULD');
    await expect(requirement('FND-03')).toContainText('2. Security');
    await page.screenshot({ path: join(artifacts, 'scal-template-imported.png'), fullPage: true });
    // Uploaded once, as multipart; every change after that re-read the kept file.
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatch(/^multipart\/form-data; boundary=/);
  });

  test('a large import shows how many rows are stored as it runs, then opens the template', async ({ page }) => {
    test.setTimeout(90_000);
    const rows = 3_000;
    const csv = ['Requirement ID,Description,MUST/SHOULD', ...Array.from({ length: rows }, (_, i) => `E2E-BIG-${i + 1},Large workbook requirement ${i + 1},MUST`)].join('\n');
    await signIn(page, loadAccounts().compliance_lead);
    await page.getByTestId('menu-scal-templates').click();
    await page.getByTestId('import-scal-template').click();
    await chooseFile(page, 'large-scal.csv', csv);
    await page.getByTestId('import-step-4').click();
    await expect(page.getByTestId('import-ready')).toContainText('3,000 requirements ready to import');
    await page.getByLabel('Template name').fill(`Large SCAL e2e ${run}`);
    await page.getByLabel('Key').fill(`large-scal-e2e-${run}`);

    // The first poll is held until the wizard has been seen showing the run's own count.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let polls = 0;
    await page.route('**/api/scal-templates/import-runs/*', async (route) => {
      if (polls++ === 0) await held;
      await route.continue();
    });
    const seen: { status: string; processedRows: number }[] = [];
    page.on('response', async (response) => {
      if (/\/api\/scal-templates\/import-runs\/[^/]+$/.test(response.url()) && response.request().method() === 'GET') seen.push(await response.json());
    });
    await page.getByTestId('import-confirm').click();
    const progress = page.getByTestId('import-run-progress');
    await expect(progress.getByRole('progressbar', { name: 'Rows stored' })).toHaveAttribute('aria-valuenow', /^\d+$/);
    await expect(page.getByTestId('import-run-count')).toContainText(/^[\d,]+ of 3,000 rows stored/);
    await expect(page.getByTestId('import-confirm')).toBeDisabled();
    await page.screenshot({ path: join(artifacts, 'scal-import-progress.png'), fullPage: true });
    release();

    await expect(page).toHaveURL(/#\/scal-templates\/[^/]+\/show/, { timeout: 60_000 });
    // A 3,000-row template's page takes a while to draw on a loaded machine.
    await expect(page.getByTestId('scal-template-title')).toHaveText(`Large SCAL e2e ${run}`, { timeout: 20_000 });
    await expect(page.getByTestId('scal-template-sections')).toContainText('· 3000');
    expect(seen.at(-1)).toMatchObject({ status: 'completed', processedRows: rows });
    const counts = seen.map((r) => r.processedRows);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    // The template list counts each version's requirements.
    await page.getByTestId('menu-scal-templates').click();
    await expect(page.getByTestId('scal-templates-list').getByRole('row').filter({ hasText: `Large SCAL e2e ${run}` })).toContainText('3,000');
  });

  test('a compliance lead attaches a SCAL to a journey, answers a requirement, meets a stale version and bulk-changes a filtered selection', async ({ page }) => {
    test.setTimeout(150_000);
    const lead = loadAccounts().compliance_lead;
    await signIn(page, lead);
    const headers = await csrf(page);
    // The template comes through the API here; the wizard has its own test above.
    await importTemplate(page, `Journey SCAL e2e ${run}`, `journey-scal-e2e-${run}`, FOUNDATION_ROWS);
    const { journeyId } = await createJourney(page, `SCAL e2e ${run}`);

    await page.goto(`/#/journeys/${encodeURIComponent(journeyId)}/show`);
    await page.getByTestId('tab-scal').click();
    await expect(page.getByTestId('scal-panel-empty')).toBeVisible();
    await page.getByTestId('attach-scal').click();
    await pick(page, 'attach-scal-template', new RegExp(`Journey SCAL e2e ${run}`));
    await page.getByTestId('attach-scal-dialog-submit').click();
    await expect(page.getByTestId('scal-panel')).toBeVisible();
    await expect(page.getByTestId('scal-overall-summary')).toHaveText('0 of 30 started · 0 accepted');
    await expect(page.getByTestId('scal-fully-completed')).toHaveAttribute('data-met', 'false');

    // Non-compliant without a justification cannot go to review: the server says why, and nothing is saved.
    const row = (identifier: string) => page.locator(`[data-testid="scal-requirement-row"][data-identifier="${identifier}"]`);
    await row('E2E-SEC-01').click();
    const dialog = page.getByTestId('scal-requirement-dialog');
    await dialog.getByRole('radio', { name: 'Non-compliant' }).check();
    await expect(dialog.getByTestId('scal-justification')).toContainText('Required unless compliant');
    await pick(page, 'scal-status', 'Ready for review');
    await dialog.getByTestId('scal-requirement-save').click();
    await expect(dialog.getByTestId('scal-requirement-error')).toHaveText('E2E-SEC-01 needs a justification: it is answered non compliant.');
    await page.screenshot({ path: join(artifacts, 'scal-justification-refused.png'), fullPage: true });

    // With a justification it is saved and counted as ready for review.
    await dialog.getByLabel('Justification').fill('The test is booked for next month; the report follows it.');
    await dialog.getByTestId('scal-requirement-save').click();
    await expect(dialog).toBeHidden();
    await expect(row('E2E-SEC-01')).toContainText('Non-compliant');
    await expect(row('E2E-SEC-01').getByTestId('scal-status-chip')).toHaveText('Ready for review');
    await expect(count(page, 'ready_for_review')).toHaveAttribute('data-count', '1');

    // Someone else saves a requirement while it is open here: the save is refused with a way to reload.
    await row('E2E-ORG-01').click();
    await dialog.getByRole('radio', { name: 'Compliant', exact: true }).check();
    const scalId = await page.evaluate(() => (document.querySelector('[data-testid="scal-panel"]') as HTMLElement).dataset.scalId);
    const concurrent = await page.request.put(`/api/scals/${scalId}/requirements/E2E-ORG-01`, { headers, data: { response: 'not_applicable', justification: 'Changed elsewhere', version: 0 } });
    expect(concurrent.status()).toBe(200);
    await dialog.getByTestId('scal-requirement-save').click();
    await expect(dialog.getByTestId('scal-stale')).toContainText('Someone changed E2E-ORG-01 since you opened it');
    await dialog.getByTestId('scal-reload').click();
    await expect(dialog.getByRole('radio', { name: 'Not applicable' })).toBeChecked();
    await expect(dialog.getByLabel('Justification')).toHaveValue('Changed elsewhere');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Filtered by response and by lapsed evidence, on the server.
    await pick(page, 'scal-filter-response', 'Non-compliant');
    await expect(page.getByTestId('scal-requirement-row')).toHaveCount(1);
    await expect(row('E2E-SEC-01')).toBeVisible();
    await pick(page, 'scal-filter-response', 'Not applicable');
    await expect(page.getByTestId('scal-requirement-row')).toHaveCount(1);
    await expect(row('E2E-ORG-01')).toBeVisible();
    await pick(page, 'scal-filter-response', 'Not answered');
    await expect(page.getByTestId('scal-requirement-row')).toHaveCount(25);
    await expect(row('E2E-ORG-01')).toHaveCount(0);
    await pick(page, 'scal-filter-attention', 'Needs attention (lapsed)');
    await expect(page.getByTestId('scal-requirement-row')).toHaveCount(0);
    await pick(page, 'scal-filter-attention', 'Any');
    await pick(page, 'scal-filter-response', 'Any');
    await expect(row('E2E-ORG-01')).toBeVisible();

    // Bulk: the Baseline section, filtered on the server, gets an owner and moves to in progress.
    await pick(page, 'scal-filter-section', 'Baseline');
    await expect(page.getByTestId('scal-requirement-row')).toHaveCount(2);
    await page.getByRole('checkbox', { name: 'Select this page' }).check();
    await expect(page.getByTestId('scal-selection-count')).toHaveText('2 selected');
    await page.getByTestId('scal-bulk-owner-action').click();
    await pick(page, 'scal-bulk-owner', lead.name);
    await page.getByTestId('scal-bulk-dialog-submit').click();
    await expect(page.getByTestId('scal-bulk-dialog')).toBeHidden();
    await expect(page.getByTestId('scal-row-owner')).toHaveText([lead.name, lead.name]);

    // A status no row may take is refused for the lot, each row named, and nothing changes.
    await page.getByRole('checkbox', { name: 'Select this page' }).check();
    await page.getByTestId('scal-bulk-status-action').click();
    await pick(page, 'scal-bulk-status', 'Accepted by NHS England');
    await page.getByTestId('scal-bulk-dialog-submit').click();
    await expect(page.getByTestId('scal-bulk-dialog-error')).toContainText('2 of 2 requirement(s) cannot be changed; nothing was changed.');
    await expect(page.getByTestId('scal-bulk-rejected')).toContainText('E2E-ORG-02 cannot go from not started to accepted');
    await pick(page, 'scal-bulk-status', 'In progress');
    await page.getByTestId('scal-bulk-dialog-submit').click();
    await expect(page.getByTestId('scal-bulk-dialog')).toBeHidden();
    // E2E-ORG-01 was already in progress (answered elsewhere); E2E-ORG-02 joins it.
    await expect(count(page, 'in_progress')).toHaveAttribute('data-count', '2');
    await expect(count(page, 'not_started')).toHaveAttribute('data-count', '27');
    await expect(page.getByTestId('scal-overall-summary')).toHaveText('3 of 30 started · 0 accepted');
    await page.screenshot({ path: join(artifacts, 'scal-journey-panel.png'), fullPage: true });

    // The whole filtered selection, beyond the page on screen: 26 Foundation rows, 25 to a page.
    await pick(page, 'scal-filter-section', 'Foundation');
    await expect(page.getByTestId('scal-requirement-row')).toHaveCount(25);
    await page.getByRole('checkbox', { name: 'Select this page' }).check();
    await page.getByTestId('scal-select-all-matching').click();
    await expect(page.getByTestId('scal-selection-count')).toHaveText('All 26 requirements matching the filters');
    await page.getByTestId('scal-bulk-due-action').click();
    await page.getByTestId('scal-bulk-due').getByLabel('Due').fill('2027-01-29');
    await page.getByTestId('scal-bulk-dialog-submit').click();
    await expect(page.getByTestId('scal-bulk-dialog')).toBeHidden();
    const rows: { identifier: string; dueOn: string | null }[] = await (await page.request.get(`/api/scals/${scalId}/requirements?range=[0,99]`)).json();
    expect(rows.filter((r) => r.dueOn === '2027-01-29').map((r) => r.identifier).sort()).toEqual(FOUNDATION_ROWS.map((r) => r.split('|')[0]));

    // A journey of the same product started later joins this SCAL, answers and all, rather than starting its own.
    const { productId } = await (await page.request.get(`/api/journeys/${journeyId}`)).json();
    const later = await page.request.post('/api/journeys', { headers, data: { productId, mechanismId: 'im1_patient', providerSupplierId: 'tpp' } });
    expect(later.status()).toBe(201);
    await page.goto(`/#/journeys/${encodeURIComponent((await later.json()).id)}/show`);
    await page.getByTestId('tab-scal').click();
    await expect(page.getByTestId('scal-panel-empty')).toBeVisible();
    await page.getByTestId('join-product-scal').getByTestId('join-scal').click();
    await expect(page.getByTestId('scal-panel')).toBeVisible();
    await expect(page.getByTestId('scal-shared-with')).toBeVisible();
    await expect(page.getByTestId('scal-overall-summary')).not.toHaveText(/^0 of 30 started/);
    await expect(row('E2E-SEC-01')).toContainText('Non-compliant');
  });

  test('a compliance lead uploads and approves evidence, links it to a requirement, records the stage-one SCAL and exports it', async ({ page }) => {
    test.setTimeout(90_000);
    await signIn(page, loadAccounts().compliance_lead);
    const templateId = await importTemplate(page, `Evidence SCAL e2e ${run}`, `evidence-scal-e2e-${run}`);
    const { journeyId } = await createJourney(page, `Evidence e2e ${run}`);

    // The evidence item, then a revision: a file with the date it speaks for and its expiry.
    const title = `DSPT assessment e2e ${run}`;
    await page.getByTestId('menu-evidence').click();
    await page.getByTestId('create-evidence').click();
    // The form, not the list still on screen: the list's "Sort by title" button is labelled Title too.
    await expect(page).toHaveURL(/\/evidence\/create/);
    await page.getByRole('textbox', { name: /^Title/ }).fill(title);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('evidence-title')).toHaveText(title);
    await page.getByTestId('upload-revision').click();
    const upload = page.getByTestId('upload-revision-dialog');
    await upload.getByTestId('revision-files-input').setInputFiles({ name: 'dspt-status.txt', mimeType: 'text/plain', buffer: Buffer.from('DSPT 2026/27: Standards Met, published 12 June 2026.\n') });
    await upload.getByLabel('Effective date').fill('2026-06-12');
    await upload.getByLabel('Expires').fill('2027-06-30');
    await upload.getByTestId('upload-revision-dialog-submit').click();
    await expect(upload).toBeHidden();
    const revision = page.getByTestId('evidence-revision').first();
    await expect(revision).toContainText('12 Jun 2026');
    await expect(revision).toContainText('30 Jun 2027');
    await expect(revision.getByTestId('evidence-file-download')).toHaveText('dspt-status.txt');
    await expect(revision.getByTestId('evidence-file-download')).toHaveAttribute('href', /\/api\/evidence\/[^/]+\/files\/[^/]+$/);
    await revision.getByTestId('revision-in_review').click();
    await revision.getByTestId('revision-approved').click();
    await expect(revision.getByTestId('evidence-status-chip')).toHaveText('Approved');

    // Linked from the requirement that asks for it.
    await openScalTab(page, journeyId, templateId);
    await page.locator('[data-testid="scal-requirement-row"][data-identifier="E2E-ORG-02"]').click();
    const dialog = page.getByTestId('scal-requirement-dialog');
    await expect(dialog.getByTestId('scal-linked-evidence')).toContainText('No evidence linked. Asked for: DSPT status page');
    await dialog.getByTestId('scal-evidence-search').getByRole('combobox').fill('DSPT assessment e2e');
    await page.getByRole('option', { name: title }).click();
    await dialog.getByTestId('scal-evidence-link').click();
    await expect(dialog.getByTestId('scal-evidence-item')).toHaveCount(1);
    await expect(dialog.getByTestId('scal-evidence-item')).toContainText(title);
    await expect(dialog.getByTestId('scal-evidence-item')).toContainText('Approved');
    await page.screenshot({ path: join(artifacts, 'scal-requirement-evidence.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.locator('[data-testid="scal-requirement-row"][data-identifier="E2E-ORG-02"]').getByTestId('scal-row-evidence')).toContainText('1');

    // The stage-one SCAL is recorded as a snapshot, and the SCAL downloads as CSV.
    await page.getByTestId('scal-view-stages').click();
    await page.getByTestId('record-stage').click();
    await page.getByTestId('record-stage-dialog').getByLabel('Note').fill('Sent to NHS England');
    await page.getByTestId('record-stage-dialog-submit').click();
    await expect(page.getByTestId('scal-snapshot')).toHaveCount(1);
    await expect(page.getByTestId('scal-snapshot')).toContainText('Stage-one SCAL');
    await expect(page.getByTestId('scal-current-stage')).toHaveText('Stage-one SCAL');
    const download = page.waitForEvent('download');
    await page.getByTestId('scal-export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile((await file.path())!, 'utf8');
    expect(csv).toContain('E2E-ORG-02');
    expect(csv).toContain(title);
  });
  test('a returned workbook with NHS England verdicts changes statuses on the SCAL tab, advises the witness-test route, and exports into the workbook', async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, loadAccounts().compliance_lead);
    const headers = await csrf(page);
    const uploaded = await upload(page, '/api/scal-templates/files', 'nhs-scal.xlsx', await nhsScalWorkbook(), XLSX);
    expect(uploaded.status()).toBe(201);
    const first = await uploaded.json();
    const preview = await page.request.post(`/api/scal-templates/files/${first.file.id}/preview`, { headers, data: { sheets: NHS_SHEETS } });
    expect(preview.status()).toBe(200);
    const template = await page.request.post('/api/scal-templates/import', {
      headers,
      data: { fileId: first.file.id, mapping: nhsMapping((await preview.json()).suggestedMapping), sheets: NHS_SHEETS, name: `Returned SCAL e2e ${run}`, key: `returned-scal-e2e-${run}` },
    });
    expect(template.status(), await template.text()).toBe(201);
    const { journeyId } = await createJourney(page, `Returned workbook e2e ${run}`);
    await openScalTab(page, journeyId, (await template.json()).id);
    const scalId = await page.evaluate(() => (document.querySelector('[data-testid="scal-panel"]') as HTMLElement).dataset.scalId);
    // Answered here before the workbook comes back: the SCAL's answer is kept where the workbook differs.
    const answered = await page.request.put(`/api/scals/${scalId}/requirements/FND-01`, { headers, data: { response: 'not_applicable', justification: 'Hosted by a DSPT-compliant partner.', version: 0 } });
    expect(answered.status()).toBe(200);

    // Sub-headings of the tab group its requirements.
    const row = (identifier: string) => page.locator(`[data-testid="scal-requirement-row"][data-identifier="${identifier}"]`);
    await expect(page.getByTestId('scal-requirement-heading')).toHaveText([/^1\. Information Governance/, /^2\. Security/]);
    await expect(row('FND-02').getByTestId('scal-verdict-chip')).toHaveCount(0);

    const returned = await nhsScalWorkbook({
      foundation: {
        'FND-01': { response: 'Compliant', justification: 'DSPT 2026/27: Standards Met.', verdict: VERDICTS.satisfactory },
        'FND-02': { response: 'Compliant', verdict: VERDICTS.witness, comment: 'Demonstrate the audit trail live.' },
      },
      crossCap: { 'SHR-01': { response: 'Non-Compliant', verdict: VERDICTS.insufficient } },
      extraFoundationRows: [['FND-99', 'Compliant']],
    });
    await page.getByTestId('scal-import-workbook').click();
    await page.getByTestId('scal-workbook-input').setInputFiles({ name: 'nhs-scal-reviewed.xlsx', mimeType: XLSX, buffer: returned });
    await expect(page.getByTestId('scal-workbook-file-name')).toContainText('nhs-scal-reviewed.xlsx');
    await page.getByTestId('scal-workbook-dialog-submit').click();
    const result = page.getByTestId('scal-workbook-result');
    await expect(result.getByTestId('scal-workbook-matched')).toHaveText('3');
    await expect(result.getByTestId('scal-workbook-updated')).toHaveText('3');
    await expect(result.getByTestId('scal-workbook-answers-filled')).toHaveText('2');
    await expect(result.getByTestId('scal-workbook-verdict')).toHaveCount(3);
    await expect(result.locator('[data-testid="scal-workbook-verdict"][data-verdict="witness_testing"]')).toContainText('1 ×Witness testing');
    await expect(result.getByTestId('scal-workbook-conflicts')).toContainText('FND-01');
    await expect(result.getByTestId('scal-workbook-unmatched')).toContainText('FND-99');
    await page.screenshot({ path: join(artifacts, 'scal-returned-workbook-result.png'), fullPage: true });
    await result.getByTestId('scal-workbook-result-close').click();

    // The requirement list is read again: statuses follow the verdicts, each verdict shown with its comment.
    await expect(row('FND-02').getByTestId('scal-status-chip')).toHaveText('Submitted');
    await expect(row('FND-02').getByTestId('scal-verdict-chip')).toHaveText(VERDICTS.witness);
    await expect(row('FND-02').getByTestId('scal-review-comment')).toHaveText('NHS England: Demonstrate the audit trail live.');
    await expect(row('FND-01').getByTestId('scal-status-chip')).toHaveText('Accepted by NHS England');
    await expect(row('FND-01')).toContainText('Not applicable');
    await expect(row('SHR-01 (Cross Cap)').getByTestId('scal-status-chip')).toHaveText('Rejected');
    await expect(row('SHR-01 (Cross Cap)').getByTestId('scal-verdict-chip')).toHaveAttribute('data-verdict', 'insufficient');
    await page.screenshot({ path: join(artifacts, 'scal-returned-workbook-panel.png'), fullPage: true });

    // The export is the returned workbook, our answers written in and NHS England's review column as it left it.
    const download = page.waitForEvent('download');
    await page.getByTestId('scal-export-xlsx').click();
    const file = await readXlsx(await readFile((await (await download).path())!));
    const tab = file.getWorksheet('Foundation')!;
    const column = (header: string) => FOUNDATION_HEADERS.indexOf(header) + 1;
    expect(tab.getRow(17).getCell(column('Supplier Response')).text).toBe('Not Applicable');
    expect(tab.getRow(18).getCell(column('NHS England Review')).text).toBe(VERDICTS.witness);
    expect(tab.getRow(16).getCell(1).text).toBe('1. Information Governance');
    expect(file.getWorksheet('Lists')!.state).toBe('hidden');

    // The journey's assurance stage: the witness test is the route NHS England asks for.
    await page.getByTestId('tab-stages').click();
    await expect(page.getByTestId('journey-stages')).toBeVisible();
    const assurance = page.getByTestId('stage-assurance');
    if ((await assurance.getByTestId('stage-panel-assurance').count()) === 0) await assurance.getByTestId('stage-toggle-assurance').click();
    await expect(assurance.getByTestId('stage-route-advice')).toContainText('NHS England asks for witness testing on 1 SCAL requirement(s): FND-02.');
    await expect(assurance.getByTestId('stage-route').getByTestId('stage-route-advised')).toHaveCount(1);
    await expect(assurance.getByRole('radio', { name: /Witness test/ })).toBeVisible();
    await page.screenshot({ path: join(artifacts, 'scal-route-advice.png'), fullPage: true });
  });
});
