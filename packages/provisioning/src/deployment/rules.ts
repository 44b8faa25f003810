import {
  buildRuleGroups,
  defaultAlertsConfig,
  renderPrometheusRule,
  renderRuleFiles,
  renderRuleTests,
  scaleDurations,
} from '@obskit/alerts';
import { E2E_INTERVALS } from '@obskit/prometheus-config';
import { MANAGED_BY_LABELS } from '../kubernetes/objects.js';
import type { DeploymentOptions } from './options.js';

const RULES_DIR = 'prometheus/rules';
const TESTS_DIR = 'prometheus/tests';

/**
 * How the e2e profile shrinks rule durations (issue 6, as @obskit/alerts documents it): every window,
 * `for` and SLO period divided by 60, none below 20 s. Groups are still evaluated every second.
 */
export const E2E_RULE_SCALE = { factor: 1 / 60, min: '20s' } as const;

/** The rule files, promtool tests and PrometheusRule object of a deployment, by tree path. */
export function renderRuleTree(
  options: DeploymentOptions,
  kubernetes: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> },
): Record<string, string> {
  const e2e = options.profile === 'e2e';
  const config = e2e
    ? { ...scaleDurations(defaultAlertsConfig, E2E_RULE_SCALE), evaluationInterval: E2E_INTERVALS.evaluation }
    : defaultAlertsConfig;
  const groups = buildRuleGroups(config);
  const files: Record<string, string> = {};
  const rules = renderRuleFiles(groups);
  for (const name of Object.keys(rules)) files[`${RULES_DIR}/${name}`] = rules[name];
  // The unit tests are written for the default time scale; the e2e profile proves its rules live.
  if (!e2e) {
    const tests = renderRuleTests(groups, { ruleFilesDir: '../rules' });
    for (const name of Object.keys(tests)) files[`${TESTS_DIR}/${name}`] = tests[name];
  }
  files['kubernetes/prometheus-rule.yaml'] = renderPrometheusRule(groups, {
    name: 'obskit-rules',
    namespace: kubernetes.namespace,
    labels: { ...MANAGED_BY_LABELS, ...kubernetes.labels },
  });
  return files;
}
