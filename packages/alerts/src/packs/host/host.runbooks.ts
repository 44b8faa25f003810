import { METRICS } from '@obskit/catalog';
import { nre, selector } from '@obskit/promql';
import { num } from '../../internal/helpers.js';
import type { Runbook } from '../../model/types.js';
import {
  diskFreeForecast,
  fileDescriptorUse,
  HOST_THRESHOLDS,
  memoryAvailability,
  NOT_DISKS,
} from './host.queries.js';

const { host } = METRICS;

/** Runbook of HostDiskFullIn24h. */
export function hostDiskFullIn24hRunbook(): Runbook {
  const t = HOST_THRESHOLDS;
  const disks = { matchers: { fstype: nre(NOT_DISKS) } };
  return {
    meaning: `Extrapolating the free space of the last ${t.diskTrendWindow} (predict_linear), the filesystem has no space left in ${t.diskFullWithinHours}h.`,
    impact:
      'When it is full, writes fail: Prometheus stops ingesting, databases and logs stop, services crash.',
    diagnosis: [
      {
        title: 'Free space by mount point',
        query: `${selector(host.filesystemAvailable, disks)} / ${selector(host.filesystemSize, disks)}`,
      },
      { title: 'Predicted free space in 24h', query: diskFreeForecast() },
    ],
    fixes: [
      'Find what grows (du -xh --max-depth=2 on the mount point): logs, TSDB blocks, temp files, caches.',
      'Rotate or delete logs, shorten retention (Prometheus --storage.tsdb.retention.time/size), clean temp files.',
      'Grow the volume when the growth is legitimate.',
    ],
  };
}

/** Runbook of HostMemoryPressure. */
export function hostMemoryPressureRunbook(): Runbook {
  return {
    meaning: `MemAvailable is under ${num(HOST_THRESHOLDS.memoryAvailableRatio * 100)}% of MemTotal: the kernel is about to reclaim hard, swap or kill processes (OOM killer).`,
    impact:
      'Latency rises as caches are dropped; then a process (often the largest: a service or Prometheus) is OOM-killed.',
    diagnosis: [
      { title: 'Available memory share', query: memoryAvailability },
      { title: 'Available memory', query: selector(host.memoryAvailable) },
    ],
    fixes: [
      'Find the largest processes (ps aux --sort=-rss | head) and check their memory limits and leaks (heap growth alerts).',
      'Lower Prometheus memory use (fewer series: the scrape sample_limit, dropped labels) when it is the largest.',
      'Add memory or move services to another host.',
    ],
  };
}

/** Runbook of HostFileDescriptorsExhausted. */
export function hostFileDescriptorsExhaustedRunbook(): Runbook {
  return {
    meaning: `The kernel's allocated file handles are above ${num(HOST_THRESHOLDS.fileDescriptorRatio * 100)}% of fs.file-max.`,
    impact:
      'At the limit, opening a file or socket fails (EMFILE/ENFILE): connections are refused, writes fail.',
    diagnosis: [
      { title: 'Allocated share', query: fileDescriptorUse },
      { title: 'Allocated', query: selector(host.filefdAllocated) },
    ],
    fixes: [
      'Find the process holding most descriptors (ls /proc/*/fd | wc -l per process, lsof) and fix the leak (unclosed sockets or files).',
      'Raise fs.file-max (sysctl) when the load is legitimate.',
    ],
  };
}
