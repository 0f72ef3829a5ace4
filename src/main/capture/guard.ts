import type Protocol from 'devtools-protocol';
import type { CdpSession } from './cdp';
import type { CaptureLog } from './log';
import { checkRequest, stripBrackets, type AllowList, type Resolver } from './safety';

// Request interception on the browser-wide session: every request of every target (page, iframes, popups,
// workers) pauses here and only continues once its scheme and resolved addresses are checked. Document
// responses also pause once, to keep their body even when the browser turns them into a denied download.

export type GuardHooks = {
  /** False once the size budget is spent or the capture is closing: new requests are refused. */
  accepting(): { ok: true } | { ok: false; reason: 'size-budget' | 'after-end' };
  isPopupFrame(frameId: string): boolean;
  documentBody(networkId: string, body: Uint8Array): void;
};

export type Guard = { stop(): Promise<void> };

type Paused = Protocol.Fetch.RequestPausedEvent;

/**
 * A service worker would answer the page from its own code instead of the site, and outlive the page: none
 * is installed during a capture. Its script is the only request that carries this header (Fetch standard).
 */
function isServiceWorkerScript(e: Paused): boolean {
  return Object.entries(e.request.headers).some(([name, value]) => name.toLowerCase() === 'service-worker' && value === 'script');
}

/**
 * A page the browser will render itself: its body reaches the recorder when it finishes. It is not read
 * here, because reading holds the whole response from the page until it ends: a response that never ends
 * (a byte a second) then showed the page nothing, and its renderings were blank. Bodies read here are those
 * of documents that report no end to the recorder (a PDF handed to its viewer, a refused download).
 */
function rendersAsPage(e: Paused): boolean {
  const header = (name: string) => e.responseHeaders?.find((h) => h.name.toLowerCase() === name)?.value ?? '';
  return /^\s*(text\/html|application\/xhtml\+xml)/i.test(header('content-type')) && !/attachment/i.test(header('content-disposition'));
}

export async function startGuard(
  control: CdpSession,
  allow: AllowList,
  resolve: Resolver,
  log: CaptureLog,
  hooks: GuardHooks,
): Promise<Guard> {
  const fail = (e: Paused) =>
    control.send('Fetch.failRequest', { requestId: e.requestId, errorReason: 'BlockedByClient' }).catch(() => undefined);
  const proceed = (e: Paused) => control.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => undefined);

  const onResponse = async (e: Paused): Promise<void> => {
    const status = e.responseStatusCode ?? 0;
    if (!e.responseErrorReason && (status < 300 || status >= 400) && e.networkId && !rendersAsPage(e)) {
      try {
        const r = await control.send('Fetch.getResponseBody', { requestId: e.requestId });
        hooks.documentBody(e.networkId, Buffer.from(r.body, r.base64Encoded ? 'base64' : 'utf8'));
      } catch {
        // No body (HEAD, 204, aborted): nothing to keep.
      }
    }
    await proceed(e);
  };

  const onRequest = async (e: Paused): Promise<void> => {
    const url = e.request.url;
    const accepting = hooks.accepting();
    if (!accepting.ok) {
      log.block(url, accepting.reason, 'requête refusée : budget atteint ou capture terminée');
      return void (await fail(e));
    }
    if (hooks.isPopupFrame(e.frameId)) {
      log.block(url, 'popup', 'requête d’une fenêtre surgissante bloquée');
      return void (await fail(e));
    }
    if (isServiceWorkerScript(e)) {
      log.block(url, 'service-worker', 'script de service worker refusé : aucun service worker pendant la capture');
      return void (await fail(e));
    }
    const verdict = await checkRequest(url, allow, resolve);
    if (verdict.addresses.length > 0) {
      const host = stripBrackets(new URL(url).hostname);
      log.dnsAnswer(host, verdict.addresses);
    }
    if (!verdict.ok) {
      log.block(url, verdict.reason, verdict.detail);
      return void (await fail(e));
    }
    await proceed(e);
  };

  const handler = (e: Paused): void => {
    const isResponse = e.responseStatusCode !== undefined || e.responseErrorReason !== undefined;
    void (isResponse ? onResponse(e) : onRequest(e));
  };
  control.on('Fetch.requestPaused', handler);
  await control.send('Fetch.enable', {
    patterns: [
      { urlPattern: '*', requestStage: 'Request' },
      { urlPattern: '*', resourceType: 'Document', requestStage: 'Response' },
    ],
  });
  return {
    async stop() {
      control.off('Fetch.requestPaused', handler);
      await control.send('Fetch.disable').catch(() => undefined);
    },
  };
}
