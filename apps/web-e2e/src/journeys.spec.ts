import { expect, request, test, type Page } from '@playwright/test';
import { CSRF_HEADER } from '@pairline/contracts';
import { join } from 'node:path';
import { loadAccounts } from './accounts';
import { signIn } from './session';

const artifacts = join(__dirname, '../artifacts');
/** Unique per run, so the test finds its own product in lists and the portfolio. */
const productName = `Repeat Prescriptions e2e ${Date.now()}`;

const idFromUrl = (page: Page, resource: string) => {
  const match = new RegExp(`#/${resource}/([^/]+)/show`).exec(page.url());
  if (!match) throw new Error(`not on a ${resource} page: ${page.url()}`);
  return decodeURIComponent(match[1]);
};

/**
 * The journey's SCAL is attached and worked through the API with the signed-in session (the SCAL tab
 * has its own tests in scal.spec.ts): baseline copied, every requirement answered, reviewed,
 * submitted and accepted.
 */
async function attachAgreedScal(page: Page, journeyId: string): Promise<void> {
  const session = await (await page.request.get('/api/auth/session')).json();
  const headers = { [CSRF_HEADER]: session.csrfToken };
  const template = await page.request.post('/api/scal-templates/baseline', { headers, data: {} });
  expect(template.status()).toBe(201);
  const scal = await page.request.post('/api/scals', { headers, data: { templateId: (await template.json()).id, journeyIds: [journeyId] } });
  expect(scal.status()).toBe(201);
  const scalId: string = (await scal.json()).id;
  const requirements: { identifier: string }[] = await (await page.request.get(`/api/scals/${scalId}/requirements?range=[0,499]`)).json();
  for (const { identifier } of requirements) {
    expect((await page.request.put(`/api/scals/${scalId}/requirements/${encodeURIComponent(identifier)}`, { headers, data: { response: 'compliant', version: 0 } })).status()).toBe(200);
  }
  for (const status of ['ready_for_review', 'submitted', 'accepted']) {
    expect((await page.request.post(`/api/scals/${scalId}/requirements/bulk`, { headers, data: { filter: {}, set: { status } } })).status()).toBe(200);
  }
}

/**
 * The web has no hazard log pages yet, so the product's clinical safety officer records their
 * details, rates one hazard, issues a version and signs it (re-entering the password) through the
 * API in a session of their own: IM1 assurance needs the approved log.
 */
async function approveHazardLog(page: Page, productId: string): Promise<void> {
  const account = loadAccounts().clinical_safety_officer;
  const api = await request.newContext({ baseURL: new URL(page.url()).origin });
  try {
    // Sign-ins are rate-limited per address and the suite signs in often: wait out a 429 as signIn does.
    let login = await api.post('/api/auth/login', { data: { email: account.email, password: account.password } });
    for (let attempt = 1; login.status() === 429 && attempt <= 2; attempt++) {
      const seconds = Math.min(Number(login.headers()['retry-after']) || 60, 120);
      test.info().setTimeout(test.info().timeout + (seconds + 15) * 1000);
      await page.waitForTimeout(seconds * 1000 + 500);
      login = await api.post('/api/auth/login', { data: { email: account.email, password: account.password } });
    }
    expect(login.status()).toBe(200);
    const session = await login.json();
    const headers = { [CSRF_HEADER]: session.csrfToken };
    const cso = await api.put(`/api/clinical-safety-officers/${productId}`, { headers, data: { userId: session.user.id, name: account.name, profession: 'General practitioner', registrationNumber: 'GMC 1234567' } });
    expect(cso.status()).toBe(200);
    const hazard = await api.post('/api/hazards', { headers, data: { productId, name: 'Repeat issued to the wrong patient', description: 'Request matched to another patient', initial: { severity: 'considerable', likelihood: 'medium' }, residual: { severity: 'considerable', likelihood: 'very_low' } } });
    expect(hazard.status()).toBe(201);
    const version = await api.post('/api/hazard-log-versions', { headers, data: { productId, changeSummary: 'First issue' } });
    expect(version.status()).toBe(201);
    const signed = await api.post(`/api/hazard-log-versions/${(await version.json()).id}/approve`, { headers, data: { statement: 'I approve this hazard log.', password: account.password } });
    expect(signed.status()).toBe(200);
  } finally {
    await api.dispose();
  }
}

/** Opens a stage of the journey page (the current one is open already). */
async function openStage(page: Page, key: string) {
  // The current stage opens by itself once the journey has loaded: wait for that before toggling.
  await expect(page.getByTestId('journey-stages')).toBeVisible();
  const stage = page.getByTestId(`stage-${key}`);
  if ((await stage.getByTestId(`stage-panel-${key}`).count()) === 0) await stage.getByTestId(`stage-toggle-${key}`).click();
  await expect(stage.getByTestId(`stage-panel-${key}`)).toBeVisible();
  return stage;
}

/** Ticks every checklist item of a stage, one at a time: each tick is saved before the next. */
async function tickAll(page: Page, key: string) {
  const stage = await openStage(page, key);
  const boxes = stage.getByTestId('stage-checklist').getByRole('checkbox');
  const count = await boxes.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const box = boxes.nth(i);
    if (await box.isChecked()) continue;
    // The checkbox follows the saved journey, so it turns checked once the API has answered.
    await box.click();
    await expect(box).toBeChecked();
  }
  return stage;
}

