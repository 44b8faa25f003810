import type { PackAlert } from '../../alerts.js';
import type { AlertsConfig } from '../../config.js';
import { num } from '../../internal/helpers.js';
import type { AlertDefinition } from '../../model/types.js';
import {
  hostDiskFullIn24hCases,
  hostFileDescriptorsExhaustedCases,
  hostMemoryPressureCases,
} from './host.cases.js';
import { diskFreeForecast, fileDescriptorUse, HOST_THRESHOLDS, memoryAvailability } from './host.queries.js';
import {
  hostDiskFullIn24hRunbook,
  hostFileDescriptorsExhaustedRunbook,
  hostMemoryPressureRunbook,
} from './host.runbooks.js';

/** An alert of the host pack. */
type HostAlert = PackAlert<'host'>;

/** A disk whose free space runs out within a day at its recent rate. */
export function hostDiskFullIn24h(): HostAlert {
  const t = HOST_THRESHOLDS;
  return {
    name: 'HostDiskFullIn24h',
    expr: `${diskFreeForecast()} < 0`,
    for: '1h',
    severity: 'warning',
    summary: 'A disk fills up within a day.',
    description: `Filesystem {{ $labels.mountpoint }} of {{ $labels.instance }} will be full within ${t.diskFullWithinHours}h at the rate of the last ${t.diskTrendWindow}.`,
    runbook: hostDiskFullIn24hRunbook(),
    tests: hostDiskFullIn24hCases(),
  };
}

/** Available memory of a host under its share of the total. */
export function hostMemoryPressure(config: AlertsConfig): HostAlert {
  const ratio = HOST_THRESHOLDS.memoryAvailableRatio;
  return {
    name: 'HostMemoryPressure',
    expr: `${memoryAvailability} < ${ratio}`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'A host is running out of memory.',
    description: `Only {{ $value | humanizePercentage }} of the memory of {{ $labels.instance }} is available (threshold ${num(ratio * 100)}%).`,
    runbook: hostMemoryPressureRunbook(),
    tests: hostMemoryPressureCases(),
  };
}

/** Allocated file descriptors of a host over their share of the maximum. */
export function hostFileDescriptorsExhausted(config: AlertsConfig): HostAlert {
  const ratio = HOST_THRESHOLDS.fileDescriptorRatio;
  return {
    name: 'HostFileDescriptorsExhausted',
    expr: `${fileDescriptorUse} > ${ratio}`,
    for: config.for.medium,
    severity: 'warning',
    summary: 'A host runs out of file descriptors.',
    description: `{{ $labels.instance }} has allocated {{ $value | humanizePercentage }} of its file descriptors (threshold ${num(ratio * 100)}%).`,
    runbook: hostFileDescriptorsExhaustedRunbook(),
    tests: hostFileDescriptorsExhaustedCases(),
  };
}

/** The alerts of the host pack, in rendering order. */
const HOST_ALERTS: ReadonlyArray<(config: AlertsConfig) => HostAlert> = [
  hostDiskFullIn24h,
  hostMemoryPressure,
  hostFileDescriptorsExhausted,
];

/** Resource alerts on the hosts (node_exporter, job `node`): disk full within 24 h, memory pressure, file descriptors. */
export function buildHostAlerts(config: AlertsConfig): AlertDefinition[] {
  return HOST_ALERTS.map((alert) => alert(config));
}
