import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { installSessionCheck } from '../auth/guard';
import { authRoutes } from '../auth/routes';
import type { AuthContext } from '../auth/sessions';
import type { Db, DatabaseKind } from '../db/database';
import { demoWebRoutes } from '../demo/web-routes';
import { intakeApiRoutes } from '../intake/api-routes';
import { formRoutes, type FormRateLimit } from '../intake/form-routes';
import { syncRoutes } from '../sync/routes';
import { evidenceRoutes } from '../evidence/routes';
import type { EvidenceStorage } from '../evidence/storage';
import { directoryRoutes } from '../review';
import { competingRoutes } from '../sync/competing-routes';
import { catalogRoutes } from '../catalog';
import type { TlsMaterial } from '../tls';
import { installErrorHandlers } from './errors';
import { installTextGuard } from './text-guard';
import { metaRoutes, SERVER_VERSION } from './meta-routes';

export type AppDeps = {
  db: Db;
  database: DatabaseKind;
  tls: TlsMaterial;
  auth: AuthContext;
  formRateLimit: FormRateLimit;
  demoWeb: boolean;
  log: boolean;
  /** Uploaded capture evidence, sealed in the data folder's evidence/ (started and stopped by the caller). */
  evidence: EvidenceStorage;
};

/** The Fastify application: HTTPS only, zod-validated routes, OpenAPI generated from the same schemas. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    https: { cert: deps.tls.cert, key: deps.tls.key },
    logger: deps.log ? { level: 'info' } : false,
    // Reports are small; large bodies are refused before they are read (per-route limits are lower).
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  installSessionCheck(app, deps.db, deps.auth.tokenSecret);
  installTextGuard(app);
  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      info: { title: 'PHAROS central server', version: SERVER_VERSION, description: 'Intake, authentication and sync API of PHAROS.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
    },
    transform: jsonSchemaTransform,
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('strict-transport-security', 'max-age=31536000');
  });
  await app.register(metaRoutes, { database: deps.database });
  await app.register(formRoutes, { db: deps.db, rateLimit: deps.formRateLimit });
  await app.register(intakeApiRoutes, { db: deps.db });
  await app.register(authRoutes, { auth: deps.auth });
  await app.register(syncRoutes, { db: deps.db, tokenSecret: deps.auth.tokenSecret });
  await app.register(evidenceRoutes, { storage: deps.evidence, tokenSecret: deps.auth.tokenSecret });
  await app.register(directoryRoutes, { db: deps.db, tokenSecret: deps.auth.tokenSecret });
  await app.register(competingRoutes, { db: deps.db, tokenSecret: deps.auth.tokenSecret });
  await app.register(catalogRoutes, { db: deps.db, tokenSecret: deps.auth.tokenSecret });
  if (deps.demoWeb) await app.register(demoWebRoutes);
  return app;
}
