import { METRICS } from '@obskit/catalog';
import { nre, rangeSelector, recordingRuleName, selector } from '@obskit/promql';
import type { AlertsConfig } from '../config.js';
import { constant, fires, num, quiet, series } from '../internal/helpers.js';
import type { AlertDefinition, RecordingDefinition } from '../model/types.js';

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
const NOT_DISKS = 'tmpfs|ramfs|squashfs|nsfs';

/** `predict_linear(node_filesystem_avail_bytes{fstype!~"tmpfs|…"}[6h], 86400)`: free bytes of each disk in 24 h. */
function diskFreeForecast(): string {
  const t = HOST_THRESHOLDS;
  return `predict_linear(${rangeSelector(host.filesystemAvailable, t.diskTrendWindow, { matchers: { fstype: nre(NOT_DISKS) } })}, ${t.diskFullWithinHours * 3600})`;
}

/** Names of the host recording rules, by handle. */
export const HOST_RECORDING_RULES = {
  /** Free bytes of each disk `diskFullWithinHours` ahead, by job, instance and mount point (predict_linear). */
  diskAvailableForecast: recordingRuleName(
    'job_instance_mountpoint',
    host.filesystemAvailable,
    `predict_linear${HOST_THRESHOLDS.diskFullWithinHours}h`,
  ),
} as const;

/**
 * The host recording rules (group `obskit-host`): the disk forecast HostDiskFullIn24h judges, per
 * mount point (the smallest of its devices), for dashboards, which may not evaluate a 6 h range at
 * each refresh.
 */
export function buildHostRecordingRules(): RecordingDefinition[] {
  const labels = ['job', 'instance', 'mountpoint'];
  return [
    {
      record: HOST_RECORDING_RULES.diskAvailableForecast,
      expr: `min by (${labels.join(', ')}) (${diskFreeForecast()})`,
      outputLabels: labels,
    },
  ];
}

