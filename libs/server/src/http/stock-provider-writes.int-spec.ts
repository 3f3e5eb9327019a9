import type { AddressInfo } from 'node:net';
import simpleRestProvider from 'ra-data-simple-rest';
import { fetchUtils, type DataProvider } from 'ra-core';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

/**
 * react-admin's own data provider, unmodified, against the real server: create, update with the
 * whole record as getOne read it (every field sent back, read-only ones included), and delete
 * where a resource offers it. Only the HTTP client is ours, as react-admin documents, to send the
 * session cookie and the CSRF token.
 */
describe('ra-data-simple-rest writes', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let admin: SignedIn;
  let data: DataProvider;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app);
    admin = await signIn(app, org.members.org_admin.email);
    await app.app.listen(0, '127.0.0.1');
    const { port } = app.app.getHttpServer().address() as AddressInfo;
    data = simpleRestProvider(`http://127.0.0.1:${port}/api`, (url, options = {}) => {
      const headers = new Headers(options.headers ?? { Accept: 'application/json' });
      Object.entries(admin.headers).forEach(([name, value]) => headers.set(name, value));
      return fetchUtils.fetchJson(url, { ...options, headers });
    });
  });
  afterAll(() => app.close());

  const auditCount = async () => Number((await ownerQuery<{ n: string }>(app, 'SELECT count(*) AS n FROM audit_event WHERE organisation_id = $1', [org.id]))[0].n);

  /** Update with every field of the record as read, one changed; then the same with a read-only field changed, refused. */
  async function updateWholeRecord(resource: string, id: string, change: Record<string, unknown>, readOnly: string): Promise<Record<string, unknown>> {
    const { data: record } = await data.getOne(resource, { id });
    const { data: updated } = await data.update(resource, { id, data: { ...record, ...change }, previousData: record });
    expect(updated).toMatchObject(change);
    const { data: again } = await data.getOne(resource, { id });
    const before = await auditCount();
    const refused = await data.update(resource, { id, data: { ...again, [readOnly]: 'changed' }, previousData: again }).catch((e: { status: number; body: { details: { field: string }[] } }) => e);
    expect(refused).toMatchObject({ status: 400, body: { code: 'validation_failed', details: [{ field: readOnly, problems: [expect.stringMatching(/read-only/)] }] } });
    expect(await auditCount()).toBe(before);
    return updated;
  }

  it('creates, updates with the full record and deletes a product', async () => {
    const { data: created } = await data.create('products', { data: { name: 'Repeat Prescriptions', useCase: 'Ordering', intendedUsers: 'Patients', medicalDeviceStatus: 'undetermined' } });
    await updateWholeRecord('products', String(created.id), { name: 'Repeat Prescriptions 2' }, 'journeyCount');
    await data.delete('products', { id: created.id, previousData: created });
    await expect(data.getOne('products', { id: created.id })).rejects.toMatchObject({ status: 404 });
  });

  it('covers journeys, blocking items and change freezes', async () => {
    const { data: product } = await data.create('products', { data: { name: 'Appointments', useCase: 'Booking', intendedUsers: 'Patients', medicalDeviceStatus: 'undetermined' } });
    const { data: journey } = await data.create('journeys', { data: { productId: product.id, mechanismId: 'gpc_access_record_html', notes: 'first' } });
    // The journey record carries its stages, outlook and names: all read-only, all sent back.
    await updateWholeRecord('journeys', String(journey.id), { notes: 'second' }, 'productName');

    const { data: item } = await data.create('blocking-items', { data: { journeyId: journey.id, title: 'Awaiting test pack', owedBy: 'nhs_england' } });
    await updateWholeRecord('blocking-items', String(item.id), { title: 'Awaiting the test pack' }, 'createdAt');

    const { data: freeze } = await data.create('change-freezes', { data: { providerSupplierId: 'tpp', startsOn: '2027-12-20', endsOn: '2028-01-04', reason: 'Winter' } });
    await updateWholeRecord('change-freezes', String(freeze.id), { reason: 'Winter freeze' }, 'createdAt');
    await data.delete('change-freezes', { id: freeze.id, previousData: freeze });
    await expect(data.getOne('change-freezes', { id: freeze.id })).rejects.toMatchObject({ status: 404 });
  });

  it('covers evidence, hazards, controls and the CSO record', async () => {
    const { data: evidence } = await data.create('evidence', { data: { title: 'DSPT 2026/27' } });
    await updateWholeRecord('evidence', String(evidence.id), { description: 'Standards met' }, 'linkCount');

    const { data: product } = await data.create('products', { data: { name: 'Safety', useCase: 'Records', intendedUsers: 'Clinicians', medicalDeviceStatus: 'undetermined' } });
    const { data: hazard } = await data.create('hazards', { data: { productId: product.id, name: 'Wrong patient', description: 'Record shown for the wrong patient', initial: { severity: 'major', likelihood: 'low' } } });
    // The ratings inside `initial` are read-only too: sent back unchanged, they are ignored.
    const updated = await updateWholeRecord('hazards', String(hazard.id), { name: 'Wrong patient shown' }, 'number');
    const { data: reread } = await data.getOne('hazards', { id: hazard.id });
    const rerated = await data.update('hazards', { id: hazard.id, data: { ...reread, initial: { ...(reread.initial as object), likelihood: 'high' } }, previousData: reread });
    expect((rerated.data.initial as { rating: number }).rating).not.toBe((updated.initial as { rating: number }).rating);

    const { data: control } = await data.create('hazard-controls', { data: { productId: product.id, type: 'design', description: 'Two identifiers shown', hazardIds: [hazard.id] } });
    await updateWholeRecord('hazard-controls', String(control.id), { description: 'Two patient identifiers on every screen' }, 'createdAt');

    await app.inject({ method: 'PUT', url: `/api/clinical-safety-officers/${product.id}`, headers: admin.headers, payload: { name: 'Dr A', profession: 'GP', registrationNumber: 'GMC 1234567' } });
    await updateWholeRecord('clinical-safety-officers', String(product.id), { name: 'Dr A Smith' }, 'productId');
  });

  it('covers members: role change with the full record, then removal', async () => {
    const id = org.members.auditor.membershipId;
    await updateWholeRecord('members', id, { role: 'executive' }, 'email');
    await data.delete('members', { id, previousData: { id } });
    await expect(data.getOne('members', { id })).rejects.toMatchObject({ status: 404 });
  });

  it('answers a stale version with 409 even though the read-only fields moved too', async () => {
    const { data: product } = await data.create('products', { data: { name: 'Stale', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'undetermined' } });
    const { data: read } = await data.getOne('products', { id: product.id });
    await data.update('products', { id: product.id, data: { ...read, name: 'Stale 2' }, previousData: read });
    await expect(data.update('products', { id: product.id, data: { ...read, name: 'Stale 3' }, previousData: read })).rejects.toMatchObject({ status: 409 });
  });
});
