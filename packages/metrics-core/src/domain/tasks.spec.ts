import { metricsWithClock } from '../../test/support/metrics-with-clock';

const setup = () => metricsWithClock(1_000_000);

describe('tasks', () => {
  it('moves a task through enqueue → start → finish, with queue depth, running, wait and duration', async () => {
    const { metrics, advance, lines } = setup();
    const task = metrics.tasks.enqueued({ queue: 'emails', taskType: 'send' });
    expect(await lines('obskit_task_queue_depth')).toEqual(['obskit_task_queue_depth{queue="emails"} 1']);
    advance(1500);
    task.started();
    expect(await lines('obskit_task_queue_depth')).toEqual(['obskit_task_queue_depth{queue="emails"} 0']);
    expect(await lines('obskit_tasks_running')).toEqual(['obskit_tasks_running{queue="emails"} 1']);
    advance(250);
    task.finished();
    expect(task.state).toBe('succeeded');
    expect(await lines('obskit_tasks_running')).toEqual(['obskit_tasks_running{queue="emails"} 0']);
    expect(await lines('obskit_task_wait_duration_seconds_sum')).toEqual([
      'obskit_task_wait_duration_seconds_sum{queue="emails",task_type="send"} 1.5',
    ]);
    expect(await lines('obskit_task_duration_seconds_sum')).toEqual([
      'obskit_task_duration_seconds_sum{queue="emails",task_type="send",outcome="success"} 0.25',
    ]);
    expect(await lines('obskit_task_transitions_total')).toEqual([
      'obskit_task_transitions_total{queue="emails",to_state="pending"} 1',
      'obskit_task_transitions_total{queue="emails",from_state="pending",to_state="running"} 1',
      'obskit_task_transitions_total{queue="emails",from_state="running",to_state="succeeded"} 1',
    ]);
  });

  it('keeps queue depth and running right when the task throws', async () => {
    const { metrics, lines } = setup();
    const failure = new Error('smtp down');
    await expect(
      metrics.tasks.run({ queue: 'emails', taskType: 'send' }, () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    await expect(metrics.tasks.run({ queue: 'emails' }, async () => Promise.reject(failure))).rejects.toBe(
      failure,
    );
    expect(await metrics.tasks.run({ queue: 'emails' }, () => 42)).toBe(42);
    expect(await lines('obskit_task_queue_depth')).toEqual(['obskit_task_queue_depth{queue="emails"} 0']);
    expect(await lines('obskit_tasks_running')).toEqual(['obskit_tasks_running{queue="emails"} 0']);
    expect(await lines('obskit_task_duration_seconds_count')).toEqual([
      'obskit_task_duration_seconds_count{queue="emails",task_type="send",outcome="failure"} 1',
      'obskit_task_duration_seconds_count{queue="emails",outcome="failure"} 1',
      'obskit_task_duration_seconds_count{queue="emails",outcome="success"} 1',
    ]);
  });

  it('counts retries, dead letters and dependency waits; ignores (and reports) double transitions', async () => {
    const { metrics, advance, lines } = setup();
    const task = metrics.tasks.enqueued({ queue: 'etl', taskType: 'load', waitingOnDependencies: true });
    advance(4000);
    task.dependenciesResolved();
    task.started();
    task.failed({ retry: true });
    expect(task.state).toBe('retrying');
    expect(await lines('obskit_task_queue_depth')).toEqual(['obskit_task_queue_depth{queue="etl"} 1']);
    await expect(metrics.tasks.execute(task, () => Promise.reject(new Error('again')))).rejects.toThrow(
      'again',
    );
    task.failed({ deadLetter: true });
    task.finished();
    expect(task.state).toBe('failed');
    const other = metrics.tasks.enqueued({ queue: 'etl' });
    other.failed({ deadLetter: true });
    expect(other.state).toBe('dead_lettered');
    const cancelled = metrics.tasks.enqueued({ queue: 'etl' });
    cancelled.cancelled();

    expect(await lines('obskit_task_queue_depth')).toEqual(['obskit_task_queue_depth{queue="etl"} 0']);
    expect(await lines('obskit_tasks_running')).toEqual(['obskit_tasks_running{queue="etl"} 0']);
    expect(await lines('obskit_task_dependency_wait_duration_seconds_sum')).toEqual([
      'obskit_task_dependency_wait_duration_seconds_sum{queue="etl",task_type="load"} 4',
    ]);
    expect(await lines('obskit_task_retries_total')).toEqual([
      'obskit_task_retries_total{queue="etl",task_type="load"} 1',
    ]);
    expect(await lines('obskit_task_dead_letters_total')).toEqual([
      'obskit_task_dead_letters_total{queue="etl"} 1',
    ]);
    expect(await lines('obskit_task_transitions_total{queue="etl",from_state="failed"')).toEqual([
      'obskit_task_transitions_total{queue="etl",from_state="failed",to_state="retrying"} 1',
      'obskit_task_transitions_total{queue="etl",from_state="failed",to_state="dead_lettered"} 1',
    ]);
    expect(await lines('obskit_instrumentation_errors_total')).toEqual([
      'obskit_instrumentation_errors_total{component="metrics-core",reason="invalid_value"} 2',
    ]);
  });
});
