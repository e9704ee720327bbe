import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountRoutes } from './accounts/account.routes.js';
import { auditRoutes } from './audit/audit.routes.js';
import { exportRoutes } from './exports/export.routes.js';
import { feedRoutes } from './feeds/feed.routes.js';
import { importRoutes } from './imports/import.routes.js';
import { indicatorRoutes } from './indicators/indicator.routes.js';
import { linkageRoutes } from './linkage/linkage.routes.js';
import { benefitCatalogRoutes } from './benefits/benefit.catalog.routes.js';
import { benefitCycleRoutes } from './benefits/benefit.cycle.routes.js';
import { benefitWorkflowRoutes } from './benefits/benefit.workflow.routes.js';
import { benefitPaymentRoutes } from './benefits/benefit.payment.routes.js';
import { benefitAuditRoutes } from './benefits/benefit.audit.routes.js';
import { healthRoutes } from './health/health.routes.js';
import { healthTargetRoutes } from './health/health.targets.routes.js';
import { careRoutes } from './care/care.routes.js';
import { petitionRoutes } from './petitions/petition.routes.js';
import { caseRoutes } from './cases/case.routes.js';
import { dispenserRoutes } from './dispensers/dispenser.routes.js';
import { qualityRoutes } from './quality/quality.routes.js';
import { annualReportRoutes } from './annualReport/annualReport.routes.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { registerAuth } from './http/auth.js';
import { registerErrorHandler } from './http/errors.js';
import type { Sealer } from './lib/sealing.js';
import { metaRoutes } from './meta/meta.routes.js';
import { orgRoutes } from './org/org.routes.js';
import { householdRoutes } from './registry/household.routes.js';
import { personRoutes } from './registry/person.routes.js';
import { reportRoutes } from './reporting/report.routes.js';

// Validation messages reach village workers: in Chinese.
z.config(z.locales.zhCN());

export type AppDeps = {
  database: DatabaseHandle;
  config: Config;
  sealer: Sealer;
  version: string;
};

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export async function buildApp(deps: AppDeps, opts: { loggerInstance?: FastifyBaseLogger } = {}): Promise<App> {
  const app = Fastify({
    ...(opts.loggerInstance ? { loggerInstance: opts.loggerInstance } : { logger: false }),
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  await app.register(fastifyCookie);
  registerAuth(app, deps.database.db, deps.config);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'renkou API',
        description: '人口家庭服务信息系统 API。登录后以会话 Cookie 访问；所有数据按用户所属单位及其下级单位限定范围。',
        version: deps.version,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'renkou_session' },
          // A department's feed credential (docs/feeds.md): accepted by /api/dept/feeds only.
          feedCredential: { type: 'http', scheme: 'bearer', description: '部门数据接口凭据（仅用于 /api/dept/feeds）' },
        },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  const ctx = {
    db: deps.database.db,
    database: deps.database,
    config: deps.config,
    sealer: deps.sealer,
    engine: deps.database.engine,
    version: deps.version,
  };
  await app.register(
    async (scope) => {
      const api = scope.withTypeProvider<ZodTypeProvider>();
      await metaRoutes(api, ctx);
      await accountRoutes(api, ctx);
      await orgRoutes(api, ctx);
      await personRoutes(api, ctx);
      await householdRoutes(api, ctx);
      await reportRoutes(api, ctx);
      await auditRoutes(api, ctx);
      await importRoutes(api, ctx);
      await exportRoutes(api, ctx);
      await indicatorRoutes(api, ctx);
      await qualityRoutes(api, ctx);
      await annualReportRoutes(api, ctx);
      await feedRoutes(api, ctx);
      await linkageRoutes(api, ctx);
      await benefitCatalogRoutes(api, ctx);
      await benefitCycleRoutes(api, ctx);
      await benefitWorkflowRoutes(api, ctx);
      await benefitPaymentRoutes(api, ctx);
      await benefitAuditRoutes(api, ctx);
      await dispenserRoutes(api, ctx);
      await caseRoutes(api, ctx);
      await petitionRoutes(api, ctx);
      await careRoutes(api, ctx);
      await healthRoutes(api, ctx);
      await healthTargetRoutes(api, ctx);
    },
    { prefix: '/api' },
  );

  serveWebApp(app);
  return app;
}

export type RouteContext = {
  db: DatabaseHandle['db'];
  /** The handle itself, for the few routes that bulk-load with COPY (imports). */
  database: DatabaseHandle;
  config: Config;
  sealer: Sealer;
  engine: DatabaseHandle['engine'];
  version: string;
};

/** The built web app (dist/web) at /, with index.html for client-side routes. */
function serveWebApp(app: FastifyInstance): void {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../web'), path.resolve(here, '../../dist/web')];
  const root = candidates.find((c) => fs.existsSync(path.join(c, 'index.html')));
  if (root) void app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') {
      return reply.code(404).send({ code: 'NOT_FOUND', message: `接口不存在：${req.method} ${req.url.split('?')[0]}` });
    }
    if (!root) {
      return reply
        .type('text/html')
        .send('<p>renkou: 网页尚未构建 (web app not built). Run <code>npm run build</code>.</p>');
    }
    return reply.type('text/html').sendFile('index.html');
  });
}
