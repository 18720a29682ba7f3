// What the signed-in role may do in the UI (the API enforces the same; this only hides buttons).
import type { Me } from './api/client';

export const canAct = (me: Me) => me.role !== 'leadership';
export const seesTeam = (me: Me) => me.role !== 'csm';
/** The leadership dashboard's reports (the API: admin, leadership, manager). */
export const readsReports = (me: Me) => me.role !== 'csm';
/** Backtests are read by leadership and admins, started by admins. */
export const readsBacktests = (me: Me) => me.role === 'admin' || me.role === 'leadership';
export const editsRules = (me: Me) => me.role === 'admin';