/** Resource alerts on the hosts (node_exporter, job `node`): disk full within 24 h, memory pressure, file descriptors. */
export function buildHostAlerts(config: AlertsConfig): AlertDefinition[] {
  const t = HOST_THRESHOLDS;
  const instance = { instance: 'host-1:9100' };
  const disk = { ...instance, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' };
  const GB = 1_000_000_000;
  const availability = `${selector(host.memoryAvailable)} / ${selector(host.memoryTotal)}`;
  const fds = `${selector(host.filefdAllocated)} / ${selector(host.filefdMaximum)}`;

  return [
    {
      name: 'HostDiskFullIn24h',
      expr: `${diskFreeForecast()} < 0`,
      for: '1h',
      severity: 'warning',
      summary: 'A disk fills up within a day.',
      description: `Filesystem {{ $labels.mountpoint }} of {{ $labels.instance }} will be full within ${t.diskFullWithinHours}h at the rate of the last ${t.diskTrendWindow}.`,
      runbook: {
        meaning: `Extrapolating the free space of the last ${t.diskTrendWindow} (predict_linear), the filesystem has no space left in ${t.diskFullWithinHours}h.`,
        impact:
          'When it is full, writes fail: Prometheus stops ingesting, databases and logs stop, services crash.',
        diagnosis: [
          {
            title: 'Free space by mount point',
            query: `${selector(host.filesystemAvailable, { matchers: { fstype: nre(NOT_DISKS) } })} / ${selector(host.filesystemSize, { matchers: { fstype: nre(NOT_DISKS) } })}`,
          },
          {
            title: 'Predicted free space in 24h',
            query: diskFreeForecast(),
          },
        ],
        fixes: [
          'Find what grows (du -xh --max-depth=2 on the mount point): logs, TSDB blocks, temp files, caches.',
          'Rotate or delete logs, shorten retention (Prometheus --storage.tsdb.retention.time/size), clean temp files.',
          'Grow the volume when the growth is legitimate.',
        ],
      },
      tests: [
        // 200 GB free, shrinking by 1 GB per minute: nothing left long before 24h.
        fires(
          'the disk loses 1 GB per minute',
          [series(host.filesystemAvailable, disk, `${200 * GB}-${GB}x180`)],
          '2h',
          [
            {
              labels: disk,
              description: `Filesystem / of host-1:9100 will be full within ${t.diskFullWithinHours}h at the rate of the last ${t.diskTrendWindow}.`,
            },
          ],
        ),
        quiet(
          'the disk stays at 200 GB free',
          [series(host.filesystemAvailable, disk, constant(200 * GB, 180))],
          '2h',
        ),
        // tmpfs is memory: it empties on restart and is never a disk that fills.
        quiet(
          'a tmpfs fills',
          [
            series(
              host.filesystemAvailable,
              { ...disk, fstype: 'tmpfs', mountpoint: '/run' },
              `${200 * GB}-${GB}x180`,
            ),
          ],
          '2h',
        ),
      ],
    },
    {
      name: 'HostMemoryPressure',
      expr: `${availability} < ${t.memoryAvailableRatio}`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'A host is running out of memory.',
      description: `Only {{ $value | humanizePercentage }} of the memory of {{ $labels.instance }} is available (threshold ${num(t.memoryAvailableRatio * 100)}%).`,
      runbook: {
        meaning: `MemAvailable is under ${num(t.memoryAvailableRatio * 100)}% of MemTotal: the kernel is about to reclaim hard, swap or kill processes (OOM killer).`,
        impact:
          'Latency rises as caches are dropped; then a process (often the largest: a service or Prometheus) is OOM-killed.',
        diagnosis: [
          { title: 'Available memory share', query: availability },
          { title: 'Available memory', query: selector(host.memoryAvailable) },
        ],
        fixes: [
          'Find the largest processes (ps aux --sort=-rss | head) and check their memory limits and leaks (heap growth alerts).',
          'Lower Prometheus memory use (fewer series: the scrape sample_limit, dropped labels) when it is the largest.',
          'Add memory or move services to another host.',
        ],
      },
      tests: [
        fires(
          '1 GB of 16 GB available',
          [
            series(host.memoryAvailable, instance, constant(GB, 30)),
            series(host.memoryTotal, instance, constant(16 * GB, 30)),
          ],
          '20m',
          [
            {
              labels: instance,
              description: `Only 6.25% of the memory of host-1:9100 is available (threshold ${num(t.memoryAvailableRatio * 100)}%).`,
            },
          ],
        ),
        quiet(
          '8 GB of 16 GB available',
          [
            series(host.memoryAvailable, instance, constant(8 * GB, 30)),
            series(host.memoryTotal, instance, constant(16 * GB, 30)),
          ],
          '20m',
        ),
      ],
    },
    {
      name: 'HostFileDescriptorsExhausted',
      expr: `${fds} > ${t.fileDescriptorRatio}`,
      for: config.for.medium,
      severity: 'warning',
      summary: 'A host runs out of file descriptors.',
      description: `{{ $labels.instance }} has allocated {{ $value | humanizePercentage }} of its file descriptors (threshold ${num(t.fileDescriptorRatio * 100)}%).`,
      runbook: {
        meaning: `The kernel's allocated file handles are above ${num(t.fileDescriptorRatio * 100)}% of fs.file-max.`,
        impact:
          'At the limit, opening a file or socket fails (EMFILE/ENFILE): connections are refused, writes fail.',
        diagnosis: [
          { title: 'Allocated share', query: fds },
          { title: 'Allocated', query: selector(host.filefdAllocated) },
        ],
        fixes: [
          'Find the process holding most descriptors (ls /proc/*/fd | wc -l per process, lsof) and fix the leak (unclosed sockets or files).',
          'Raise fs.file-max (sysctl) when the load is legitimate.',
        ],
      },
      tests: [
        fires(
          '90% allocated',
          [
            series(host.filefdAllocated, instance, constant(90_000, 30)),
            series(host.filefdMaximum, instance, constant(100_000, 30)),
          ],
          '20m',
          [
            {
              labels: instance,
              description: `host-1:9100 has allocated 90% of its file descriptors (threshold ${num(t.fileDescriptorRatio * 100)}%).`,
            },
          ],
        ),
        quiet(
          '10% allocated',
          [
            series(host.filefdAllocated, instance, constant(10_000, 30)),
            series(host.filefdMaximum, instance, constant(100_000, 30)),
          ],
          '20m',
        ),
      ],
    },
  ];
}
