// /reports/{volume,response,effectiveness,portfolio}: the leadership reports, JSON by default, CSV
// with `?format=csv` or `Accept: text/csv`. Leadership and admin keys read them.
import { errorAnswers } from '../shared/errors.js';
import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../../runtime/composition.js';
import { reportQuerySchema } from '../../domain/reports/reports.js';
import { REPORTS, reportRows, type ReportName } from '../../services/reports/reportReadModel.js';
import { LEADERSHIP } from '../shared/auth.js';
import { parse } from '../shared/validation.js';
import { sendCsv, wantsCsv } from '../shared/csv.js';

export const reportRoutes: FastifyPluginAsync<{ reports: Services['reports'] }> = async (app, { reports }) => {
  for (const name of Object.keys(REPORTS) as ReportName[]) {
    app.get(`/reports/${name}`, { config: { roles: LEADERSHIP }, schema: { response: errorAnswers(400, 404) } }, async (req, reply) => {
      const query = parse(reportQuerySchema, req.query, 'query');
      const report = await reports(name, query);
      if (wantsCsv(req, query.format)) return sendCsv(reply, `${name}-${query.from}-${query.to}.csv`, reportRows(report));
      return report;
    });
  }
};
