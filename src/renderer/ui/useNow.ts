import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs`: ages ("il y a 3 h") stay right without a reload. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
