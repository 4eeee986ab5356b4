/** How times, durations and statuses read on the page. */
import type { StatusKey } from '../contract';

export const STATUS_LABELS: Readonly<Record<StatusKey, string>> = {
  NOT_REPORTED: 'Not reported',
  NOT_STARTED: 'Not started',
  IN_PROGRESS: 'In progress',
  FAILED: 'Failed',
  COMPLETED: 'Completed',
};

/** `45 s`, `4 min`, `2 h 5 min`, `3 d 4 h`: the two largest units a person needs. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** `3 min ago`; a time a few seconds ahead (a tool's clock) is `just now` too. */
export function ago(at: number, now: number): string {
  return now - at < 5 ? 'just now' : `${formatDuration(now - at)} ago`;
}

export function isoTime(at: number): string {
  return new Date(at * 1000).toISOString();
}

/** The full local date and time, for tooltips and the timeline. */
export function localTime(at: number): string {
  return new Date(at * 1000).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
}
