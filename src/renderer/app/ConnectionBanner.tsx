import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WS_CLOSE_EXPIRED, WS_CLOSE_IDLE } from '@shared';
import type { ConnectionState, WsTransport } from '../transport';

/** Why the page's session was refused, in the officer's words: idle, too old, or simply unknown. */
function rejectedKey(transport: WsTransport): 'connection.idle' | 'connection.expired' | 'connection.rejected' {
  const code = transport.rejection()?.code;
  return code === WS_CLOSE_IDLE ? 'connection.idle' : code === WS_CLOSE_EXPIRED ? 'connection.expired' : 'connection.rejected';
}

/**
 * Browser mode only: the page lost its WebSocket to the local workstation process (not the same as
 * the central server being offline, which the sync bar shows).
 */
export function ConnectionBanner({ transport }: { transport: WsTransport }) {
  const { t } = useTranslation();
  const [state, setState] = useState<ConnectionState>(transport.connection());
  useEffect(() => transport.onConnection(setState), [transport]);
  if (state === 'open' || state === 'connecting') return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner" data-state={state}>
      {state === 'rejected' ? t(rejectedKey(transport)) : t('connection.lost')}
    </div>
  );
}
