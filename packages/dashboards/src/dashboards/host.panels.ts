import { METRICS } from '@obskit/catalog';
import { GRAFANA_INTERVALS } from '../config.js';
import { timeseriesPanel, type PanelBuilder } from '../internal/panels.js';
import { ne, sel, sumRate } from '../internal/query.js';

/*
 * The host row: node_exporter's series (job `node`, scraped beside the services). Like every query
 * they follow the Job and Instance variables, whose default (All) includes the `node` job.
 */
const { host } = METRICS;
/** Filesystems that are not disks (memory-backed or read-only images). */
const DISKS = { fstype: { op: '!~', value: 'tmpfs|ramfs|squashfs|nsfs' } } as const;
const NOT_LOOPBACK = { device: ne('lo') } as const;
const window = `[${GRAFANA_INTERVALS.rate}]`;

/** Host CPU busy share. */
export function hostCpuPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Host CPU busy',
    description: `Share of CPU time not idle (${host.cpuSeconds.name}, mode idle), averaged over the CPUs of each host.`,
    unit: 'percentunit',
    min: 0,
    max: 1,
    queries: [
      {
        expr: `1 - avg by (instance) (rate(${sel(host.cpuSeconds, { mode: 'idle' })}${window}))`,
        legend: '{{instance}}',
      },
    ],
  });
}

/** Host memory in use. */
export function hostMemoryPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Host memory used',
    description: `Share of memory not available (1 - ${host.memoryAvailable.name} / ${host.memoryTotal.name}), per host.`,
    unit: 'percentunit',
    min: 0,
    max: 1,
    queries: [
      {
        expr: `1 - sum by (instance) (${sel(host.memoryAvailable)}) / sum by (instance) (${sel(host.memoryTotal)})`,
        legend: '{{instance}}',
      },
    ],
  });
}

/** Disk space used per mount point. */
export function hostDiskPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Disk used',
    description: `Share of each filesystem in use (1 - ${host.filesystemAvailable.name} / ${host.filesystemSize.name}), by host and mount point; tmpfs and other memory-backed filesystems left out.`,
    unit: 'percentunit',
    min: 0,
    max: 1,
    queries: [
      {
        expr: `max by (instance, mountpoint) (1 - ${sel(host.filesystemAvailable, DISKS)} / ${sel(host.filesystemSize, DISKS)})`,
        legend: '{{instance}} {{mountpoint}}',
      },
    ],
  });
}

/** Network throughput. */
export function hostNetworkPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'Network',
    description: `Bytes received and sent per second (${host.networkReceiveBytes.name}, ${host.networkTransmitBytes.name}) over every device but loopback, per host.`,
    unit: 'Bps',
    queries: [
      {
        expr: sumRate(host.networkReceiveBytes, { by: ['instance'], where: NOT_LOOPBACK }),
        legend: 'received {{instance}}',
      },
      {
        expr: sumRate(host.networkTransmitBytes, { by: ['instance'], where: NOT_LOOPBACK }),
        legend: 'sent {{instance}}',
      },
    ],
  });
}

/** File descriptors allocated. */
export function hostFileDescriptorsPanel(): PanelBuilder {
  return timeseriesPanel({
    title: 'File descriptors',
    description: `File descriptors allocated, as a share of the host's maximum (${host.filefdAllocated.name} / ${host.filefdMaximum.name}).`,
    unit: 'percentunit',
    min: 0,
    queries: [
      {
        expr: `sum by (instance) (${sel(host.filefdAllocated)}) / sum by (instance) (${sel(host.filefdMaximum)})`,
        legend: '{{instance}}',
      },
    ],
  });
}

/** Every panel of the host row, in order. */
export function hostPanels(): PanelBuilder[] {
  return [hostCpuPanel(), hostMemoryPanel(), hostDiskPanel(), hostNetworkPanel(), hostFileDescriptorsPanel()];
}
