import type { Finding } from '../finding';
import type { Recognizer } from './recognizer';

// Cheap test first: texts without 3 decimals or a degree sign cannot hold one, and most chat messages have none.
const COORDINATE_HINT_TRIGGER = /\d\.\d{3}|°/;

// Decimal degrees: "51.50735, -0.12776", "51.5074° N, 0.1278° W", "lat 51.5 lon -0.12" is too short to
// tell from prices and versions, so at least 3 decimals are required.
const DECIMAL =
  /(?<![\p{L}\p{N}_.,-])([-+]?\d{1,2}\.\d{3,})°?[ \t]*([NS])?[ \t]*[,;/ ][ \t]*([-+]?\d{1,3}\.\d{3,})°?[ \t]*([EW])?(?![\p{L}\p{N}_]|[.,]\d)/gu;
// Degrees, minutes, seconds: 51°30'26.5"N 0°7'39.9"W (also ′ ″ and spaces).
const DMS =
  /(?<![\p{L}\p{N}_.])(\d{1,2})°[ \t]*(\d{1,2})['′’][ \t]*(?:(\d{1,2}(?:\.\d+)?)(?:"|″|”|'')?)?[ \t]*([NS])[ \t]*,?[ \t]*(\d{1,3})°[ \t]*(\d{1,2})['′’][ \t]*(?:(\d{1,2}(?:\.\d+)?)(?:"|″|”|'')?)?[ \t]*([EW])(?![\p{L}\p{N}_])/gu;

function dmsToDecimal(
  degrees: string,
  minutes: string,
  seconds: string | undefined,
  hemisphere: string,
): number {
  const value = Number(degrees) + Number(minutes) / 60 + Number(seconds ?? 0) / 3600;
  return hemisphere === 'S' || hemisphere === 'W' ? -value : value;
}

/**
 * Latitude/longitude pairs in decimal degrees (at least 3 decimals, optional hemisphere letters) and
 * in degrees-minutes-seconds. Out-of-range values are dropped. Normalised to `lat,lon` with 6 decimals.
 */
export function createCoordinatesRecognizer(): Recognizer {
  return {
    name: 'coordinates',
    types: ['coordinates'],
    needs: { minDigits: 4 },
    find(text) {
      if (!COORDINATE_HINT_TRIGGER.test(text)) return [];
      const findings: Finding[] = [];
      const push = (match: RegExpMatchArray, latitude: number, longitude: number, confidence: number) => {
        if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return;
        findings.push({
          type: 'coordinates',
          text: match[0],
          start: match.index!,
          end: match.index! + match[0].length,
          normalized: `${latitude.toFixed(6)},${longitude.toFixed(6)}`,
          confidence,
          recognizer: 'coordinates',
          validated: false,
        });
      };
      for (const match of text.matchAll(DECIMAL)) {
        const [, lat, ns, lon, ew] = match;
        // Either both hemisphere letters or neither.
        if ((ns === undefined) !== (ew === undefined)) continue;
        const latitude = Number(lat) * (ns === 'S' ? -1 : 1);
        const longitude = Number(lon) * (ew === 'W' ? -1 : 1);
        push(match, latitude, longitude, 0.8);
      }
      for (const match of text.matchAll(DMS)) {
        const [, latD, latM, latS, ns, lonD, lonM, lonS, ew] = match;
        if (Number(latM) >= 60 || Number(lonM) >= 60 || Number(latS ?? 0) >= 60 || Number(lonS ?? 0) >= 60)
          continue;
        push(match, dmsToDecimal(latD!, latM!, latS, ns!), dmsToDecimal(lonD!, lonM!, lonS, ew!), 0.9);
      }
      return findings;
    },
  };
}
