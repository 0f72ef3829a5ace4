import { describe, expect, it, vi } from 'vitest';
import { demoWebOf, main } from '../../../src/main/cli';

describe('pharos command line', () => {
  it('prints help with --help and exits 0; unknown commands exit 2', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const errOut = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--help'])).toBe(0);
      expect(String(out.mock.calls[0]?.[0])).toContain('pharos web');
      expect(await main(['nimporte'])).toBe(2);
      expect(await main(['web', '--port', 'abc'])).toBe(2);
      expect(await main(['web', '--data'])).toBe(2);
    } finally {
      out.mockRestore();
      errOut.mockRestore();
    }
  });

  it('takes the demo web only as one origin with its certificate key, both or neither', async () => {
    const key = 'Nqz2a8sAuh8pn/Ekx4oRK38ow4gJJm9w4tA+yzLgkew=';
    expect(demoWebOf({})).toBeUndefined();
    expect(demoWebOf({ 'demo-allow-host': 'localhost:8443', 'demo-cert-spki': key })).toEqual({ allowHost: 'localhost:8443', certSpkiSha256: key });
    expect(demoWebOf({ 'demo-allow-host': 'localhost:8443' })).toMatch(/vont ensemble/);
    expect(demoWebOf({ 'demo-cert-spki': key })).toMatch(/vont ensemble/);
    expect(demoWebOf({ 'demo-allow-host': 'localhost', 'demo-cert-spki': key })).toMatch(/hôte:port/);
    expect(demoWebOf({ 'demo-allow-host': 'localhost:8443', 'demo-cert-spki': 'pas une empreinte' })).toMatch(/base64/);
    const errOut = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['web', '--demo-allow-host', 'localhost:8443'])).toBe(2);
      expect(String(errOut.mock.calls[0]?.[0])).toContain('--demo-cert-spki');
    } finally {
      errOut.mockRestore();
    }
  });
});
