import type { App, RouteContext } from '../app.js';
import { actorOf, requirePermission } from '../http/context.js';
import { clock } from '../lib/clock.js';
import { DEFINITIONS, definitionsInEffect } from './indicator.catalog.js';
import { publishIndicators, getPublished } from './indicator.publish.js';
import { indicatorRecords } from './indicator.records.js';
import {
  IndicatorQuery,
  PublishedQuery,
  PublishRequest,
  PyramidQuery,
  RecordsParams,
  RecordsQuery,
  SeriesQuery,
} from './indicator.schemas.js';
import { computeIndicators, indicatorSeries, populationPyramid } from './indicator.service.js';

export async function indicatorRoutes(app: App, { db }: RouteContext): Promise<void> {
  app.get(
    '/indicators/catalog',
    { schema: { tags: ['indicators'], summary: '指标目录：定义、公式、单位、正常值域、分子分母、版本' } },
    async (req) => {
      requirePermission(req, 'person.read');
      const current = new Set(definitionsInEffect(clock.today()).map((d) => `${d.code}@${d.version}`));
      return { indicators: DEFINITIONS.map((d) => ({ ...d, inEffect: current.has(`${d.code}@${d.version}`) })) };
    },
  );

  app.get(
    '/indicators',
    {
      schema: {
        tags: ['indicators'],
        summary: '单位（及其下级）某统计期的指标值、95%置信区间与正常值域判断',
        querystring: IndicatorQuery,
      },
    },
    async (req) => computeIndicators(db, requirePermission(req, 'person.read'), req.query),
  );

  app.get(
    '/indicators/series',
    { schema: { tags: ['indicators'], summary: '指标的逐年（或逐月）序列，用于趋势图', querystring: SeriesQuery } },
    async (req) => indicatorSeries(db, requirePermission(req, 'person.read'), req.query),
  );

  app.get(
    '/indicators/pyramid',
    { schema: { tags: ['indicators'], summary: '某日人口按性别和5岁年龄组（人口金字塔）', querystring: PyramidQuery } },
    async (req) => populationPyramid(db, requirePermission(req, 'person.read'), req.query),
  );

  app.get(
    '/indicators/published',
    { schema: { tags: ['indicators'], summary: '已发布（冻结）的指标值', querystring: PublishedQuery } },
    async (req) => getPublished(db, requirePermission(req, 'person.read'), req.query),
  );

  // Publishing is the county's act: the role that confirms reports (县统计员) publishes figures.
  app.post(
    '/indicators/publish',
    {
      schema: {
        tags: ['indicators'],
        summary: '发布（冻结）单位某统计期的指标值，记录所用定义版本',
        body: PublishRequest,
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await publishIndicators(db, requirePermission(req, 'report.confirm'), actorOf(req), req.body)),
  );

  app.get(
    '/indicators/:code/records',
    {
      schema: {
        tags: ['indicators'],
        summary: '指标分子或分母背后的人员和事件（限本辖区，身份证号脱敏，记入审计）',
        params: RecordsParams,
        querystring: RecordsQuery,
      },
    },
    async (req) =>
      indicatorRecords(db, requirePermission(req, 'person.read'), actorOf(req), {
        ...req.query,
        code: req.params.code,
      }),
  );
}
