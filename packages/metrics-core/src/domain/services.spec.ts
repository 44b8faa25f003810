import { metricsWithClock } from '../../test/support/metrics-with-clock';

const setup = () => metricsWithClock(1_700_000_000_000);

describe('db', () => {
  it('times queries (async and sync), records the error type of a failure, and pool state', async () => {
    const { metrics, advance, lines } = setup();
    const info = { system: 'sqlite', operation: 'SELECT', collection: 'orders' };
    expect(await metrics.db.timeQuery(info, async () => (advance(20), [1, 2]))).toEqual([1, 2]);
    expect(metrics.db.timeQuerySync(info, () => (advance(5), 'row'))).toBe('row');
    expect(() =>
      metrics.db.timeQuerySync({ ...info, operation: 'INSERT' }, () => {
        throw Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' });
      }),
    ).toThrow('busy');
    await expect(
      metrics.db.timeQuery({ ...info, operation: 'UPDATE' }, () =>
        Promise.reject(Object.assign(new Error('t'), { code: 'ETIMEDOUT' })),
      ),
    ).rejects.toThrow('t');
    metrics.db.setPool({ pool: 'main', used: 3, idle: 7, max: 10, pending: 2 });

    expect(await lines('db_client_operation_duration_seconds_sum')).toEqual([
      'db_client_operation_duration_seconds_sum{db_system_name="sqlite",db_operation_name="SELECT",db_collection_name="orders"} 0.025',
      'db_client_operation_duration_seconds_sum{db_system_name="sqlite",db_operation_name="INSERT",db_collection_name="orders",error_type="_OTHER"} 0',
      'db_client_operation_duration_seconds_sum{db_system_name="sqlite",db_operation_name="UPDATE",db_collection_name="orders",error_type="timeout"} 0',
    ]);
    expect(await lines('db_client_connection')).toEqual([
      'db_client_connections{db_client_connection_pool_name="main",db_client_connection_state="used"} 3',
      'db_client_connections{db_client_connection_pool_name="main",db_client_connection_state="idle"} 7',
      'db_client_connection_max{db_client_connection_pool_name="main"} 10',
      'db_client_connection_pending_requests{db_client_connection_pool_name="main"} 2',
    ]);
  });
});

describe('jobs', () => {
  it('records duration by outcome, in-flight and the last success timestamp', async () => {
    const { metrics, advance, lines } = setup();
    await metrics.jobs.run('nightly-report', async () => {
      expect(await lines('obskit_jobs_in_flight')).toEqual([
        'obskit_jobs_in_flight{job_name="nightly-report"} 1',
      ]);
      advance(3000);
    });
    await expect(
      metrics.jobs.run('nightly-report', () => Promise.reject(new Error('disk full'))),
    ).rejects.toThrow('disk full');
    expect(await lines('obskit_jobs_in_flight')).toEqual([
      'obskit_jobs_in_flight{job_name="nightly-report"} 0',
    ]);
    expect(await lines('obskit_job_duration_seconds_sum')).toEqual([
      'obskit_job_duration_seconds_sum{job_name="nightly-report",outcome="success"} 3',
      'obskit_job_duration_seconds_sum{job_name="nightly-report",outcome="failure"} 0',
    ]);
    expect(await lines('obskit_job_last_success_timestamp_seconds')).toEqual([
      'obskit_job_last_success_timestamp_seconds{job_name="nightly-report"} 1700000003',
    ]);
  });
});

describe('business', () => {
  it('records sessions, feature use, experiments and operations', async () => {
    const { metrics, lines } = setup();
    metrics.business.sessionStarted();
    metrics.business.sessionStarted();
    metrics.business.sessionEnded(120);
    metrics.business.featureUsed('export_pdf');
    metrics.business.exposure('checkout_v2', 'b');
    metrics.business.conversion('checkout_v2', 'b');
    metrics.business.conversion('checkout_v2', 'b', 2);
    metrics.business.operation('place_order', 'success');
    metrics.business.operation('place_order', 'failure');
    expect(await lines('obskit_user_session')).toEqual(
      expect.arrayContaining([
        'obskit_user_sessions_active 1',
        'obskit_user_sessions_started_total 2',
        'obskit_user_session_duration_seconds_sum 120',
        'obskit_user_session_duration_seconds_count 1',
      ]),
    );
    expect(await lines('obskit_feature_usage_total')).toEqual([
      'obskit_feature_usage_total{feature="export_pdf"} 1',
    ]);
    expect(await lines('obskit_experiment_')).toEqual([
      'obskit_experiment_exposures_total{experiment="checkout_v2",variant="b"} 1',
      'obskit_experiment_conversions_total{experiment="checkout_v2",variant="b"} 3',
    ]);
    expect(await lines('obskit_business_operations_total')).toEqual([
      'obskit_business_operations_total{operation="place_order",outcome="success"} 1',
      'obskit_business_operations_total{operation="place_order",outcome="failure"} 1',
    ]);
  });
});

describe('http', () => {
  it('records server requests with body sizes, in-flight requests and client requests', async () => {
    const { metrics, lines } = setup();
    const done = metrics.http.requestStarted('POST');
    expect(await lines('http_server_active_requests')).toEqual([
      'http_server_active_requests{http_request_method="POST"} 1',
    ]);
    metrics.http.recordServerRequest({
      method: 'POST',
      route: '/orders/:id',
      statusCode: 201,
      durationSeconds: 0.042,
      requestBytes: 512,
      responseBytes: 2048,
    });
    done();
    done();
    metrics.http.recordServerRequest({
      method: 'GET',
      route: '__unmatched__',
      statusCode: 404,
      durationSeconds: 0.001,
    });
    metrics.http.recordClientRequest({
      method: 'GET',
      serverAddress: 'api.openai.com',
      durationSeconds: 0.5,
      errorType: 'connection_error',
    });
    expect(await lines('http_server_active_requests')).toEqual([
      'http_server_active_requests{http_request_method="POST"} 0',
    ]);
    expect(await lines('http_server_request_duration_seconds_count')).toEqual([
      'http_server_request_duration_seconds_count{http_request_method="POST",http_route="/orders/:id",http_response_status_code="201"} 1',
      'http_server_request_duration_seconds_count{http_request_method="GET",http_route="__unmatched__",http_response_status_code="404"} 1',
    ]);
    expect(await lines('http_server_request_body_size_bytes_sum')).toEqual([
      'http_server_request_body_size_bytes_sum{http_request_method="POST",http_route="/orders/:id"} 512',
    ]);
    expect(await lines('http_server_response_body_size_bytes_sum')).toEqual([
      'http_server_response_body_size_bytes_sum{http_request_method="POST",http_route="/orders/:id",http_response_status_code="201"} 2048',
    ]);
    expect(await lines('http_client_request_duration_seconds_count')).toEqual([
      'http_client_request_duration_seconds_count{http_request_method="GET",server_address="api.openai.com",error_type="connection_error"} 1',
    ]);
  });
});
