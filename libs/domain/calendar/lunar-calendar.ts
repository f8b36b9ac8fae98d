/**
 * Vietnamese lunisolar calendar (Âm lịch), computed from astronomy rather than a table, so coming
 * years need no data update.
 *
 * Rules of the calendar (the same as the Chinese calendar, but reckoned at UTC+7):
 * - a month starts on the local day of the true new moon;
 * - month 11 is the month containing the winter solstice (sun's apparent longitude 270°);
 * - when 13 months separate two consecutive months 11, the first of them without a major solar term
 *   (a multiple of 30° of solar longitude) is the leap month and repeats the number of the month before it.
 *
 * Astronomy follows Jean Meeus, "Astronomical Algorithms" (2nd ed.): chapter 49 for true new moons (mean
 * lunation plus periodic and planetary corrections), chapter 25 for the sun's apparent longitude, and the
 * Espenak–Meeus polynomials for ΔT = TT − UT. New moons come out within about a minute and solar longitude within
 * about 0.01° (≈ 15 minutes of time), so only an event within minutes of local midnight could land on the wrong
 * day. In 2025–2035 the closest new moon is 2031-04-21 23:57 (UTC+7), still beyond that error; the closest major
 * terms (2033) fall in 12-month years, where terms decide nothing.
 */
import { type SolarDate, gregorianFromJdn, isValidGregorianDate, jdnFromGregorian } from './civil-date';

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  isLeapMonth: boolean;
}

/** The Vietnamese calendar is reckoned at UTC+7 (it differs from the Chinese one, reckoned at UTC+8). */
export const VIETNAM_LUNAR_UTC_OFFSET_HOURS = 7;

/**
 * Gregorian years where ΔT and the truncated series are trustworthy. Lunar input accepts one more year at the
 * start, since the first weeks of January 1800 belong to lunar year 1799.
 */
export const LUNAR_CALENDAR_MIN_YEAR = 1800;
export const LUNAR_CALENDAR_MAX_YEAR = 2199;

const SYNODIC_MONTH = 29.530588861;
/** JDE of the mean new moon of 2000-01-06, lunation k = 0 in Meeus' numbering. */
const NEW_MOON_EPOCH_JDE = 2451550.09766;
const J2000 = 2451545.0;
const DEG = Math.PI / 180;

const sinDeg = (deg: number) => Math.sin(deg * DEG);
const normaliseDeg = (deg: number) => ((deg % 360) + 360) % 360;

