import { expect, request, test, type Page } from '@playwright/test';
import { CSRF_HEADER, type HazardLogVersionDto } from '@pairline/contracts';
import { DCB0129_RISK_MATRIX, LIKELIHOODS, SEVERITIES } from '@pairline/domain';
import { join } from 'node:path';
import { loadAccounts, type Account } from './accounts';
import { signIn } from './session';

/** The demo product whose small hazard log the seed issued and had its CSO approve. */
async function seededProduct(account: Account) {
  const api = await request.newContext({ baseURL: process.env.E2E_BASE_URL });
  expect((await api.post('/api/auth/login', { data: { email: account.email, password: account.password } })).status()).toBe(200);
  const session = await (await api.get('/api/auth/session')).json();
  const versions = (await (await api.get(`/api/hazard-log-versions?${new URLSearchParams({ filter: JSON.stringify({ approved: true }) })}`)).json()) as HazardLogVersionDto[];
  expect(versions.length).toBeGreaterThan(0);
  return { api, headers: { [CSRF_HEADER]: session.csrfToken as string }, productId: versions[0]!.productId };
}

const residualCell = (page: Page) => page.getByTestId('heatmap-residual-low-considerable');

async function choose(page: Page, scope: string, label: string, option: string) {
  await page.getByTestId(scope).getByRole('combobox', { name: new RegExp(`^${label}`) }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test.describe('clinical safety', () => {
  test('a CSO rates a new hazard live, sees it on the heat map, issues a version and signs it with their password', async ({ page }) => {
    test.setTimeout(60_000);
    const { clinical_safety_officer: cso } = loadAccounts();
    const { api, productId } = await seededProduct(cso);
    await api.dispose();
    await signIn(page, cso);

    await page.goto(`/#/clinical-safety/${productId}`);
    await expect(page.getByTestId('versions-table')).toBeVisible();
    await expect(page.getByTestId('version-approval').first()).toBeVisible();
    const before = Number(await residualCell(page).getAttribute('data-count'));

    await page.getByTestId('new-hazard').click();
    await page.getByLabel(/^Name/).fill('Appointment booked at the wrong practice');
    await page.getByLabel(/^Description/).fill('A slot from another practice is offered and booked.');
    await expect(page.getByTestId('hazard-initial-rating')).toHaveAttribute('data-rating', '');
    // The guidance's matrix: Major × High is 4, Major × Low is 3; Considerable × Low is 2.
    await choose(page, 'hazard-initial', 'Severity', 'Major');
    await choose(page, 'hazard-initial', 'Likelihood', 'High');
    await expect(page.getByTestId('hazard-initial-rating')).toHaveAttribute('data-rating', '4');
    await choose(page, 'hazard-initial', 'Likelihood', 'Low');
    await expect(page.getByTestId('hazard-initial-rating')).toHaveAttribute('data-rating', '3');
    await choose(page, 'hazard-residual', 'Severity', 'Considerable');
    await choose(page, 'hazard-residual', 'Likelihood', 'Low');
    await expect(page.getByTestId('hazard-residual-rating')).toHaveAttribute('data-rating', '2');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/#\/hazards\/[0-9a-f-]+$/);
    await expect(page.getByTestId('hazard-status')).toHaveText('Open');
    await page.screenshot({ path: join(__dirname, '../artifacts/clinical-safety-hazard.png'), fullPage: true });

    await page.goto(`/#/clinical-safety/${productId}`);
    await expect(residualCell(page)).toHaveAttribute('data-count', String(before + 1));

    await page.getByTestId('issue-version').click();
    await page.getByTestId('issue-version-summary').fill('Adds the wrong-practice booking hazard');
    await page.getByTestId('issue-version-submit').click();
    const row = page.getByTestId('version-row').filter({ hasText: 'Adds the wrong-practice booking hazard' });
    await expect(row).toBeVisible();

    await row.getByTestId('version-approve').click();
    const dialog = page.getByTestId('approve-dialog');
    await expect(dialog.getByTestId('approve-cso')).toContainText('Professional registration');
    await dialog.getByTestId('approve-secret').fill('not-my-password');
    await dialog.getByTestId('approve-submit').click();
    await expect(dialog.getByTestId('approve-error')).toContainText('the password is not correct');
    await dialog.getByTestId('approve-secret').fill(cso.password);
    await dialog.getByTestId('approve-submit').click();
    await expect(dialog).toBeHidden();
    await expect(row.getByTestId('version-approval')).toContainText(cso.name);
    await expect(row.getByTestId('version-approve')).toHaveCount(0);
    await expect(row.getByTestId('version-report')).toBeVisible();
    await page.screenshot({ path: join(__dirname, '../artifacts/clinical-safety-file.png'), fullPage: true });
  });

  test('a compliance lead sees a version awaiting approval but no approve action', async ({ page }) => {
    const accounts = loadAccounts();
    const { api, headers, productId } = await seededProduct(accounts.compliance_lead);
    const issued = await api.post('/api/hazard-log-versions', { headers, data: { productId, changeSummary: 'Issued for review by the CSO', kind: 'minor' } });
    expect(issued.status()).toBe(201);
    await api.dispose();
    await signIn(page, accounts.compliance_lead);
    await page.goto(`/#/clinical-safety/${productId}`);
    const row = page.getByTestId('version-row').filter({ hasText: 'Issued for review by the CSO' });
    await expect(row).toContainText('Awaiting approval');
    await expect(row.getByTestId('version-diff')).toBeVisible();
    await expect(page.getByTestId('version-approve')).toHaveCount(0);
    // Just issued, so the live log has not moved away from it.
    await row.getByTestId('version-diff').click();
    await expect(page.getByTestId('diff-dialog').getByTestId('diff-empty')).toBeVisible();
    await page.getByTestId('diff-dialog').getByRole('button', { name: 'Close' }).click();

    await page.getByTestId('open-hazard-log').click();
    await expect(page.getByTestId('hazards-list').getByRole('row').nth(1)).toContainText('H-001');
    await page.screenshot({ path: join(__dirname, '../artifacts/clinical-safety-hazard-list.png') });
  });

  test('a CSO verifies a control with an item picked from the evidence vault and follows its link', async ({ page }) => {
    test.setTimeout(60_000);
    const { clinical_safety_officer: cso } = loadAccounts();
    const { api, headers, productId } = await seededProduct(cso);
    const run = Date.now().toString(36);
    const title = `Usability test report ${run}`;
    expect((await api.post('/api/evidence', { headers, data: { title } })).status()).toBe(201);
    const hazard = await api.post('/api/hazards', { headers, data: { productId, name: `Allergy banner hidden ${run}`, description: 'The allergy banner is off screen on small displays.' } });
    expect(hazard.status()).toBe(201);
    const hazardId = (await hazard.json()).id as string;
    await api.dispose();
    await signIn(page, cso);

    await page.goto(`/#/hazards/${hazardId}`);
    const panel = page.getByTestId('hazard-controls');
    await panel.getByTestId('control-add').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('control-description').fill('Banner pinned above the fold');
    await dialog.getByRole('combobox', { name: /^Status/ }).click();
    await page.getByRole('option', { name: 'Verified', exact: true }).click();
    // The vault is searched on the server as the title is typed.
    await dialog.getByTestId('control-evidence').getByRole('combobox').fill(run);
    await page.getByRole('option', { name: title, exact: true }).click();
    await dialog.getByTestId('control-save').click();
    await expect(dialog).toBeHidden();

    const row = panel.getByTestId('control-row').filter({ hasText: 'Banner pinned above the fold' });
    await expect(row).toContainText('Verified');
    await expect(row.getByTestId('control-evidence-link')).toHaveText(title);
    await row.getByTestId('control-evidence-link').click();
    await expect(page).toHaveURL(/#\/evidence\/[0-9a-f-]+\/show$/);
    await expect(page.getByTestId('evidence-title')).toHaveText(title);
  });

  test('a heat map cell filters the hazards under it, marked while active, and a second click clears it', async ({ page }) => {
    test.setTimeout(60_000);
    const { compliance_lead: lead } = loadAccounts();
    const { api, headers, productId } = await seededProduct(lead);
    const run = Date.now().toString(36);
    const name = `Duplicate booking ${run}`;
    // Catastrophic × Very high: a cell no other test fills.
    const created = await api.post('/api/hazards', { headers, data: { productId, name, description: 'The same slot is booked twice.', initial: { severity: 'catastrophic', likelihood: 'very_high' } } });
    expect(created.status()).toBe(201);
    await api.dispose();
    await signIn(page, lead);
    await page.goto(`/#/clinical-safety/${productId}`);

    const cell = page.getByTestId('heatmap-initial-very_high-catastrophic');
    const count = Number(await cell.getAttribute('data-count'));
    expect(count).toBeGreaterThan(0);
    await expect(cell).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('heatmap-filter')).toHaveCount(0);

    await cell.click();
    await expect(cell).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('heatmap-filter-chip')).toContainText('Initial: Very high × Catastrophic (rating 5)');
    await expect(page.getByTestId('heatmap-filter-hazard')).toHaveCount(count);
    await expect(page.getByTestId('heatmap-filter-hazard').filter({ hasText: name })).toBeVisible();
    const outline = await cell.evaluate((el) => getComputedStyle(el).outlineWidth);
    expect(outline).toBe('3px');
    await page.screenshot({ path: join(__dirname, '../artifacts/clinical-safety-heatmap-filter.png') });

    // Another cell moves the filter; clicking the active one again clears it.
    const other = page.getByTestId('heatmap-residual-very_low-minor');
    await other.click();
    await expect(cell).toHaveAttribute('aria-pressed', 'false');
    await expect(other).toHaveAttribute('aria-pressed', 'true');
    await other.click();
    await expect(other).toHaveAttribute('aria-pressed', 'false');
    await expect(page.getByTestId('heatmap-filter')).toHaveCount(0);

    await cell.click();
    await page.getByTestId('heatmap-open-list').click();
    await expect(page).toHaveURL(/#\/hazards\?/);
    await expect(page.getByTestId('hazards-list')).toContainText(name);
  });

  test('a CSO links a hazard to a GP Connect capability and an IM1 API and finds it by them in the hazard log', async ({ page }) => {
    test.setTimeout(60_000);
    const { clinical_safety_officer: cso } = loadAccounts();
    const { api, headers, productId } = await seededProduct(cso);
    const name = `Acute medication missing ${Date.now().toString(36)}`;
    const created = await api.post('/api/hazards', { headers, data: { productId, name, description: 'Acute items are not in the structured record.' } });
    expect(created.status()).toBe(201);
    const hazardId = (await created.json()).id as string;
    await signIn(page, cso);

    await page.goto(`/#/hazards/${hazardId}`);
    const mechanisms = page.getByRole('combobox', { name: /^GP Connect capabilities and IM1 APIs/ });
    await mechanisms.click();
    await page.getByRole('option', { name: 'GP Connect Access Record: Structured', exact: true }).click();
    await mechanisms.fill('Transaction');
    await page.getByRole('option', { name: 'IM1 Transaction', exact: true }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await (await api.get(`/api/hazards/${hazardId}`)).json()).mechanismKeys).toEqual(['gpc_access_record_structured', 'im1_transaction']);
    await api.dispose();
    await page.reload();
    await expect(page.getByRole('button', { name: 'IM1 Transaction' })).toBeVisible();

    await page.goto(`/#/hazards?${new URLSearchParams({ filter: JSON.stringify({ productId, withdrawn: false }) })}`);
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Capability or IM1 API' }).click();
    await page.getByRole('combobox', { name: 'Capability or IM1 API' }).click();
    await page.getByRole('option', { name: 'IM1 Transaction', exact: true }).click();
    const rows = page.getByTestId('hazards-list').getByRole('row');
    await expect(rows.filter({ hasText: name })).toContainText('GP Connect Access Record: Structured, IM1 Transaction');
    await expect(rows).toHaveCount(2);
  });

  test("a CSO gives a product its own risk plan version from the guidance's matrix, is refused an invalid one, and approves it", async ({ page }) => {
    test.setTimeout(60_000);
    const accounts = loadAccounts();
    const { api: leadApi, headers: leadHeaders } = await seededProduct(accounts.compliance_lead);
    const productName = `Own plan ${Date.now().toString(36)}`;
    const created = await leadApi.post('/api/products', { headers: leadHeaders, data: { name: productName, useCase: 'Booking', intendedUsers: 'Practice staff', medicalDeviceStatus: 'class_i' } });
    expect(created.status()).toBe(201);
    const productId = (await created.json()).id as string;
    await leadApi.dispose();
    await signIn(page, accounts.clinical_safety_officer);

    await page.goto(`/#/clinical-safety/${productId}`);
    await page.getByTestId('open-risk-plan').click();
    await expect(page.getByTestId('risk-plan-page')).toContainText(`The organisation's plan, which ${productName} follows`);
    const heading = page.getByTestId('plan-heading');
    const orgVersion = Number(/v(\d+)$/.exec((await heading.textContent())!)![1]);
    // The organisation still has the guidance's values: every cell as domain.md prints it.
    for (const l of LIKELIHOODS) for (const s of SEVERITIES) await expect(page.getByTestId(`plan-cell-${l}-${s}`)).toHaveAttribute('data-rating', String(DCB0129_RISK_MATRIX[l][s]));

    await page.getByTestId('plan-new-version').click();
    await page.getByTestId('plan-source').fill('');
    await page.getByTestId('plan-save').click();
    await expect(page.getByTestId('plan-save-error')).toContainText('Say where the risk settings come from');
    await page.getByTestId('plan-source').fill(`Plan for ${productName}, after the guidance`);
    await page.getByTestId('plan-cell-low-minor').locator('select').selectOption('2');
    await expect(page.getByTestId('plan-cell-low-minor')).toHaveAttribute('data-rating', '2');
    await page.getByTestId('plan-acceptability-3-acceptance').selectOption('unacceptable');
    await page.getByTestId('plan-severity-minor-definition').fill('Minor injury or upset, single patient, recovering within a day.');
    await page.getByTestId('plan-save').click();

    await expect(heading).toHaveText(new RegExp(`v${orgVersion + 1}$`));
    await expect(page.getByTestId('risk-plan-page')).toContainText(`${productName}'s own plan`);
    await expect(page.getByTestId('plan-cell-low-minor')).toHaveAttribute('data-rating', '2');
    await expect(page.getByTestId('plan-cell-very_low-minor')).toHaveAttribute('data-rating', '1');
    await expect(page.getByTestId('plan-acceptability')).toContainText('Unacceptable');
    await expect(page.getByTestId('plan-severity')).toContainText('recovering within a day');
    await expect(page.getByTestId('plan-approval')).toContainText('Awaiting');
    await page.getByTestId('plan-approve').click();
    await expect(page.getByTestId('plan-approval')).toContainText('Approved');
    await expect(page.getByTestId('plan-approve')).toHaveCount(0);
    await page.screenshot({ path: join(__dirname, '../artifacts/clinical-safety-risk-plan.png'), fullPage: true });

    // The product's hazards are now rated with its own matrix.
    await page.getByRole('link', { name: 'Safety file' }).click();
    await page.getByTestId('new-hazard').click();
    await choose(page, 'hazard-initial', 'Severity', 'Minor');
    await choose(page, 'hazard-initial', 'Likelihood', 'Low');
    await expect(page.getByTestId('hazard-initial-rating')).toHaveAttribute('data-rating', '2');
  });

  test('a CSO imports the NHS hazard log as suggestions and adopts one into a product, unrated', async ({ page }) => {
    const { clinical_safety_officer: cso } = loadAccounts();
    const { api, productId } = await seededProduct(cso);
    await api.dispose();
    await signIn(page, cso);
    await page.goto(`/#/hazard-library?productId=${productId}`);
    await page.getByTestId('library-file').setInputFiles(join(__dirname, '../../../libs/server/src/clinical-safety/fixtures/GP_Connect_Hazard_Log_Consumers_v2.0.xlsx'));
    await expect(page.getByTestId('library-preview')).toContainText('Sheet “Hazard Log”');
    await page.getByTestId('library-import').click();
    const list = page.getByTestId('library-list');
    await expect(list.getByRole('row').nth(1)).toBeVisible();
    await page.screenshot({ path: join(__dirname, '../artifacts/clinical-safety-library.png'), fullPage: false });
    const name = (await list.getByRole('row').nth(1).getByRole('cell').nth(2).textContent())!;
    await list.getByRole('row').nth(1).getByRole('button', { name: 'Adopt' }).click();
    await expect(page).toHaveURL(/#\/hazards\/[0-9a-f-]+$/);
    await expect(page.getByLabel(/^Name/)).toHaveValue(name);
    await expect(page.getByTestId('hazard-initial-rating')).toHaveAttribute('data-rating', '');
  });
});
