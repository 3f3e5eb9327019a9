import { findProviderSupplier, PROVIDER_SUPPLIERS } from './provider-suppliers';

describe('provider suppliers', () => {
  it('lists the four GP system suppliers that pairings are made with', () => {
    expect(PROVIDER_SUPPLIERS.map((s) => `${s.name} (${s.systemName})`)).toEqual([
      'Optum (EMIS Web)',
      'TPP (SystmOne)',
      'Medicus Health (Medicus)',
      'Cegedim (Vision)',
    ]);
  });

  it('flags only Cegedim as unconfirmed, and says why', () => {
    const unconfirmed = PROVIDER_SUPPLIERS.filter((s) => s.statusUnconfirmed);
    expect(unconfirmed.map((s) => s.key)).toEqual(['cegedim']);
    expect(unconfirmed[0].statusNote).toMatch(/administration/);
    for (const s of PROVIDER_SUPPLIERS.filter((p) => !p.statusUnconfirmed)) {
      expect(s.statusNote).toBeNull();
    }
  });

  it('has unique keys and a public source for every entry', () => {
    expect(new Set(PROVIDER_SUPPLIERS.map((s) => s.key)).size).toBe(PROVIDER_SUPPLIERS.length);
    for (const s of PROVIDER_SUPPLIERS) expect(s.source).toMatch(/^https:\/\//);
  });

  it('finds a supplier by key and answers undefined for an unknown one', () => {
    expect(findProviderSupplier('tpp')?.systemName).toBe('SystmOne');
    expect(findProviderSupplier('emis')).toBeUndefined();
  });
});
