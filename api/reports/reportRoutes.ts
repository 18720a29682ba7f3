// /reports/{volume,response,effectiveness,portfolio}: the leadership reports, JSON by default, CSV
// with `?format=csv` or `Accept: text/csv`. Leadership, managers and admins read them.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../runtime/composition.js';
import { reportQuerySchema } from '../../domain/reports/reports.js';
import { CSV_NOTE, REPORT_ANSWER_SCHEMAS } from '../../domain/reports/schemas.js';
import { reportRows, type ReportName } from '../../services/reports/reportReadModel.js';
import { REPORT_READERS } from '../shared/auth.js';
import { errorAnswers } from '../shared/errors.js';
import { tagRoutes } from '../shared/openapi.js';
import { sendCsv, wantsCsv } from '../shared/csv.js';

export const reportRoutes: FastifyPluginAsyncZod<{ reports: Services['reports'] }> = async (app, { reports }) => {
  tagRoutes(app, 'reports');
  for (const name of Object.keys(REPORT_ANSWER_SCHEMAS) as ReportName[]) {
    app.get(
      `/reports/${name}`,
      {
        config: { roles: REPORT_READERS },
        schema: {
          summary: `The ${name} report over from..to, grouped by groupBy`,
          querystring: reportQuerySchema,
          response: { 200: REPORT_ANSWER_SCHEMAS[name].describe(CSV_NOTE), ...errorAnswers(400) },
        },
      },
      async (req, reply) => {
        const report = await reports(name, req.query);
        if (wantsCsv(req, req.query.format)) return sendCsv(reply, `${name}-${req.query.from}-${req.query.to}.csv`, reportRows(report));
        return report;
      },
    );
  }
};
