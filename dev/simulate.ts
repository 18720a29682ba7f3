// Loads a seeded simulated SaaS world into DATABASE_URL and writes its ground truth:
//   node --import tsx dev/simulate.ts --accounts 50 --days 90 --seed 42 --truth .data/truth.json
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createDb, ensureDatabase, migrate } from '../runtime/db.js';
import { createSimulation } from './simulation/simulator.js';
import { loadSimulation } from './simulation/demoLoader.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '50' },
    days: { type: 'string', default: '90' },
    seed: { type: 'string', default: '42' },
    'end-day': { type: 'string', default: new Date().toISOString().slice(0, 10) },
    truth: { type: 'string', default: '.data/simulation-truth.json' },
  },
});
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/usage_alerts';
await ensureDatabase(url);
const db = createDb(url);
await migrate(db);
const sim = createSimulation({ accounts: Number(values.accounts), days: Number(values.days), seed: Number(values.seed), endDay: values['end-day']! });
mkdirSync(dirname(values.truth!), { recursive: true });
const result = await loadSimulation(db, sim, { truthFile: values.truth });
console.log(`loaded ${result.accounts} accounts, ${result.events} events in ${result.seconds.toFixed(1)} s (${result.rejected} rejected); ground truth in ${values.truth}`);
await db.destroy();
