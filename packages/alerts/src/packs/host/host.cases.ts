import { METRICS } from '@obskit/catalog';
import { constant, fires, num, quiet, series } from '../../internal/helpers.js';
import type { AlertCase } from '../../model/types.js';
import { HOST_THRESHOLDS } from './host.queries.js';

const { host } = METRICS;
const instance = { instance: 'host-1:9100' };
const disk = { ...instance, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' };
const GB = 1_000_000_000;

/** promtool cases of HostDiskFullIn24h: 200 GB free, shrinking by 1 GB per minute, nothing left long before 24h. */
export function hostDiskFullIn24hCases(): AlertCase[] {
  const t = HOST_THRESHOLDS;
  return [
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
  ];
}

/** promtool cases of HostMemoryPressure. */
export function hostMemoryPressureCases(): AlertCase[] {
  const memory = (availableGb: number) => [
    series(host.memoryAvailable, instance, constant(availableGb * GB, 30)),
    series(host.memoryTotal, instance, constant(16 * GB, 30)),
  ];
  return [
    fires('1 GB of 16 GB available', memory(1), '20m', [
      {
        labels: instance,
        description: `Only 6.25% of the memory of host-1:9100 is available (threshold ${num(HOST_THRESHOLDS.memoryAvailableRatio * 100)}%).`,
      },
    ]),
    quiet('8 GB of 16 GB available', memory(8), '20m'),
  ];
}

/** promtool cases of HostFileDescriptorsExhausted. */
export function hostFileDescriptorsExhaustedCases(): AlertCase[] {
  const fds = (allocated: number) => [
    series(host.filefdAllocated, instance, constant(allocated, 30)),
    series(host.filefdMaximum, instance, constant(100_000, 30)),
  ];
  return [
    fires('90% allocated', fds(90_000), '20m', [
      {
        labels: instance,
        description: `host-1:9100 has allocated 90% of its file descriptors (threshold ${num(HOST_THRESHOLDS.fileDescriptorRatio * 100)}%).`,
      },
    ]),
    quiet('10% allocated', fds(10_000), '20m'),
  ];
}
