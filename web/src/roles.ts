// What the signed-in role may do in the UI (the API enforces the same; this only hides buttons).
import type { Me } from './api/client';

export const canAct = (me: Me) => me.role !== 'leadership';
export const seesTeam = (me: Me) => me.role !== 'csm';
/** The leadership dashboard's reports (the API: admin, leadership, manager). */
export const readsReports = (me: Me) => me.role !== 'csm';
/** Backtests are read by whoever reads the reports (leadership, managers, admins), started by admins. */
export const readsBacktests = readsReports;
export const editsRules = (me: Me) => me.role === 'admin';
/** The admin page: windows, routing policy, channels. */
export const isAdmin = (me: Me) => me.role === 'admin';