/** ΔT = TT − UT in seconds (Espenak & Meeus polynomial fits); only matters at the one-minute level here. */
export function deltaTSeconds(decimalYear: number): number {
  const y = decimalYear;
  if (y >= 1800 && y < 1860) {
    const t = y - 1800;
    return (
      13.72 -
      0.332447 * t +
      0.0068612 * t ** 2 +
      0.0041116 * t ** 3 -
      0.00037436 * t ** 4 +
      0.0000121272 * t ** 5 -
      0.0000001699 * t ** 6 +
      0.000000000875 * t ** 7
    );
  }
  if (y >= 1860 && y < 1900) {
    const t = y - 1860;
    return 7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174;
  }
  if (y >= 1900 && y < 1920) {
    const t = y - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (y >= 1920 && y < 1941) {
    const t = y - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (y >= 1941 && y < 1961) {
    const t = y - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (y >= 1961 && y < 1986) {
    const t = y - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (y >= 1986 && y < 2005) {
    const t = y - 2000;
    return 63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5;
  }
  if (y >= 2005 && y < 2050) {
    const t = y - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  const u = (y - 1820) / 100;
  if (y >= 2050 && y < 2150) return -20 + 32 * u ** 2 - 0.5628 * (2150 - y);
  return -20 + 32 * u ** 2;
}

const decimalYearOfJd = (jd: number) => 2000 + (jd - J2000) / 365.25;
const ttFromUt = (jdUt: number) => jdUt + deltaTSeconds(decimalYearOfJd(jdUt)) / 86400;
const utFromTt = (jde: number) => jde - deltaTSeconds(decimalYearOfJd(jde)) / 86400;

/** Mean new moon of lunation k (Meeus 49.1), in Julian Ephemeris Days. */
export function meanNewMoonJde(k: number): number {
  const t = k / 1236.85;
  return NEW_MOON_EPOCH_JDE + SYNODIC_MONTH * k + 0.00015437 * t ** 2 - 0.00000015 * t ** 3 + 0.00000000073 * t ** 4;
}

/** True new moon of lunation k (k = 0 is 2000-01-06) in Julian Ephemeris Days (Meeus ch. 49). */
export function trueNewMoonJde(k: number): number {
  const t = k / 1236.85;
  const e = 1 - 0.002516 * t - 0.0000074 * t ** 2; // shrinking eccentricity of Earth's orbit
  const m = 2.5534 + 29.1053567 * k - 0.0000014 * t ** 2 - 0.00000011 * t ** 3;
  const mp = 201.5643 + 385.81693528 * k + 0.0107582 * t ** 2 + 0.00001238 * t ** 3 - 0.000000058 * t ** 4;
  const f = 160.7108 + 390.67050284 * k - 0.0016118 * t ** 2 - 0.00000227 * t ** 3 + 0.000000011 * t ** 4;
  const omega = 124.7746 - 1.56375588 * k + 0.0020672 * t ** 2 + 0.00000215 * t ** 3;

  const periodic =
    -0.4072 * sinDeg(mp) +
    0.17241 * e * sinDeg(m) +
    0.01608 * sinDeg(2 * mp) +
    0.01039 * sinDeg(2 * f) +
    0.00739 * e * sinDeg(mp - m) -
    0.00514 * e * sinDeg(mp + m) +
    0.00208 * e * e * sinDeg(2 * m) -
    0.00111 * sinDeg(mp - 2 * f) -
    0.00057 * sinDeg(mp + 2 * f) +
    0.00056 * e * sinDeg(2 * mp + m) -
    0.00042 * sinDeg(3 * mp) +
    0.00042 * e * sinDeg(m + 2 * f) +
    0.00038 * e * sinDeg(m - 2 * f) -
    0.00024 * e * sinDeg(2 * mp - m) -
    0.00017 * sinDeg(omega) -
    0.00007 * sinDeg(mp + 2 * m) +
    0.00004 * sinDeg(2 * mp - 2 * f) +
    0.00004 * sinDeg(3 * m) +
    0.00003 * sinDeg(mp + m - 2 * f) +
    0.00003 * sinDeg(2 * mp + 2 * f) -
    0.00003 * sinDeg(mp + m + 2 * f) +
    0.00003 * sinDeg(mp - m + 2 * f) -
    0.00002 * sinDeg(mp - m - 2 * f) -
    0.00002 * sinDeg(3 * mp + m) +
    0.00002 * sinDeg(4 * mp);

  // Planetary perturbations: [amplitude in days, argument at k = 0, rate per lunation].
  const planetaryTerms: readonly (readonly [number, number, number])[] = [
    [0.000325, 299.77, 0.107408],
    [0.000165, 251.88, 0.016321],
    [0.000164, 251.83, 26.651886],
    [0.000126, 349.42, 36.412478],
    [0.00011, 84.66, 18.206239],
    [0.000062, 141.74, 53.303771],
    [0.00006, 207.14, 2.453732],
    [0.000056, 154.84, 7.30686],
    [0.000047, 34.52, 27.261239],
    [0.000042, 207.19, 0.121824],
    [0.00004, 291.34, 1.844379],
    [0.000037, 161.72, 24.198154],
    [0.000035, 239.56, 25.513099],
    [0.000023, 331.55, 3.592518],
  ];
  let planetary = 0;
  planetaryTerms.forEach(([amplitude, base, rate], i) => {
    // Only the first argument (A1) has a T² term.
    const argument = base + rate * k - (i === 0 ? 0.009173 * t ** 2 : 0);
    planetary += amplitude * sinDeg(argument);
  });

  return meanNewMoonJde(k) + periodic + planetary;
}

/** Apparent geocentric longitude of the sun in degrees [0, 360) at a UT Julian Date (Meeus ch. 25, low accuracy). */
export function apparentSunLongitude(jdUt: number): number {
  const t = (ttFromUt(jdUt) - J2000) / 36525;
  const l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t ** 2;
  const m = 357.52911 + 35999.05029 * t - 0.0001537 * t ** 2;
  const center =
    (1.914602 - 0.004817 * t - 0.000014 * t ** 2) * sinDeg(m) +
    (0.019993 - 0.000101 * t) * sinDeg(2 * m) +
    0.000289 * sinDeg(3 * m);
  const omega = 125.04 - 1934.136 * t;
  // Nutation in longitude and aberration turn the true longitude into the apparent one.
  return normaliseDeg(l0 + center - 0.00569 - 0.00478 * sinDeg(omega));
}

/** UT Julian Date when the sun's apparent longitude reaches `targetDeg`, searched from a guess within ~±60 days. */
export function solarLongitudeCrossingJd(targetDeg: number, guessJdUt: number): number {
  let jd = guessJdUt;
  for (let i = 0; i < 30; i++) {
    const diff = normaliseDeg(targetDeg - apparentSunLongitude(jd) + 180) - 180;
    if (Math.abs(diff) < 1e-8) break;
    jd += diff / 0.9856; // mean daily motion of the sun; Newton-like steps converge in a handful of iterations
  }
  return jd;
}

/** Local civil day (JDN) at UTC+7 containing a UT Julian Date. */
const localJdnOfJd = (jdUt: number) => Math.floor(jdUt + 0.5 + VIETNAM_LUNAR_UTC_OFFSET_HOURS / 24);
/** UT Julian Date of local midnight at the start of a local civil day. */
const localMidnightJd = (jdn: number) => jdn - 0.5 - VIETNAM_LUNAR_UTC_OFFSET_HOURS / 24;

// Pure memoisation: results never change, so caching keeps Temporal replays deterministic and fast.
const newMoonDayCache = new Map<number, number>();
const month11Cache = new Map<number, number>();
const cycleCache = new Map<number, MonthCycle>();

/** Local day (JDN at UTC+7) on which lunation k begins. */
export function newMoonLocalJdn(k: number): number {
  let jdn = newMoonDayCache.get(k);
  if (jdn === undefined) {
    jdn = localJdnOfJd(utFromTt(trueNewMoonJde(k)));
    newMoonDayCache.set(k, jdn);
  }
  return jdn;
}

/** Lunation k whose month contains local day `jdn`. */
function lunationContaining(jdn: number): number {
  let k = Math.floor((jdn - NEW_MOON_EPOCH_JDE) / SYNODIC_MONTH);
  while (newMoonLocalJdn(k) > jdn) k--;
  while (newMoonLocalJdn(k + 1) <= jdn) k++;
  return k;
}

/** Lunation of month 11: the month containing the local day of the December solstice of `gregorianYear`. */
function month11Lunation(gregorianYear: number): number {
  let k = month11Cache.get(gregorianYear);
  if (k === undefined) {
    const solstice = solarLongitudeCrossingJd(270, jdnFromGregorian(gregorianYear, 12, 21));
    k = lunationContaining(localJdnOfJd(solstice));
    month11Cache.set(gregorianYear, k);
  }
  return k;
}

/** Index (0–11) of the last major solar term reached by local midnight starting day `jdn`. */
function majorTermIndex(jdn: number): number {
  return Math.floor(apparentSunLongitude(localMidnightJd(jdn)) / 30);
}

/** The months from month 11 of one Gregorian year (inclusive) to month 11 of the next (exclusive). */
interface MonthCycle {
  startK: number;
  endK: number;
  /** Offset from startK of the leap month, or null in a 12-month cycle. */
  leapOffset: number | null;
}

function monthCycle(gregorianYear: number): MonthCycle {
  let cycle = cycleCache.get(gregorianYear);
  if (cycle === undefined) {
    const startK = month11Lunation(gregorianYear);
    const endK = month11Lunation(gregorianYear + 1);
    let leapOffset: number | null = null;
    if (endK - startK === 13) {
      // A month has no major term when the term index is the same at its first day and the next month's first day.
      for (let offset = 1; offset < 13; offset++) {
        const k = startK + offset;
        if (majorTermIndex(newMoonLocalJdn(k)) === majorTermIndex(newMoonLocalJdn(k + 1))) {
          leapOffset = offset;
          break;
        }
      }
    }
    cycle = { startK, endK, leapOffset };
    cycleCache.set(gregorianYear, cycle);
  }
  return cycle;
}

/** Month number (1–12) and leap flag of the month at `offset` in a cycle that starts with month 11. */
function monthAtOffset(cycle: MonthCycle, offset: number): { month: number; isLeapMonth: boolean } {
  const shifted = cycle.leapOffset !== null && offset >= cycle.leapOffset;
  const month = ((10 + offset - (shifted ? 1 : 0)) % 12) + 1;
  return { month, isLeapMonth: cycle.leapOffset === offset };
}

function assertSupportedYear(year: number, kind: 'solar' | 'lunar'): void {
  const min = kind === 'solar' ? LUNAR_CALENDAR_MIN_YEAR : LUNAR_CALENDAR_MIN_YEAR - 1;
  if (!Number.isInteger(year) || year < min || year > LUNAR_CALENDAR_MAX_YEAR) {
    throw new RangeError(
      `${kind === 'solar' ? 'Year' : 'Lunar year'} ${year} is outside ${min}–${LUNAR_CALENDAR_MAX_YEAR}`,
    );
  }
}

/** Vietnamese lunar date of a Gregorian date. */
export function solarToLunar(year: number, month: number, day: number): LunarDate {
  assertSupportedYear(year, 'solar');
  if (!isValidGregorianDate(year, month, day)) throw new RangeError(`Invalid Gregorian date ${year}-${month}-${day}`);
  const jdn = jdnFromGregorian(year, month, day);
  const k = lunationContaining(jdn);
  // Months before this year's month 11 belong to the cycle that started in the previous December.
  const cycleYear = k >= month11Lunation(year) ? year : year - 1;
  const cycle = monthCycle(cycleYear);
  const offset = k - cycle.startK;
  const { month: lunarMonth, isLeapMonth } = monthAtOffset(cycle, offset);
  // Months 11 and 12 (and a leap 11/12) at the head of the cycle still belong to the old lunar year.
  const lunarYear = lunarMonth >= 11 && offset <= 2 ? cycleYear : cycleYear + 1;
  return { year: lunarYear, month: lunarMonth, day: jdn - newMoonLocalJdn(k) + 1, isLeapMonth };
}

/** Lunation index of a lunar month; throws when the month (or the requested leap month) does not exist. */
function lunationOfLunarMonth(lunarYear: number, lunarMonth: number, isLeapMonth: boolean): number {
  assertSupportedYear(lunarYear, 'lunar');
  if (!Number.isInteger(lunarMonth) || lunarMonth < 1 || lunarMonth > 12) {
    throw new RangeError(`Invalid lunar month ${lunarMonth}`);
  }
  const cycleYear = lunarMonth >= 11 ? lunarYear : lunarYear - 1;
  const cycle = monthCycle(cycleYear);
  const base = lunarMonth >= 11 ? lunarMonth - 11 : lunarMonth + 1; // offset in a cycle without a leap month
  if (isLeapMonth) {
    if (cycle.leapOffset !== base + 1) {
      throw new RangeError(`Lunar year ${lunarYear} has no leap month ${lunarMonth}`);
    }
    return cycle.startK + base + 1;
  }
  return cycle.startK + base + (cycle.leapOffset !== null && base >= cycle.leapOffset ? 1 : 0);
}

/** Number of days (29 or 30) of a lunar month. */
export function lunarMonthLength(lunarYear: number, lunarMonth: number, isLeapMonth = false): number {
  const k = lunationOfLunarMonth(lunarYear, lunarMonth, isLeapMonth);
  return newMoonLocalJdn(k + 1) - newMoonLocalJdn(k);
}

/** Gregorian date of a Vietnamese lunar date. */
export function lunarToSolar(lunarYear: number, lunarMonth: number, lunarDay: number, isLeapMonth = false): SolarDate {
  const k = lunationOfLunarMonth(lunarYear, lunarMonth, isLeapMonth);
  const start = newMoonLocalJdn(k);
  const length = newMoonLocalJdn(k + 1) - start;
  if (!Number.isInteger(lunarDay) || lunarDay < 1 || lunarDay > length) {
    throw new RangeError(`Lunar month ${lunarMonth}/${lunarYear} has ${length} days; got day ${lunarDay}`);
  }
  return gregorianFromJdn(start + lunarDay - 1);
}

/** Leap month (1–12) of a lunar year, or null when the year has twelve months. */
export function leapMonthOfLunarYear(lunarYear: number): number | null {
  assertSupportedYear(lunarYear, 'lunar');
  // Months 1–10 of the year sit in the previous cycle, months 11–12 in the cycle named after the year itself.
  const leapNumber = (cycle: MonthCycle) =>
    cycle.leapOffset === null ? null : monthAtOffset(cycle, cycle.leapOffset).month;
  const early = leapNumber(monthCycle(lunarYear - 1));
  if (early !== null && early <= 10) return early;
  const late = leapNumber(monthCycle(lunarYear));
  if (late !== null && late >= 11) return late;
  return null;
}
