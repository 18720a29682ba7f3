// What the signed-in role may do in the UI (the API enforces the same; this only hides buttons).
import type { Me } from './api/client';

export const canAct = (me: Me) => me.role !== 'leadership';
export const seesTeam = (me: Me) => me.role !== 'csm';
export const isAdmin = (me: Me) => me.role === 'admin';
