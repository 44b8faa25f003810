import { defineMetric } from '../model/types.js';

/**
 * Host metrics of node_exporter (https://github.com/prometheus/node_exporter), which the Compose stack,
 * the Kubernetes objects and `obskit up` run beside the services (job `node`). Only the series the
 * System Health dashboard's host row and the host alerts read are listed: they are node_exporter's
 * names, not obskit's, so queries over them can be checked like any other.
 */
export const hostMetrics = {
  cpuSeconds: defineMetric({
    name: 'node_cpu_seconds_total',
    type: 'counter',
    help: 'Seconds each CPU spent in each mode.',
    unit: 'seconds',
    family: 'host',
    labels: ['cpu', 'mode'],
    source: 'node_exporter',
  }),
  memoryAvailable: defineMetric({
    name: 'node_memory_MemAvailable_bytes',
    type: 'gauge',
    help: 'Memory available for starting new applications without swapping, in bytes.',
    unit: 'bytes',
    family: 'host',
    labels: [],
    source: 'node_exporter',
  }),
  memoryTotal: defineMetric({
    name: 'node_memory_MemTotal_bytes',
    type: 'gauge',
    help: 'Total usable memory, in bytes.',
    unit: 'bytes',
    family: 'host',
    labels: [],
    source: 'node_exporter',
  }),
  filesystemAvailable: defineMetric({
    name: 'node_filesystem_avail_bytes',
    type: 'gauge',
    help: 'Filesystem space available to non-root users, in bytes.',
    unit: 'bytes',
    family: 'host',
    labels: ['device', 'fstype', 'mountpoint'],
    source: 'node_exporter',
  }),
  filesystemSize: defineMetric({
    name: 'node_filesystem_size_bytes',
    type: 'gauge',
    help: 'Filesystem size, in bytes.',
    unit: 'bytes',
    family: 'host',
    labels: ['device', 'fstype', 'mountpoint'],
    source: 'node_exporter',
  }),
  networkReceiveBytes: defineMetric({
    name: 'node_network_receive_bytes_total',
    type: 'counter',
    help: 'Bytes received per network device.',
    unit: 'bytes',
    family: 'host',
    labels: ['device'],
    source: 'node_exporter',
  }),
  networkTransmitBytes: defineMetric({
    name: 'node_network_transmit_bytes_total',
    type: 'counter',
    help: 'Bytes sent per network device.',
    unit: 'bytes',
    family: 'host',
    labels: ['device'],
    source: 'node_exporter',
  }),
  filefdAllocated: defineMetric({
    name: 'node_filefd_allocated',
    type: 'gauge',
    help: 'File descriptors allocated on the host, as a count.',
    unit: 'count',
    family: 'host',
    labels: [],
    source: 'node_exporter',
  }),
  filefdMaximum: defineMetric({
    name: 'node_filefd_maximum',
    type: 'gauge',
    help: 'Maximum file descriptors of the host, as a count.',
    unit: 'count',
    family: 'host',
    labels: [],
    source: 'node_exporter',
  }),
} as const;