async function completeStage(page: Page, key: string) {
  const stage = await tickAll(page, key);
  await stage.getByTestId('stage-action-complete').click();
  await expect(stage).toHaveAttribute('data-status', 'done');
}

async function portfolioCell(page: Page, productId: string, columnId: string) {
  await page.getByTestId('menu-portfolio').click();
  await expect(page).toHaveURL(/#\/portfolio/);
  return page.getByTestId(`portfolio-cell-${productId}-${columnId}`);
}

test.describe('pairing journeys', () => {

  test('a compliance lead creates a product and an IM1 Transaction journey with TPP, works through its stages, and is stopped by gates', async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, loadAccounts().compliance_lead);

    // The product.
    await page.getByTestId('menu-products').click();
    await page.getByTestId('create-product').click();
    await expect(page).toHaveURL(/#\/products\/create/);
    await page.getByLabel('Product name').fill(productName);
    await page.getByLabel('Product version').fill('2.3');
    await page.getByLabel('Use case').fill('Patients order repeat prescriptions; the request is filed in the GP record.');
    await page.getByLabel('Intended users').fill('Patients; practice prescription clerks');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page).toHaveURL(/#\/products\/[^/]+\/show/);
    const productId = idFromUrl(page, 'products');
    await expect(page.getByText(productName).first()).toBeVisible();

    // The journey, from the product's page: the product comes chosen.
    await page.getByTestId('add-journey').click();
    await expect(page).toHaveURL(/#\/journeys\/create/);
    await expect(page.getByRole('combobox', { name: 'Product' })).toHaveValue(productName);
    await page.getByRole('combobox', { name: 'Mechanism' }).click();
    await page.getByRole('option', { name: 'IM1 Transaction', exact: true }).click();
    await page.getByRole('radio', { name: /^TPP/ }).check();
    await page.getByLabel('Target go-live').fill('2027-09-30');
    await page.getByRole('button', { name: 'Create journey' }).click();

    await expect(page).toHaveURL(/#\/journeys\/[^/]+\/show/);
    await expect(page.getByTestId('journey-title')).toContainText(productName);
    await expect(page.getByTestId('journey-title')).toContainText('IM1 Transaction');
    await expect(page.getByTestId('journey-current-stage')).toHaveText('Prerequisites and use case');
    await expect(page.getByTestId('journey-target')).toHaveText('30 Sep 2027');
    await expect(page.getByTestId('journey-header').getByTestId('status-colour-chip')).toBeVisible();
    await page.screenshot({ path: join(artifacts, 'journey-created.png'), fullPage: true });

    // The portfolio shows it at its first stage.
    let cell = await portfolioCell(page, productId, 'tpp');
    await expect(cell).toContainText('IM1 Transaction · Prerequisites and use case');
    await cell.getByRole('link').first().click();
    await expect(page).toHaveURL(/#\/journeys\/[^/]+\/show/);

    // A gate: the checklist is not done, so the stage cannot complete; a compliance lead cannot override.
    const prerequisites = await openStage(page, 'prerequisites');
    await expect(prerequisites.getByTestId('stage-unmet-complete')).toContainText('Checklist items not done');
    await prerequisites.getByTestId('stage-action-complete').click();
    const gate = prerequisites.getByTestId('gate-error');
    await expect(gate).toBeVisible();
    await expect(gate).toContainText('Prerequisites and use case cannot complete yet');
    await expect(gate).toContainText('Checklist items not done: Prerequisites form submitted; Prerequisites confirmed by NHS England');
    await expect(gate).toContainText('Only an organisation admin can override');
    await expect(prerequisites.getByTestId('override-gate')).toHaveCount(0);
    await expect(prerequisites).toHaveAttribute('data-status', 'not_started');
    await page.screenshot({ path: join(artifacts, 'journey-gate-checklist.png'), fullPage: true });

    // In order, ticking each checklist.
    await completeStage(page, 'prerequisites');
    await expect(page.getByTestId('journey-current-stage')).toHaveText('Stage-one SCAL and compatibility');
    await completeStage(page, 'stage_one_scal');
    await completeStage(page, 'mil');
    await completeStage(page, 'unsupported_test');
    await expect(page.getByTestId('journey-current-stage')).toHaveText('Supported testing');

    // The portfolio cell follows the journey.
    cell = await portfolioCell(page, productId, 'tpp');
    await expect(cell).toContainText('IM1 Transaction · Supported testing');
    await expect(cell).not.toContainText('Prerequisites and use case');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, 'portfolio.png'), fullPage: true });
    await cell.getByRole('link').first().click();
    await expect(page).toHaveURL(/#\/journeys\/[^/]+\/show/);

    // Requesting the STE needs the fully completed SCAL, which this journey does not have yet.
    const supported = await openStage(page, 'supported_test');
    await expect(supported.getByTestId('stage-unmet-complete')).toContainText('No SCAL is attached to this journey');
    await attachAgreedScal(page, idFromUrl(page, 'journeys'));
    await approveHazardLog(page, productId);
    await page.reload();
    await completeStage(page, 'supported_test');
    await expect(page.getByTestId('journey-current-stage')).toHaveText('Assurance');

    // Assurance needs one route (test evidence or witness test) chosen, even with every item ticked.
    const assurance = await tickAll(page, 'assurance');
    await assurance.getByTestId('stage-action-complete').click();
    const routeGate = assurance.getByTestId('gate-error');
    await expect(routeGate).toContainText('Assurance cannot complete yet');
    await expect(routeGate).toContainText('Choose the assurance route');
    await expect(assurance).toHaveAttribute('data-status', 'not_started');
    await page.screenshot({ path: join(artifacts, 'journey-gate-route.png'), fullPage: true });

    // The route is saved first, then shown: click, and wait for the saved state.
    await assurance.getByRole('radio', { name: 'Test evidence agreed' }).click();
    await expect(assurance.getByRole('radio', { name: 'Test evidence agreed' })).toBeChecked();
    await assurance.getByTestId('stage-action-complete').click();
    await expect(assurance).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('journey-current-stage')).toHaveText('Recommended to Connect');

    // The history lists what was done, newest first.
    await page.getByTestId('tab-history').click();
    await expect(page.getByTestId('journey-history')).toBeVisible();
    await expect(page.getByTestId('history-row').first()).toBeVisible();
    await page.screenshot({ path: join(artifacts, 'journey-history.png'), fullPage: true });

    cell = await portfolioCell(page, productId, 'tpp');
    await expect(cell).toContainText('IM1 Transaction · Recommended to Connect');
  });

  test('IM1 Partner with TPP is refused, with the reason', async ({ page }) => {
    await signIn(page, loadAccounts().compliance_lead);
    // Its own product, so this test stands alone.
    const session = await (await page.request.get('/api/auth/session')).json();
    const created = await page.request.post('/api/products', {
      headers: { [CSRF_HEADER]: session.csrfToken },
      data: { name: `Partner check ${Date.now()}`, useCase: 'Appointments', intendedUsers: 'Patients', medicalDeviceStatus: 'undetermined' },
    });
    expect(created.status()).toBe(201);
    const partnerProductId: string = (await created.json()).id;
    await page.goto(`/#/products/${encodeURIComponent(partnerProductId)}/show`);
    await page.getByTestId('add-journey').click();
    await page.getByRole('combobox', { name: 'Mechanism' }).click();
    await page.getByRole('option', { name: 'IM1 Partner', exact: true }).click();

    // The form says why before anything is sent: TPP does not offer IM1 Partner.
    await expect(page.getByTestId('mechanism-notice')).toHaveText('Offered by Optum (EMIS Web) only.');
    const tpp = page.getByRole('radio', { name: /^TPP/ });
    await expect(tpp).toBeDisabled();
    await expect(page.getByTestId('provider-option-tpp')).toContainText('Not offered: IM1 Partner is offered by Optum (EMIS Web) only.');
    await expect(page.getByRole('radio', { name: /^Optum/ })).toBeEnabled();
    await expect(page.getByRole('listbox')).toHaveCount(0);
    await page.screenshot({ path: join(artifacts, 'journey-partner-tpp.png'), fullPage: true });

    // And the API refuses it for any client that sends it anyway.
    const refused = await page.request.post('/api/journeys', {
      headers: { [CSRF_HEADER]: session.csrfToken },
      data: { productId: partnerProductId, mechanismId: 'im1_partner', providerSupplierId: 'tpp' },
    });
    expect(refused.status()).toBe(422);
    const body = await refused.json();
    expect(body.code).toBe('combination_not_offered');
    expect(body.message).toContain('IM1 Partner is not offered by this provider supplier');
  });

  test('an executive, who cannot change journeys, follows one for their calendar feed and unfollows it', async ({ page }) => {
    await signIn(page, loadAccounts().executive);
    await page.getByTestId('menu-journeys').click();
    await page.getByTestId('journeys-list').getByRole('row').nth(1).click();
    await expect(page).toHaveURL(/#\/journeys\/[^/]+\/show/);
    await expect(page.getByTestId('journey-title')).toBeVisible();
    await expect(page.getByTestId('edit-journey')).toHaveCount(0);

    // Exact names: "Follow" would also match "Following".
    const follow = page.getByRole('button', { name: 'Follow', exact: true });
    const following = page.getByRole('button', { name: 'Following', exact: true });
    await follow.hover();
    await expect(page.getByRole('tooltip')).toHaveText("Add this journey's due dates to your calendar feed");
    await follow.click();
    await expect(page.getByRole('alert').filter({ hasText: 'Following this journey: its due dates are in your calendar feed' })).toBeVisible();
    await expect(following).toBeVisible();

    // Saved by the API, not just shown: it is still followed after a reload.
    await page.reload();
    await expect(following).toBeVisible();
    await following.click();
    await expect(page.getByRole('alert').filter({ hasText: 'No longer following this journey' })).toBeVisible();
    await expect(follow).toBeVisible();
  });
});
