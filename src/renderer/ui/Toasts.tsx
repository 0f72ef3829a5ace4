import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

/** A confirmation shown where the officer acted ("Qualification enregistrée"), then gone. */
export type Toast = { id: number; text: string; tone: 'info' | 'error'; testId?: string };
type ToastOptions = { tone?: Toast['tone']; testId?: string };
type ToastApi = { show(text: string, options?: ToastOptions): void };

const NOOP: ToastApi = { show: () => undefined };
const ToastContext = createContext<ToastApi>(NOOP);

/** Toasts disappear after this long (long enough to read two lines). */
const SHOWN_MS = 4000;

/** Hosts the toasts of the main screen; polite live region, so a screen reader hears each one once. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const show = useCallback((text: string, options: ToastOptions = {}) => {
    const id = next.current++;
    const toast: Toast = { id, text, tone: options.tone ?? 'info', ...(options.testId ? { testId: options.testId } : {}) };
    setToasts((cur) => [...cur.slice(-2), toast]);
    setTimeout(() => setToasts((cur) => cur.filter((x) => x.id !== id)), SHOWN_MS);
  }, []);
  const api = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
        {toasts.map((x) => (
          <p key={x.id} className={x.tone === 'error' ? 'toast toast-error' : 'toast'} data-testid={x.testId ?? 'toast'}>
            {x.text}
          </p>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = (): ToastApi => useContext(ToastContext);
