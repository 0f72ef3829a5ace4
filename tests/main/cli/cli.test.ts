import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/main/cli';

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
});
