const DAY_MS = 86_400_000;

/**
 * Epoch milliseconds of an RFC 3339 timestamp, like `Date.parse` but several
 * times faster on the common shape `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`,
 * which matters at a million events a second. Anything else goes to
 * `Date.parse`; NaN means the text is not a time.
 */
export function parseEventTime(text: string): number {
  const n = text.length;
  if (
    n < 20 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(13) !== 58
  ) {
    return Date.parse(text);
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (
    year < 0 ||
    month < 1 ||
    day < 1 ||
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    text.charCodeAt(16) !== 58
  ) {
    return Date.parse(text);
  }
  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === 46 /* . */) {
    at++;
    let scale = 100;
    while (at < n) {
      const c = text.charCodeAt(at);
      if (c < 48 || c > 57) break;
      millis += (c - 48) * scale;
      scale /= 10;
      at++;
    }
    millis = Math.floor(millis);
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(at);
  if ((zone === 90 || zone === 122) && at + 1 === n) {
    offsetMinutes = 0;
  } else if ((zone === 43 || zone === 45) && at + 6 === n && text.charCodeAt(at + 3) === 58) {
    const hours = digits(text, at + 1, 2);
    const minutes = digits(text, at + 4, 2);
    if (hours < 0 || minutes < 0) return Date.parse(text);
    offsetMinutes = (zone === 45 ? -1 : 1) * (hours * 60 + minutes);
  } else {
    return Date.parse(text);
  }
  if (month > 12 || day > 28 || hour > 23 || minute > 59 || second > 59) return Date.parse(text);
  const days = daysFromCivil(year, month, day);
  return days * DAY_MS + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
}

function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
