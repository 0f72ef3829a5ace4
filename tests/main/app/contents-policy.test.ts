import { describe, expect, it } from 'vitest';
import { cancelNavigation, windowOpen } from '../../../src/main/app/contents-policy';
import { APP_ORIGIN, hardenedWebPreferences } from '../../../src/main/app/policy';

// The navigation and window guard of each web contents, checked in Node (no Electron binary here).
describe('navigation guard by role', () => {
  it('keeps the app window on the app origin', () => {
    expect(cancelNavigation('app', `${APP_ORIGIN}/index.html#/queue`)).toBe(false);
    for (const url of ['https://site-signale.example/', 'http://127.0.0.1:5173/', 'file:///etc/passwd', 'app://evil/x', 'pas une url']) {
      expect(cancelNavigation('app', url), url).toBe(true);
    }
  });

  it('lets the hidden capture window follow its site’s redirects and navigations, over http(s) only', () => {
    for (const url of ['https://site-signale.example/redirige', 'http://site-signale.example:8080/suite?x=1', 'about:blank']) {
      expect(cancelNavigation('capture', url), url).toBe(false);
    }
    for (const url of [`${APP_ORIGIN}/index.html`, 'file:///etc/passwd', 'chrome://settings', 'javascript:alert(1)', 'data:text/html,x', 'pas une url']) {
      expect(cancelNavigation('capture', url), url).toBe(true);
    }
  });

  it('never opens a window; only the app hands our documentation to the system browser', () => {
    const doc = 'https://www.internet-signalement.gouv.fr/aide';
    expect(windowOpen('app', doc)).toEqual({ action: 'deny', openExternally: doc });
    expect(windowOpen('app', 'https://site-signale.example/')).toEqual({ action: 'deny', openExternally: null });
    expect(windowOpen('capture', doc)).toEqual({ action: 'deny', openExternally: null });
    expect(windowOpen('capture', 'https://site-signale.example/popup')).toEqual({ action: 'deny', openExternally: null });
  });

  it('turns DevTools off in packaged builds', () => {
    expect(hardenedWebPreferences('/p/preload.cjs', true).devTools).toBe(false);
    expect(hardenedWebPreferences('/p/preload.cjs', false).devTools).toBe(true);
  });
});
