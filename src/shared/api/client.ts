import type { Result } from '../result';
import type { EventMap, EventName, InputOf, MethodName, OutputOf } from './contract';

/** What a transport must provide: one request/response call and a stream of events. */
export type Transport = {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
};

export type ApiClient = {
  invoke<M extends MethodName>(method: M, input: InputOf<M>): Promise<Result<OutputOf<M>>>;
  on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void;
};

/**
 * The typed client over any transport. Outputs are trusted: they come from the privileged side,
 * which produced them from the same contract; inputs are validated there.
 */
export function createClient(transport: Transport): ApiClient {
  return {
    invoke<M extends MethodName>(method: M, input: InputOf<M>) {
      return transport.invoke(method, input) as Promise<Result<OutputOf<M>>>;
    },
    on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void) {
      return transport.onEvent((n, payload) => {
        if (n === name) listener(payload as EventMap[E]);
      });
    },
  };
}
