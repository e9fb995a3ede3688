// How numbers, durations, sizes and instants are shown. Pure functions, no DOM.

export const NONE = '—';

/** "850 ms", "4.2 s", "3 min 05 s", "2 h 07 min", "3 d 4 h"; NONE for null. */
export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return NONE;
  const s = Math.max(0, seconds);
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const total = Math.round(s);
  if (total < 3600) {
    return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
  }
  if (total < 86400) {
    return `${Math.floor(total / 3600)} h ${String(Math.floor((total % 3600) / 60)).padStart(2, '0')} min`;
  }
  return `${Math.floor(total / 86400)} d ${Math.floor((total % 86400) / 3600)} h`;
}

/** Seconds between two ISO instants (the second defaults to now); null when the first is missing. */
export function secondsBetween(from, to, now = Date.now()) {
  if (!from) return null;
  const start = Date.parse(from);
  const end = to ? Date.parse(to) : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return (end - start) / 1000;
}

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

/** "512 B", "1.5 KiB", "12.3 MiB". */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return NONE;
  if (Math.abs(bytes) < 1024) return `${bytes} B`;
  let value = bytes;
  let unit = -1;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/** An ISO instant as local "2026-11-23 10:00:01"; NONE for null, the text itself when unparseable. */
export function formatInstant(iso) {
  if (!iso) return NONE;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return String(iso);
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** A Date (or ms) as local "12:00:01". */
export function formatClock(date) {
  const d = date instanceof Date ? date : new Date(date);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A number for a table or a tile: integers as is, others with up to 3 significant decimals. */
export function formatNumber(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(1) : abs >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

/** Any value as short text: null/undefined/"" as NONE. */
export function text(value) {
  if (value === null || value === undefined || value === '') return NONE;
  return String(value);
}

/** A chart tick or value, short: 1.2M, 600k, 0.25, 1.5e-5. */
export function formatCompact(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  const abs = Math.abs(value);
  const trim = (n, digits) => String(Number(n.toFixed(digits)));
  if (abs >= 1e12) return value.toExponential(2);
  if (abs >= 1e9) return `${trim(value / 1e9, 2)}G`;
  if (abs >= 1e6) return `${trim(value / 1e6, 2)}M`;
  if (abs >= 1e4) return `${trim(value / 1e3, 1)}k`;
  if (abs === 0 || abs >= 1) return trim(value, 2);
  if (abs >= 1e-3) return trim(value, 4);
  return value.toExponential(2);
}
