// The calendar the simulated portfolio lives in: public holidays by region, company-wide
// shutdowns, seasonal businesses. Real B2B usage dips on these days for many accounts at once
// (a US holiday empties every US account the same day), which is what makes them hard negatives
// for anomaly and drop rules.
export type Region = 'us' | 'eu' | 'apac';

/** Fixed-date public holidays (MM-DD) by region. */
const FIXED: Record<Region, readonly string[]> = {
  us: ['01-01', '06-19', '07-04', '11-11', '12-24', '12-25', '12-31'],
  eu: ['01-01', '05-01', '08-15', '10-03', '11-01', '12-24', '12-25', '12-26', '12-31'],
  apac: ['01-01', '01-26', '04-25', '05-01', '08-15', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07', '12-25'],
};

/** Movable holidays (Easter, Thanksgiving, Golden Week, Lunar New Year, Diwali...) per year. */
const MOVABLE: Record<Region, Record<number, readonly string[]>> = {
  us: {
    2025: ['01-20', '02-17', '05-26', '09-01', '11-27', '11-28'],
    2026: ['01-19', '02-16', '05-25', '07-03', '09-07', '11-26', '11-27'],
    2027: ['01-18', '02-15', '05-31', '07-05', '09-06', '11-25', '11-26'],
  },
  eu: {
    2025: ['04-18', '04-21', '05-29', '06-09'],
    2026: ['04-03', '04-06', '05-14', '05-25'],
    2027: ['03-26', '03-29', '05-06', '05-17'],
  },
  apac: {
    2025: ['01-29', '01-30', '01-31', '04-29', '05-05', '05-06', '10-06', '10-20'],
    2026: ['02-17', '02-18', '02-19', '04-29', '05-04', '05-05', '05-06', '09-25', '11-08'],
    2027: ['02-06', '02-08', '02-09', '04-29', '05-03', '05-04', '05-05', '09-15', '10-29'],
  },
};

/** Local and regional holidays the default calendar leaves out (Carnival, Midsummer, Songkran,
 * bridge days, state holidays...): the alternative world (simulator `world: 'alt'`) adds them, so
 * a pack that learned the default calendar's days meets dips it has not seen. */
const EXTRA: Record<Region, readonly string[]> = {
  us: ['03-17', '04-15', '10-12', '11-03', '12-26'],
  eu: ['02-16', '02-17', '06-19', '06-24', '09-08', '11-02'],
  apac: ['01-27', '04-13', '04-14', '04-15', '08-09', '11-23'],
};

export function isHoliday(region: Region, day: string, extraHolidays = false): boolean {
  const md = day.slice(5);
  return FIXED[region].includes(md) || (MOVABLE[region][Number(day.slice(0, 4))] ?? []).includes(md) || (extraHolidays && EXTRA[region].includes(md));
}

/** Day of the year, 0-based, for seasonal curves. */
export function dayOfYear(day: string): number {
  return Math.floor((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${day.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000);
}

export type Season = 'education' | 'retail' | 'tax' | 'tourism';

/** A seasonal business's activity multiplier on a day (1 = normal): smooth dips and peaks,
 * `amplitude` times as deep and as high as the default curves (floored at 5 % of normal). */
export function seasonFactor(season: Season | null, day: string, amplitude = 1): number {
  if (season === null) return 1;
  const f = seasonCurve(season, day);
  return amplitude === 1 ? f : Math.max(0.05, 1 + amplitude * (f - 1));
}

function seasonCurve(season: Season, day: string): number {
  const doy = dayOfYear(day);
  // A raised-cosine bump centred on `mid` (day of year), `half` days either side.
  const bump = (mid: number, half: number) => {
    const d = Math.min(Math.abs(doy - mid), 365 - Math.abs(doy - mid));
    return d >= half ? 0 : (1 + Math.cos((Math.PI * d) / half)) / 2;
  };
  switch (season) {
    case 'education': // summer break (Jul–Aug) and the winter break
      return 1 - 0.75 * bump(205, 40) - 0.6 * bump(360, 10);
    case 'retail': // busy before the holidays, quiet after them
      return 1 + 0.5 * bump(330, 30) - 0.45 * bump(30, 30);
    case 'tax': // filing season, then a long quiet summer
      return 1 + 0.6 * bump(90, 40) - 0.55 * bump(190, 45);
    case 'tourism': // the season is the summer; the winter is quiet
      return 1 + 0.4 * bump(200, 45) - 0.55 * bump(20, 45);
  }
}

/** Whole company off: the winter break many companies take, and the European August. */
export function commonShutdown(region: Region, day: string, takesWinterBreak: boolean, takesAugust: boolean): boolean {
  const md = day.slice(5);
  if (takesWinterBreak && (md >= '12-24' || md <= '01-01')) return true;
  if (takesAugust && region === 'eu' && md >= '08-03' && md <= '08-21') return true;
  return false;
}
