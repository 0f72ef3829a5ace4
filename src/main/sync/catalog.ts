import { API_PATHS } from '@shared/http/api';
import { CATALOG_PULL_MAX_LIMIT, CatalogPullResponseSchema, type CatalogPullResponse } from '@shared/catalog/sync';
import { KindedError } from '@shared/result';
import type { LocalDb } from '../db';
import type { ServerClient } from '../server-client';

export type CatalogPullDeps = { db: LocalDb; client: ServerClient; token: () => Promise<string>; pageSize?: number };

/**
 * Pulls the catalog entries changed since this store's catalog cursor; each page and the cursor commit
 * together, so an interrupted pull resumes where it stopped. A server that predates the catalog (404)
 * has nothing to give: the workstation keeps what it has.
 */
export async function pullCatalog(deps: CatalogPullDeps): Promise<number> {
  const { db, client } = deps;
  const limit = deps.pageSize ?? CATALOG_PULL_MAX_LIMIT;
  let cursor = db.catalog.cursor();
  let done = 0;
  for (;;) {
    let page: CatalogPullResponse;
    try {
      page = await client.post(API_PATHS.catalogPull, { cursor, limit }, CatalogPullResponseSchema, { token: await deps.token() });
    } catch (e) {
      if (e instanceof KindedError && e.kind === 'not_found') return done;
      throw e;
    }
    db.catalog.applyPage(page.offences, page.cursor);
    done += page.offences.length;
    cursor = page.cursor;
    if (!page.hasMore) return done;
  }
}
