/** The simulated clock as the view writes it: the wall time in UTC, and the time since the start. */

const pad = (n: number) => String(n).padStart(2, '0');

/** `09:30:02`, with the day in front once the journey runs past its first day (`Tue 09:30:02`). */
export function wallTime(start: number, ms: number): string {
  const d = new Date(start + ms);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const first = new Date(start);
  const sameDay = d.toISOString().slice(0, 10) === first.toISOString().slice(0, 10);
  return sameDay ? time : `${d.toUTCString().slice(0, 3)} ${time}`;
}

/** `+0:30:02`, or `+2d 1:00:00`: how long since the message was sent. */
export function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const clock = `${h}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return days > 0 ? `+${days}d ${clock}` : `+${clock}`;
}

/** A wait in whole minutes, hours and minutes, for the arrows: `30 min`, `1 h`, `2 h 5 min`. */
export function duration(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}
