import { METRICS } from '@obskit/catalog';
import { nre, rangeSelector, selector } from '@obskit/promql';

const { host } = METRICS;

/**
 * Thresholds of the host alerts. node_exporter's series are the host's, not a service's: these rules
 * carry no service matchers (`config.matchers`); their descriptions name the node_exporter's `job`
 * (`node`) and `instance`.
 */
export const HOST_THRESHOLDS = {
  /** Window of the disk fill trend `predict_linear` extrapolates. */
  diskTrendWindow: '6h',
  /** How far ahead the disk must not run full, in hours. */
  diskFullWithinHours: 24,
  /** Memory pressure: available memory under this share of the total. */
  memoryAvailableRatio: 0.1,
  /** File descriptors: allocated over this share of the maximum. */
  fileDescriptorRatio: 0.8,
} as const;

/** Filesystems that are not disks (memory-backed or read-only images): never "full". */
export const NOT_DISKS = 'tmpfs|ramfs|squashfs|nsfs';

/** `predict_linear(node_filesystem_avail_bytes{fstype!~"tmpfs|…"}[6h], 86400)`: free bytes of each disk in 24 h. */
export function diskFreeForecast(): string {
  const t = HOST_THRESHOLDS;
  return `predict_linear(${rangeSelector(host.filesystemAvailable, t.diskTrendWindow, { matchers: { fstype: nre(NOT_DISKS) } })}, ${t.diskFullWithinHours * 3600})`;
}

/** Available share of the memory of each host. */
export const memoryAvailability = `${selector(host.memoryAvailable)} / ${selector(host.memoryTotal)}`;

/** Allocated share of the file descriptors of each host. */
export const fileDescriptorUse = `${selector(host.filefdAllocated)} / ${selector(host.filefdMaximum)}`;
