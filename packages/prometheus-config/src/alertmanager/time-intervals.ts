import type { TimeInterval } from './types.js';

/** Name of the interval built by {@link buildOffHoursTimeInterval}. */
export const OFF_HOURS_INTERVAL = 'off-hours';

/** Options of {@link buildOffHoursTimeInterval}. */
export interface OffHoursOptions {
  /** @defaultValue `'off-hours'` */
  readonly name?: string;
  /** IANA time zone. @defaultValue `'UTC'` */
  readonly location?: string;
  /** Start of the night, `HH:MM`. @defaultValue `'20:00'` */
  readonly nightStart?: string;
  /** End of the night, `HH:MM`. @defaultValue `'08:00'` */
  readonly nightEnd?: string;
  /** @defaultValue `['saturday', 'sunday']` */
  readonly weekendDays?: readonly string[];
}

/**
 * Nights and weekends, as one named time interval: mute `info` notifications in it, or use it as the
 * active interval of a business-hours receiver.
 */
export function buildOffHoursTimeInterval(options: OffHoursOptions = {}): TimeInterval {
  const location = options.location ?? 'UTC';
  return {
    name: options.name ?? OFF_HOURS_INTERVAL,
    time_intervals: [
      {
        times: [
          { start_time: '00:00', end_time: options.nightEnd ?? '08:00' },
          { start_time: options.nightStart ?? '20:00', end_time: '24:00' },
        ],
        location,
      },
      { weekdays: [...(options.weekendDays ?? ['saturday', 'sunday'])], location },
    ],
  };
}
