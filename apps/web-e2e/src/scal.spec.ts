import { expect, test, type Page } from '@playwright/test';
import { CSRF_HEADER } from '@pairline/contracts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAccounts } from './accounts';
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

/** The good CSV (and optionally more rows) imported through the API, for tests about what comes after the wizard. */
async function importTemplate(page: Page, name: string, key: string, extraRows: string[] = []): Promise<string> {
  const template = await page.request.post('/api/scal-templates/import', {
    headers: await csrf(page),
    data: {
      filename: 'gp-scal.csv',
      contentBase64: Buffer.from([GOOD_CSV, ...extraRows].join('\n')).toString('base64'),
      mapping: { Ref: 'identifier', Tab: 'section', Requirement: null, Detail: 'description', Priority: 'level', Evidence: 'evidenceRequired', Env: 'environment' },
      name,
      key,
    },
  });
  expect(template.status()).toBe(201);
  return (await template.json()).id;
}

/** Attaches a new SCAL of the template to the journey through the API and opens the journey's SCAL tab. */
async function openScalTab(page: Page, journeyId: string, templateId: string): Promise<void> {
  const scal = await page.request.post('/api/scals', { headers: await csrf(page), data: { templateId, journeyIds: [journeyId] } });
  expect(scal.status()).toBe(201);
  await page.goto(`/#/journeys/${encodeURIComponent(journeyId)}/show`);
  await page.getByTestId('tab-scal').click();
  await expect(page.getByTestId('scal-panel')).toBeVisible();
}

async function chooseFile(page: Page, name: string, content: string) {
  await page.getByTestId('import-file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
  await expect(page.getByTestId('import-file-name')).toContainText(name);
}

async function pick(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).getByRole('combobox').click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

const count = (page: Page, status: string) => page.getByTestId(`scal-count-${status}`);

test.describe('SCAL', () => {
  test('a compliance lead imports a template through the wizard with a corrected mapping; a bad file shows its rejected rows', async ({ page }) => {
    test.setTimeout(60_000);
    await signIn(page, loadAccounts().compliance_lead);
    await page.getByTestId('menu-scal-templates').click();
    await page.getByTestId('import-scal-template').click();
    await expect(page.getByTestId('scal-import-wizard')).toBeVisible();

    // A bad file: every rejected row is listed with its row number and reason, and nothing can be imported.
    await chooseFile(page, 'broken.csv', BAD_CSV);
    await page.getByTestId('import-detect').click();
    await expect(page.getByTestId('mapping-identifier').getByRole('combobox')).toHaveText('Requirement ID');
    await page.getByTestId('mapping-next').click();
    await expect(page.getByTestId('import-rejected-summary')).toContainText('2 rows cannot be imported');
    const rejected = page.getByTestId('rejected-rows').getByTestId('rejected-row');
    await expect(rejected).toHaveCount(2);
    await expect(rejected.nth(0).getByRole('cell')).toHaveText(['broken.csv', '3', 'Description is empty.']);
    await expect(rejected.nth(1).getByRole('cell')).toHaveText(['broken.csv', '4', 'Unknown level "OFTEN" (expected MUST, SHOULD or MAY).']);
    await expect(page.getByTestId('import-confirm')).toBeDisabled();
    await page.screenshot({ path: join(artifacts, 'scal-import-rejected.png'), fullPage: true });

    // A good, pipe-separated file whose description is in "Detail", not in the "Requirement" the suggestion picks.
    await page.getByTestId('back-to-mapping').click();
    await page.getByRole('button', { name: 'Back' }).click();
    await chooseFile(page, 'gp-scal.csv', GOOD_CSV);
    await page.getByLabel('Template name').fill(`GP SCAL e2e ${run}`);
    await page.getByLabel('Key').fill(`gp-scal-e2e-${run}`);
    await page.getByTestId('import-detect').click();
    await expect(page.getByTestId('mapping-identifier').getByRole('combobox')).toHaveText('Ref');
    await expect(page.getByTestId('mapping-section').getByRole('combobox')).toHaveText('Tab');
    await expect(page.getByTestId('mapping-description').getByRole('combobox')).toHaveText('Requirement');
    await expect(page.getByTestId('mapping-level').getByRole('combobox')).toHaveText('Priority');
    await pick(page, 'mapping-description', 'Detail');
    await page.screenshot({ path: join(artifacts, 'scal-import-mapping.png'), fullPage: true });
    await page.getByTestId('mapping-next').click();
    await expect(page.getByTestId('import-ready')).toContainText('4 requirements ready to import');
    await expect(page.getByTestId('preview-rows')).toContainText('An independent penetration test of the product as it will be deployed.');
    await page.getByTestId('import-confirm').click();

    // The new version's page: its sections and the full requirement text.
    await expect(page).toHaveURL(/#\/scal-templates\/[^/]+\/show/);
    await expect(page.getByTestId('scal-template-title')).toHaveText(`GP SCAL e2e ${run}`);
    await expect(page.getByTestId('scal-template-sections')).toContainText('Baseline · 2');
    await expect(page.getByTestId('scal-template-sections')).toContainText('Security · 2');
    await expect(page.getByTestId('template-requirement-row').filter({ hasText: 'E2E-ORG-01' })).toContainText('as the Organisation Data Service publishes it');
  });

  test('a large import shows how many rows are stored as it runs, then opens the template', async ({ page }) => {
    test.setTimeout(90_000);
    const rows = 3_000;
    const csv = ['Requirement ID,Description,MUST/SHOULD', ...Array.from({ length: rows }, (_, i) => `E2E-BIG-${i + 1},Large workbook requirement ${i + 1},MUST`)].join('\n');
    await signIn(page, loadAccounts().compliance_lead);
    await page.getByTestId('menu-scal-templates').click();
    await page.getByTestId('import-scal-template').click();
    await chooseFile(page, 'large-scal.csv', csv);
    await page.getByLabel('Template name').fill(`Large SCAL e2e ${run}`);
    await page.getByLabel('Key').fill(`large-scal-e2e-${run}`);
    await page.getByTestId('import-detect').click();
    await page.getByTestId('mapping-next').click();
    await expect(page.getByTestId('import-ready')).toContainText('3000 requirements ready to import');

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
});
