// Capture engine (DESIGN §2.3): a URL in, a signed WACZ with its renderings out, and the verifier.
export { capture, DEFAULT_OPTIONS, TOOL_VERSION } from './capture';
export type { CaptureRequest, CaptureResult, Step } from './capture';
export type { BrowserProvider, BrowserSession, CdpSession } from './cdp';
export { chromiumProvider, DEFAULT_CHROMIUM } from './providers/chromium';
export type { ChromiumProviderOptions } from './providers/chromium';
export { WACZ_FILE } from './package';
export { FULL_PAGE_MAX_HEIGHT } from './renderings';
export { isForbiddenAddress, parseAllowList } from './safety';
export type { Resolver } from './safety';
export { DEFAULT_KEY_FILE, fingerprintOf, keyFromPem, loadOrCreateKey } from './signing';
export type { SigningKey } from './signing';
export { tsaTimestamper, verifyTimestamp } from './tsa';
export type { Timestamper } from './tsa';
export { verifyWacz } from './verify';
export { writePv, parisAndUtc } from './pv';
export type { VerifyReport } from './verify';
