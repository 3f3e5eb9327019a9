import { checkIm1Combination, IM1_AVAILABILITY, MECHANISMS, type Im1Api } from './mechanisms';
import { PROVIDER_SUPPLIERS } from './provider-suppliers';

describe('mechanisms', () => {
  it('lists the four IM1 APIs and six GP Connect capabilities, with notices where NHS England restricts them', () => {
    expect(MECHANISMS.filter((m) => m.family === 'im1')).toHaveLength(4);
    expect(MECHANISMS.filter((m) => m.family === 'gp_connect')).toHaveLength(6);
    expect(MECHANISMS.find((m) => m.key === 'gpc_appointment_management')?.notice).toMatch(/paused/);
    expect(MECHANISMS.find((m) => m.key === 'gpc_update_record')?.notice).toMatch(/community pharmacy/);
  });
});

describe('IM1 availability', () => {
  const apis: Im1Api[] = ['im1_patient', 'im1_transaction', 'im1_bulk', 'im1_partner'];

  it('covers every provider supplier and API', () => {
    for (const provider of PROVIDER_SUPPLIERS) for (const api of apis) expect(IM1_AVAILABILITY[provider.key][api]).toBeDefined();
  });

  it('offers IM1 Partner with EMIS only', () => {
    expect(PROVIDER_SUPPLIERS.filter((p) => IM1_AVAILABILITY[p.key].im1_partner.availability === 'offered').map((p) => p.key)).toEqual(['optum']);
  });

  it('refuses a combination the provider does not offer, saying why', () => {
    expect(checkIm1Combination('tpp', 'im1_partner')).toEqual({ allowed: false, reason: 'IM1 Partner is not offered by this provider supplier. IM1 Partner is offered by Optum (EMIS Web) only.' });
  });

  it('allows an unconfirmed one with a warning, and a confirmed one without', () => {
    expect(checkIm1Combination('cegedim', 'im1_transaction')).toEqual({ allowed: true, warning: expect.stringMatching(/unconfirmed/) });
    expect(checkIm1Combination('medicus', 'im1_bulk')).toEqual({ allowed: true, warning: null });
  });
});
