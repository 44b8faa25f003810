import { ALERT_LABELS, SEVERITIES, type Severity } from '@obskit/catalog';
import type { Duration } from '../duration.js';
import { equalMatcher } from './matchers.js';
import type { Route } from './types.js';

/** Timing of a route's notifications. */
export interface RouteTimings {
  /** Wait before the first notification of a new group. */
  readonly groupWait?: Duration;
  /** Wait before notifying about alerts added to a group that was already notified. */
  readonly groupInterval?: Duration;
  /** Wait before re-sending a notification that has not changed. */
  readonly repeatInterval?: Duration;
}

/** Defaults of the root route: batch for 30 s, update every 5 min, repeat every 4 h. */
export const DEFAULT_ROUTE_TIMINGS = { groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' } as const;

/** Where alerts of one severity go. */
export interface SeverityRoute extends RouteTimings {
  readonly receiver: string;
  /** Names of time intervals during which notifications are muted (e.g. nights for `info`). */
  readonly muteTimeIntervals?: readonly string[];
  /** Names of time intervals outside which notifications are muted. */
  readonly activeTimeIntervals?: readonly string[];
}

/** A team's sub-tree: alerts labelled `team="<team>"` go to the team's receivers. */
export interface TeamRoute {
  readonly team: string;
  /** Receiver of the team's alerts that no severity entry below catches. */
  readonly receiver: string;
  /**
   * Receiver per severity; timings and mute intervals are inherited from the tree's entry for the
   * same severity.
   */
  readonly bySeverity?: Partial<Record<Severity, string>>;
}

/** Options of {@link buildRoutingTree}. */
export interface RoutingTreeOptions extends RouteTimings {
  /** Receiver of everything no sub-route catches. */
  readonly defaultReceiver: string;
  /** @defaultValue `['alertname', 'cluster', 'team']` */
  readonly groupBy?: readonly string[];
  readonly bySeverity?: Partial<Record<Severity, SeverityRoute>>;
  /** Team sub-trees, matched before the severity routes. */
  readonly teams?: readonly TeamRoute[];
  /** @defaultValue `'severity'` */
  readonly severityLabel?: string;
  /** @defaultValue `'team'` */
  readonly teamLabel?: string;
}

function severityRoute(
  label: string,
  severity: Severity,
  route: SeverityRoute,
  receiver = route.receiver,
): Route {
  return {
    receiver,
    matchers: [equalMatcher(label, severity)],
    ...(route.groupWait !== undefined ? { group_wait: route.groupWait } : {}),
    ...(route.groupInterval !== undefined ? { group_interval: route.groupInterval } : {}),
    ...(route.repeatInterval !== undefined ? { repeat_interval: route.repeatInterval } : {}),
    ...(route.muteTimeIntervals?.length ? { mute_time_intervals: [...route.muteTimeIntervals] } : {}),
    ...(route.activeTimeIntervals?.length ? { active_time_intervals: [...route.activeTimeIntervals] } : {}),
  };
}

/**
 * The route tree by team and severity: team sub-trees first (each split by severity), then one route
 * per severity, then the default receiver.
 * @example buildRoutingTree({ defaultReceiver: 'slack', bySeverity: { critical: { receiver: 'pagerduty' } } })
 */
export function buildRoutingTree(options: RoutingTreeOptions): Route {
  const severityLabel = options.severityLabel ?? ALERT_LABELS.severity;
  const teamLabel = options.teamLabel ?? ALERT_LABELS.team;
  const bySeverity = options.bySeverity ?? {};
  const teamRoutes: Route[] = (options.teams ?? []).map((team) => {
    const routes = SEVERITIES.flatMap((severity): Route[] => {
      const receiver = team.bySeverity?.[severity];
      if (receiver === undefined) return [];
      return [severityRoute(severityLabel, severity, bySeverity[severity] ?? { receiver }, receiver)];
    });
    return {
      receiver: team.receiver,
      matchers: [equalMatcher(teamLabel, team.team)],
      ...(routes.length > 0 ? { routes } : {}),
    };
  });
  const severityRoutes = SEVERITIES.flatMap((severity): Route[] => {
    const route = bySeverity[severity];
    return route ? [severityRoute(severityLabel, severity, route)] : [];
  });
  const routes = [...teamRoutes, ...severityRoutes];
  return {
    receiver: options.defaultReceiver,
    group_by: [...(options.groupBy ?? [ALERT_LABELS.alertname, 'cluster', teamLabel])],
    group_wait: options.groupWait ?? DEFAULT_ROUTE_TIMINGS.groupWait,
    group_interval: options.groupInterval ?? DEFAULT_ROUTE_TIMINGS.groupInterval,
    repeat_interval: options.repeatInterval ?? DEFAULT_ROUTE_TIMINGS.repeatInterval,
    ...(routes.length > 0 ? { routes } : {}),
  };
}
