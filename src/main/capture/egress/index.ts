// The capture's egress proxy (DESIGN §2.5) and the address policy it enforces.
export { judgeAddress } from './addresses';
export type { AddressVerdict } from './addresses';
export { attributeConnections } from './attribution';
export { directDialer } from './dialer';
export type { Dialer, EgressTarget } from './dialer';
export { egressAddress } from './local-address';
export { startEgressProxy } from './proxy';
export type { EgressProxy, EgressProxyOptions } from './proxy';
export { canonicalHost, PinnedResolver } from './resolve';
