import { load } from 'js-yaml';
import { renderDeploymentTree } from '../src/index';

interface Datasource {
  type: string;
  url: string;
  jsonData: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
}

const datasources = (tree: Record<string, string>): Datasource[] =>
  (load(tree['grafana/provisioning/datasources/obskit.yml']) as { datasources: Datasource[] }).datasources;

// The production profile serves Prometheus and Alertmanager over HTTPS: the tree carries both web.yml
// files, and everything that talks to Alertmanager (Prometheus, Grafana) does so over TLS.
describe('the production deployment tree', () => {
  const tree = renderDeploymentTree({
    profile: 'production',
    grafana: { datasourceTlsCaFile: '/etc/grafana/ca.crt' },
  });

  it("writes Alertmanager's web.yml beside Prometheus'", () => {
    const web = load(tree['alertmanager/web.yml']) as { tls_server_config: Record<string, string> };
    expect(web.tls_server_config).toEqual({
      cert_file: '/etc/obskit/tls/alertmanager.crt',
      key_file: '/etc/obskit/tls/alertmanager.key',
      min_version: 'TLS12',
    });
    expect(tree['prometheus/web.yml']).toContain('cert_file: /etc/obskit/tls/prometheus.crt');
    const prometheus = load(tree['prometheus/prometheus-0.yml']) as {
      alerting: { alertmanagers: { scheme: string; tls_config: Record<string, string> }[] };
    };
    expect(prometheus.alerting.alertmanagers[0]).toMatchObject({
      scheme: 'https',
      tls_config: { ca_file: '/etc/obskit/tls/ca.crt' },
    });
  });

  it('writes the gossip TLS file of the Alertmanager peers: mutual TLS with the CA', () => {
    const tls = load(tree['alertmanager/cluster-tls.yml']) as Record<string, Record<string, string>>;
    expect(tls.tls_server_config).toMatchObject({
      client_auth_type: 'RequireAndVerifyClientCert',
      client_ca_file: '/etc/obskit/tls/ca.crt',
    });
    expect(tls.tls_client_config).toMatchObject({
      ca_file: '/etc/obskit/tls/ca.crt',
      cert_file: '/etc/obskit/tls/alertmanager.crt',
    });
  });

  it('points Grafana at both over HTTPS with the datasource CA', () => {
    const [prometheus, alertmanager] = datasources(tree);
    expect([prometheus.url, alertmanager.url]).toEqual([
      'https://prometheus:9090',
      'https://alertmanager:9093',
    ]);
    expect(alertmanager.jsonData.tlsAuthWithCACert).toBe(true);
    expect(alertmanager.secureJsonData?.tlsCACert).toBe('$__file{/etc/grafana/ca.crt}');
  });

  it('leaves the other profiles without an Alertmanager web.yml, their Alertmanager on plain HTTP', () => {
    const compose = renderDeploymentTree({
      profile: 'compose',
      grafana: { datasourceTlsCaFile: '/etc/grafana/ca.crt' },
    });
    expect(compose['alertmanager/web.yml']).toBeUndefined();
    expect(compose['alertmanager/cluster-tls.yml']).toBeUndefined();
    const alertmanager = datasources(compose).find((d) => d.type === 'alertmanager');
    expect(alertmanager?.url).toBe('http://alertmanager:9093');
    expect(alertmanager?.secureJsonData).toBeUndefined();
  });
});
