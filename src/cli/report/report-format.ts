/** Record time as ISO 8601 UTC without zero milliseconds (`2026-11-24T10:00:00Z`); `''` when not a finite time. */
export function isoTime(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return '';
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A count with thousands separators (`1,234,567`), fixed to en-US so the output is the same everywhere. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';
}

/** A count for an axis label: `950`, `12k`, `3.4M`. */
export function compactCount(v: number): string {
  if (v >= 1e9) return `${(v / 1e9).toFixed(1)}G`;
  if (v >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (v >= 1e4) return `${Math.round(v / 1e3)}k`;
  return v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}

/** A duration for people: `0 s`, `45 s`, `12 min`, `3 h 5 min`, `2 days 4 h`. */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return ms < 1000 && ms > 0 ? `${ms} ms` : `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
  const d = Math.floor(h / 24);
  return `${formatCount(d)} days${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** A byte size: `512 B`, `3.4 KiB`, `12.0 MiB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '–';
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

/** Bucket width for the chart caption: `30 s`, `5 min`, `2 h`, `1 days`. */
export function formatBucket(ms: number): string {
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3_600_000) return `${ms / 60_000} min`;
  if (ms < 86_400_000) return `${ms / 3_600_000} h`;
  return `${ms / 86_400_000} ${ms === 86_400_000 ? 'day' : 'days'}`;
}
