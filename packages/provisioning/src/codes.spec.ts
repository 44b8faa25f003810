import { ObskitError } from '@obskit/catalog';
import { PROVISIONING_CODES } from './codes';
import { ProvisioningError } from './errors';
import { parseManifest } from './writer/manifest';

describe('PROVISIONING_CODES', () => {
  const codes = Object.values(PROVISIONING_CODES);

  it.each(Object.entries(PROVISIONING_CODES))('%s is a stable code: %s', (_key, code) => {
    expect(code).toMatch(/^OBSKIT_[A-Z_]+$/);
  });

  it('holds each code once', () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('is what a thrown ProvisioningError carries', () => {
    let thrown: unknown;
    try {
      parseManifest('{', 'out/.obskit-manifest.json');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProvisioningError);
    expect(thrown).toBeInstanceOf(ObskitError);
    expect(thrown).toMatchObject({ name: 'ProvisioningError', code: PROVISIONING_CODES.manifestInvalid });
  });
});
