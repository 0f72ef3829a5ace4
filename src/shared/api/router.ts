import { err, ok, toAppError, type Result } from '../result';
import { describePath, describeProblem, findUnstorable } from '../text';
import { contract, type Contract, type MethodName, type OutputOf, type ParsedInputOf } from './contract';

/** Who is calling, as established by the transport (sender frame for IPC, session for WebSocket). */
export type CallContext = { transport: 'ipc' | 'ws' | 'test' };

export type Handlers = {
  [M in MethodName]: (input: ParsedInputOf<M>, ctx: CallContext) => Promise<OutputOf<M>>;
};

export type Router = (method: unknown, input: unknown, ctx: CallContext) => Promise<Result<unknown>>;

function isMethod(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/**
 * The generic router: unknown method → validation error; input checked by the method's zod schema;
 * thrown errors (KindedError or not) become `{ ok: false, error }`. Transports only add sender checks.
 */
export function createRouter(handlers: Handlers): Router {
  return async (method, input, ctx) => {
    if (!isMethod(method)) return err('validation', `unknown method: ${String(method).slice(0, 80)}`);
    const schema: Contract[typeof method]['input'] = contract[method].input;
    const parsed = schema.safeParse(input ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? `${describePath(first.path.map(String))}: ` : '';
      return err('validation', `${where}${first?.message ?? 'invalid input'}`);
    }
    // Whatever the method, no text that the server could not store gets past the boundary (src/shared/text.ts).
    const unstorable = findUnstorable(parsed.data);
    if (unstorable) return err('validation', describeProblem(unstorable));
    try {
      const handler = handlers[method] as (i: unknown, c: CallContext) => Promise<unknown>;
      return ok(await handler(parsed.data, ctx));
    } catch (e) {
      return { ok: false, error: toAppError(e) };
    }
  };
}
