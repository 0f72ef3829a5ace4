// One time budget for the whole capture, from its start to the signed package. The phases share it: the
// load and the scroll take what the renderings and the packaging leave, so a page that never finishes
// loading still gets its renderings, and a capture that ends badly still gets its signed archive in time.

export const DEFAULT_BUDGET_MS = 75_000;
/** Below this the phases have no room: a few seconds for the load, the renderings and the signature each. */
export const MIN_BUDGET_MS = 10_000;

export type Phases = {
  /** The load and the scroll stop here. */
  loadUntil: number;
  /** The renderings, the last bodies and the TLS facts stop here; then the browser is closed. */
  renderUntil: number;
  /** Start + budget: the package is signed by then. */
  end: number;
};

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function phases(startMs: number, budgetMs: number): Phases {
  const packaging = clamp(budgetMs * 0.15, 3_000, 10_000); // close the browser, WARC, WACZ, signature, TSA
  const renderings = clamp(budgetMs * 0.2, 4_000, 15_000);
  const end = startMs + budgetMs;
  return { loadUntil: end - packaging - renderings, renderUntil: end - packaging, end };
}
