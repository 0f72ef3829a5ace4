import { useTranslation } from 'react-i18next';
import { GatePanel } from '../ui/GatePanel';

/** Browser mode opened without the one-time token: say exactly what to do. */
export function NoTransportScreen({ rejected }: { rejected?: boolean }) {
  const { t } = useTranslation();
  return (
    <GatePanel title={t('noTransport.title')}>
      <p className="lead" role="alert" data-testid="no-transport">
        {rejected ? t('connection.rejected') : t('noTransport.body')}
      </p>
      <p className="muted">{t('noTransport.hint')}</p>
    </GatePanel>
  );
}
