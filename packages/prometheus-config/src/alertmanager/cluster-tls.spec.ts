import { buildClusterTlsConfig, validateClusterTlsConfig, type ClusterTlsConfig } from './cluster-tls';
import { renderClusterTlsConfig } from '../render';

const FILES = { certFile: '/tls/am.crt', keyFile: '/tls/am.key', caFile: '/tls/ca.crt' };

describe('buildClusterTlsConfig', () => {
  it('makes the gossip mutual TLS by default: each peer presents its certificate and requires the CA', () => {
    expect(buildClusterTlsConfig({ ...FILES, serverName: 'alertmanager' })).toEqual({
      tls_server_config: {
        cert_file: '/tls/am.crt',
        key_file: '/tls/am.key',
        client_auth_type: 'RequireAndVerifyClientCert',
        client_ca_file: '/tls/ca.crt',
        min_version: 'TLS12',
      },
      tls_client_config: {
        ca_file: '/tls/ca.crt',
        cert_file: '/tls/am.crt',
        key_file: '/tls/am.key',
        server_name: 'alertmanager',
      },
    });
  });

  it('encrypts only, without client certificates, when mutual is false', () => {
    expect(buildClusterTlsConfig({ ...FILES, mutual: false })).toEqual({
      tls_server_config: { cert_file: '/tls/am.crt', key_file: '/tls/am.key', min_version: 'TLS12' },
      tls_client_config: { ca_file: '/tls/ca.crt' },
    });
  });

  it('reports every missing file at once and refuses to render', () => {
    const broken = {
      tls_server_config: { cert_file: '', key_file: '', client_auth_type: 'RequireAndVerifyClientCert' },
      tls_client_config: { ca_file: '', cert_file: '/tls/am.crt' },
    } as unknown as ClusterTlsConfig;
    expect(validateClusterTlsConfig(broken).map((p) => `${p.subject}: ${p.message}`)).toEqual([
      'tls_server_config: Missing "cert_file"',
      'tls_server_config: Missing "key_file"',
      'tls_server_config: Missing "client_ca_file"',
      'tls_client_config: Missing "ca_file"',
      'tls_client_config: Missing "key_file"',
    ]);
    expect(() => renderClusterTlsConfig(broken)).toThrow(
      expect.objectContaining({ code: 'OBSKIT_INVALID_CLUSTER_TLS_CONFIG' }),
    );
  });
});
