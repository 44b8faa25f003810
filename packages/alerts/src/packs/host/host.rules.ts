import { METRICS } from '@obskit/catalog';
import { recordingRuleName } from '@obskit/promql';
import type { RecordingDefinition } from '../../model/types.js';
import { diskFreeForecast, HOST_THRESHOLDS } from './host.queries.js';

const { host } = METRICS;

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
