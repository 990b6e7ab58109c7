// A Date stored as text is read as ISO-8601, strictly. `new Date(text)` is lenient beyond ISO-8601: it reads
// "1" as 2001-01-01 and "2024-02-30" as March 1st, and reads a date-time without a zone in the server's local
// time, so one stored value would be another instant on each server. What fluent-dynamo writes is always
// toISOString() (UTC, with Z); what another tool wrote is read as follows:
// - a date, YYYY-MM-DD: midnight UTC (as JavaScript reads it);
// - a date-time, YYYY-MM-DDTHH:mm[:ss[.fraction]], with Z or a ±hh:mm (or ±hhmm) offset: that instant; a space
//   in place of the T as well (RFC 3339 allows it, and SQL-minded tools write it);
// - the same without a zone: UTC, on every server;
// - years outside 0000-9999 as toISOString() writes them: ±YYYYYY;
// anything else is no date (undefined).
const ISO_DATE =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;

/** The instant a stored ISO-8601 text names, or undefined when it is no date of the forms above. */
export function parseStoredDate(text: string): Date | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [, yearText = '', month = '', day = '', hour = '0', minute = '0', second = '0', fraction = ''] = m;
  const [offsetSign, offsetHours = '0', offsetMinutes = '0'] = [m[9], m[10], m[11]];
  if (yearText === '-000000') return undefined; // ISO-8601 has no negative zero year; nor does JavaScript
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0-99 as 1900-1999.
  date.setUTCFullYear(Number(yearText), Number(month) - 1, Number(day));
  // A day the month does not have (2024-02-30) moves to the next month: no such date.
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return undefined;
  // Digits below the millisecond (microseconds of other tools) are more than a Date holds.
  const millis = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const offset = (offsetSign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const time = date.setUTCHours(Number(hour), Number(minute) - offset, Number(second), millis);
  return Number.isNaN(time) ? undefined : date;
}
