import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { CSRF_HEADER, type JourneyDetailDto, type JourneyDto } from '@pairline/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAccounts, type Account } from './accounts';
import { signIn } from './session';

const artifacts = join(__dirname, '../artifacts');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An API session of another user, beside the browser's: the compliance lead who moves a plan. */
async function apiSession(account: Account): Promise<{ api: APIRequestContext; headers: Record<string, string> }> {
  const api = await request.newContext({ baseURL: process.env.E2E_BASE_URL });
  const login = await api.post('/api/auth/login', { data: { email: account.email, password: account.password } });
  expect(login.status()).toBe(200);
  const session = await (await api.get('/api/auth/session')).json();
  return { api, headers: { [CSRF_HEADER]: session.csrfToken } };
}

/** A civil date `days` calendar days later (the API counts the resulting slip in working days). */
const later = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

test.describe('executive timeline', () => {
  test('an executive filters the timeline to TPP, saves a baseline, sees a later slip against it, opens the slipped stage and exports a PNG', async ({ page }) => {
    test.setTimeout(120_000);
    const accounts = loadAccounts();
    await signIn(page, accounts.executive);

    await page.getByTestId('menu-timeline').click();
    await expect(page).toHaveURL(/#\/timeline/);
    const chart = page.getByTestId('timeline-chart');
    const rows = chart.getByTestId('timeline-row');
    await expect(rows.first()).toBeVisible();
    const allRows = await rows.count();
    // The demo organisation pairs with several providers and GP Connect: TPP is a subset.
    await expect(rows.filter({ hasNotText: 'SystmOne' }).first()).toBeVisible();
    await expect(chart.locator('.tl-actual').first()).toBeAttached();
    await expect(chart.locator('.tl-milestone').first()).toBeAttached();
    await expect(chart.getByTestId('timeline-today')).toBeAttached();

    // Filter to TPP with react-admin's filter input; the URL carries it.
    await page.getByTestId('timeline-filters').getByRole('combobox', { name: 'Provider supplier' }).click();
    await page.getByRole('option', { name: /^TPP/ }).click();
    await expect(page).toHaveURL(/providerSupplierId=tpp/);
    await expect.poll(() => rows.count()).toBeLessThan(allRows);
    const tppRows = await rows.count();
    expect(tppRows).toBeGreaterThan(0);
    for (const label of await rows.allTextContents()) expect(label).toContain('SystmOne');

    // Save a baseline: it is selected at once, and nothing has slipped against it yet.
    const baselineName = `Board pack e2e ${Date.now()}`;
    await page.getByTestId('timeline-save-baseline').click();
    const dialog = page.getByTestId('save-baseline-dialog');
    await dialog.getByLabel('Name').fill(baselineName);
    await dialog.getByLabel('Note').fill('Dates as agreed with the board');
    await dialog.getByTestId('save-baseline-dialog-submit').click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/baselineId=/);
    await expect(page.getByTestId('timeline-baseline-summary')).toContainText(baselineName);
    await expect(page.getByTestId('timeline-baseline-summary')).toContainText(`0 of ${tppRows} journeys`);
    await expect(chart.getByTestId('timeline-row-slip').first()).toHaveText('on plan');

    // Meanwhile the compliance lead agrees a later date for a TPP journey's next stage.
    const { api, headers } = await apiSession(accounts.compliance_lead);
    const list: JourneyDto[] = await (await api.get(`/api/journeys?filter=${encodeURIComponent(JSON.stringify({ providerSupplierId: 'tpp' }))}&range=[0,99]`)).json();
    const target = list.find((j) => j.productName === 'CarePlan Connect' && j.status !== 'live' && j.status !== 'withdrawn');
    expect(target, 'the demo seed has an open TPP journey for CarePlan Connect').toBeTruthy();
    const journey: JourneyDetailDto = await (await api.get(`/api/journeys/${target!.id}`)).json();
    const stageIndex = journey.stages.findIndex((s) => s.status === 'not_started' && s.forecastStart && s.forecastEnd);
    expect(stageIndex).toBeGreaterThanOrEqual(0);
    const stage = journey.stages[stageIndex];
    const moved = await api.put(`/api/journeys/${journey.id}/stages/${stage.key}`, {
      headers,
      data: { plannedStart: later(stage.forecastStart!, 42), plannedEnd: later(stage.forecastEnd!, 42), pinned: true, version: stage.version },
    });
    expect(moved.status()).toBe(200);
    await api.dispose();

    // The executive looks again: that journey has slipped against the baseline, in working days.
    await page.reload();
    const row = chart.locator(`[data-testid="timeline-row"][data-journey-id="${journey.id}"]`);
    await expect(row.getByTestId('timeline-row-slip')).toHaveText(/^\+\d+ wd$/);
    const slip = Number((await row.getByTestId('timeline-row-slip').textContent())!.replace(/[^\d]/g, ''));
    expect(slip).toBeGreaterThanOrEqual(20);
    await expect(page.getByTestId('timeline-baseline-summary')).toContainText(`1 of ${tppRows} journeys`);

    // The baseline selector lists it; switching it off shows the planned dates again, and back on.
    await page.getByTestId('timeline-baseline').click();
    await page.getByRole('option', { name: /No baseline/ }).click();
    await expect(page.getByTestId('timeline-baseline-summary')).toHaveCount(0);
    await expect(row.getByTestId('timeline-row-forecast')).toBeVisible();
    await page.getByTestId('timeline-baseline').click();
    await page.getByRole('option', { name: new RegExp(baselineName) }).click();
    await expect(row.getByTestId('timeline-row-slip')).toHaveText(`+${slip} wd`);

    // The moved stage's bar says how far it slipped.
    const rowIndex = await rows.evaluateAll((all, id) => all.findIndex((r) => r.getAttribute('data-journey-id') === id), journey.id);
    const bar = chart.locator(`.tl-forecast[data-tip="s:${rowIndex}:${stageIndex}"]`);
    await bar.scrollIntoViewIfNeeded();
    await bar.hover();
    const tooltip = page.getByTestId('timeline-tooltip');
    await expect(tooltip).toContainText(stage.name);
    await expect(tooltip).toContainText(`Baseline “${baselineName}”`);
    await expect(tooltip).toContainText(/Slip: \+\d+ wd/);
    await page.screenshot({ path: join(artifacts, 'timeline-tpp-baseline.png'), fullPage: true });

    // PNG of the view: a real image of the whole chart, made in the browser.
    await page.getByTestId('timeline-export').click();
    const download = page.waitForEvent('download');
    await page.getByTestId('timeline-export-png').click();
    const png = await download;
    expect(png.suggestedFilename()).toMatch(/^pairline-timeline-\d{4}-\d{2}-\d{2}\.png$/);
    const file = join(artifacts, 'timeline-export.png');
    await png.saveAs(file);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(bytes.length).toBeGreaterThan(20_000);
    // IHDR: width and height, big-endian, right after the signature and chunk header.
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    expect(width).toBeGreaterThan(1000);
    expect(height).toBeGreaterThan(150 + tppRows * 30);

    // xlsx of the same view's dates, from the API.
    await page.getByTestId('timeline-export').click();
    const xlsxDownload = page.waitForEvent('download');
    await page.getByTestId('timeline-export-xlsx').click();
    const xlsx = await xlsxDownload;
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const xlsxFile = join(artifacts, 'timeline-export.xlsx');
    await xlsx.saveAs(xlsxFile);
    expect(readFileSync(xlsxFile).subarray(0, 2).toString()).toBe('PK');

    // Clicking the bar opens that stage on the journey page.
    await bar.click();
    await expect(page).toHaveURL(new RegExp(`#/journeys/${journey.id}/show\\?stage=${stage.key}`));
    const linked = page.getByTestId(`stage-${stage.key}`);
    await expect(linked).toHaveAttribute('data-linked', 'true');
    await expect(linked.getByTestId(`stage-panel-${stage.key}`)).toBeVisible();
    await expect(page.getByTestId('forecast-history')).toBeVisible();
  });

  test('the dashboard puts each role’s own questions first', async ({ page, browser }) => {
    const accounts = loadAccounts();
    const firstSections = async (on: Page) =>
      on.getByTestId('dashboard').evaluate((root) =>
        Array.from(root.children)
          .map((el) => el.getAttribute('data-testid'))
          .filter((id): id is string => Boolean(id && id.startsWith('dashboard-') && id !== 'dashboard-as-of'))
          .slice(0, 3),
      );

    await signIn(page, accounts.executive);
    await expect(page.getByTestId('dashboard')).toHaveAttribute('data-loaded', 'true');
    expect(await firstSections(page)).toEqual(['dashboard-figures', 'dashboard-portfolio', 'dashboard-timeline']);
    await expect(page.getByTestId('dashboard-timeline').getByTestId('timeline-row').first()).toBeVisible();
    await expect(page.getByTestId('figure-go-lives-value')).toHaveText(/^\d+$/);
    await page.screenshot({ path: join(artifacts, 'dashboard-executive.png'), fullPage: true });

    const leadContext = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
    const lead = await leadContext.newPage();
    await signIn(lead, accounts.compliance_lead);
    await expect(lead.getByTestId('dashboard')).toHaveAttribute('data-loaded', 'true');
    expect((await firstSections(lead))[0]).toBe('dashboard-my-items');
    await lead.screenshot({ path: join(artifacts, 'dashboard-compliance-lead.png'), fullPage: true });
    await leadContext.close();
  });
});
