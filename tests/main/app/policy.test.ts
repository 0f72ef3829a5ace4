import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, RENDERER_CSP, checkInvoke, hardenedWebPreferences, isAppUrl, rendererPath } from '../../../src/main/app/policy';

// The Electron shell's policy, checked in Node (Electron's binary is absent on the build machines).
describe('Electron security policy', () => {
  it('isolates every window: context isolation, sandbox, no Node, no webview', () => {
    expect(hardenedWebPreferences('/p/preload.cjs', true)).toMatchObject({
      preload: '/p/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('allows only our own scripts in the renderer', () => {
    const directives = Object.fromEntries(RENDERER_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(RENDERER_CSP).not.toMatch(/unsafe-eval/);
  });

  it('recognises only the app origin as ours', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    for (const other of ['app://evil/index.html', 'file:///work/out/renderer/index.html', 'http://127.0.0.1:5173/', 'https://pharos.example/', 'pas une url', undefined]) {
      expect(isAppUrl(other), String(other)).toBe(false);
    }
  });

  it('accepts API calls only from the top frame of our renderer, with a well-formed message', () => {
    const top = { url: `${APP_ORIGIN}/index.html`, isTopFrame: true };
    expect(checkInvoke(top, { method: 'vault.status', input: {} })).toEqual({ ok: true, value: { method: 'vault.status', input: {} } });
    expect(checkInvoke({ ...top, isTopFrame: false }, { method: 'vault.status' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(checkInvoke({ url: 'https://site-signale.example/', isTopFrame: true }, { method: 'vault.status' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(checkInvoke(null, { method: 'vault.status' })).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(checkInvoke(top, 'vault.status')).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('serves renderer files only, never a path out of its folder', () => {
    expect(rendererPath(`${APP_ORIGIN}/`)).toBe('index.html');
    expect(rendererPath(`${APP_ORIGIN}/assets/index-abc.js`)).toBe('assets/index-abc.js');
    // Dot segments are resolved by the URL parser against the root: they stay inside the folder.
    expect(rendererPath(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`)).toBe('etc/passwd');
    // Encoded separators survive parsing: the decoded path would climb out, so it is refused.
    expect(rendererPath(`${APP_ORIGIN}/assets%2f..%2f..%2fsecret`)).toBeNull();
    expect(rendererPath('app://other/index.html')).toBeNull();
  });
});
