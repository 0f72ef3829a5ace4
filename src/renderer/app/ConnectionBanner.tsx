import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionState, WsTransport } from '../transport';

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
      {state === 'rejected' ? t('connection.rejected') : t('connection.lost')}
    </div>
  );
}
