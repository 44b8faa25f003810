import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { DEMO_CODES, type DemoCode } from './codes.js';
import type { AgentName, AgentRuntime } from './domain/agents.js';
import type { Feature, SessionService } from './domain/sessions.js';
import { UnknownDependencyError, type TaskQueue } from './domain/task-queue.js';
import type { DemoTelemetry } from './instrumentation/telemetry.js';
import {
  BadRequestError,
  parseAgentName,
  parseAgentRunBody,
  parseNewTaskBody,
  parseTaskId,
  parseTaskListQuery,
} from './http/validation.js';
import type { Sampler } from './sim/random.js';
import { isScenarioName, SCENARIO_NAMES, type ScenarioState } from './sim/scenarios.js';

/** What {@link createApp} is built from; the composition root (`startDemo`) wires these. */
export interface AppDeps {
  readonly agents: AgentRuntime;
  readonly tasks: TaskQueue;
  readonly sessions: SessionService;
  readonly scenarios: ScenarioState;
  readonly telemetry: DemoTelemetry;
  readonly sampler: Sampler;
  /** HTTP server metrics middleware (@obskit/middleware); mounted before every route. */
  readonly httpMetrics?: RequestHandler;
  /** The `/metrics` handler (@obskit/middleware, with auth). */
  readonly metricsHandler: RequestHandler;
  /** True once shutdown began: `/healthz` answers 503 so load balancers stop sending traffic. */
  readonly isDraining?: () => boolean;
  /** Index of this cluster worker, shown by `/healthz` (`DEMO_WORKERS`). */
  readonly workerIndex?: number;
  /** Called when a request failed unexpectedly (500). */
  readonly onError?: (error: unknown) => void;
}

const FEATURE_OF: Readonly<Record<AgentName, Feature>> = {
  planner: 'planning',
  researcher: 'research',
  coder: 'code_generation',
  reviewer: 'code_review',
};

/** Share of requests that `error-burst` fails with 503 on the routes it affects. */
export const ERROR_BURST_FAILURE_RATE = 0.4;

const errorBody = (code: DemoCode, message: string) => ({ error: { code, message } });

/** Express's JSON body parser, as the routes that read a body mount it. */
type JsonBodyParser = ReturnType<typeof express.json>;

/** `error-burst`: a share of the task and session routes fail with 503. */
function errorBurstGuard(deps: AppDeps): RequestHandler {
  const { scenarios, sampler } = deps;
  return (_req, res, next) => {
    if (scenarios.isActive('error-burst') && sampler.chance(ERROR_BURST_FAILURE_RATE)) {
      res
        .status(503)
        .json(errorBody(DEMO_CODES.unavailable, 'Service unavailable: scenario "error-burst" is on'));
      return;
    }
    next();
  };
}

/** `GET /healthz` (503 while draining) and `GET /metrics`. */
function mountHealthRoutes(app: Express, deps: AppDeps): void {
  app.get('/healthz', (_req, res) => {
    if (deps.isDraining?.()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    res.json({
      status: 'ok',
      scenarios: deps.scenarios.list().map((s) => s.name),
      ...(deps.workerIndex === undefined ? {} : { worker: deps.workerIndex }),
    });
  });
  app.get('/metrics', deps.metricsHandler);
}

/** `POST /agents/:agent/run`: one agent run, in a user session if the body names one. */
function mountAgentRoutes(app: Express, deps: AppDeps, json: JsonBodyParser): void {
  const { agents, sessions, telemetry } = deps;
  app.post('/agents/:agent/run', json, async (req, res) => {
    const agent = parseAgentName(req.params.agent);
    const body = parseAgentRunBody(req.body);
    if (body.sessionId !== undefined && !sessions.touch(body.sessionId)) {
      throw new BadRequestError(
        `Unknown session "${body.sessionId}": it does not exist or has ended`,
        404,
        DEMO_CODES.unknownSession,
      );
    }
    sessions.featureUsed(FEATURE_OF[agent]);
    if (body.stream) sessions.featureUsed('streaming');
    const result = await agents.run(agent, body);
    const ok = result.status === 'success';
    telemetry.businessOperation('agent_run', ok ? 'success' : 'failure');
    if (ok && body.sessionId) sessions.maybeConvert(body.sessionId);
    // A run is a resource with a status, as agent APIs report it: a failed run is still a 200.
    res.json(result);
  });
}

/** `GET /tasks`, `POST /tasks` (both behind `error-burst`) and `GET /tasks/:id`. */
function mountTaskRoutes(
  app: Express,
  deps: AppDeps,
  json: JsonBodyParser,
  errorBurst: RequestHandler,
): void {
  const { tasks, sessions, telemetry } = deps;
  app.get('/tasks', errorBurst, (req, res) => {
    const filter = parseTaskListQuery(req.query as Record<string, unknown>);
    res.json({ tasks: tasks.list(filter), counts: tasks.counts() });
  });
  app.post('/tasks', errorBurst, json, (req, res) => {
    const input = parseNewTaskBody(req.body);
    try {
      const task = tasks.enqueue(input);
      sessions.featureUsed('task_queue');
      telemetry.businessOperation('task_submit', 'success');
      res.status(201).location(`/tasks/${task.id}`).json(task);
    } catch (error) {
      if (error instanceof UnknownDependencyError) throw new BadRequestError(error.message, 400, error.code);
      telemetry.businessOperation('task_submit', 'failure');
      throw error;
    }
  });
  app.get('/tasks/:id', (req, res) => {
    const id = parseTaskId(req.params.id);
    const task = tasks.get(id);
    if (!task) {
      res.status(404).json(errorBody(DEMO_CODES.taskNotFound, `Task ${id} not found`));
      return;
    }
    res.json(task);
  });
}

/** The scenario a path names, or a 404 {@link BadRequestError} `unknownScenario`. */
function scenarioName(name: string) {
  if (!isScenarioName(name)) {
    throw new BadRequestError(
      `Unknown scenario "${name}": expected one of ${SCENARIO_NAMES.join(', ')}`,
      404,
      DEMO_CODES.unknownScenario,
    );
  }
  return name;
}

/** `GET /scenarios` and `POST|DELETE /scenarios/:name` (201 when a scenario is switched on). */
function mountScenarioRoutes(app: Express, deps: AppDeps): void {
  const { scenarios } = deps;
  app.get('/scenarios', (_req, res) => {
    res.json({ available: SCENARIO_NAMES, active: scenarios.list() });
  });
  app.post('/scenarios/:name', (req, res) => {
    const name = scenarioName(req.params.name);
    const changed = scenarios.activate(name);
    res.status(changed ? 201 : 200).json({ name, active: true, changed });
  });
  app.delete('/scenarios/:name', (req, res) => {
    const name = scenarioName(req.params.name);
    const changed = scenarios.deactivate(name);
    res.json({ name, active: false, changed });
  });
}

/** `POST /sessions` (behind `error-burst`) and `DELETE /sessions/:id`. */
function mountSessionRoutes(app: Express, deps: AppDeps, errorBurst: RequestHandler): void {
  const { sessions } = deps;
  app.post('/sessions', errorBurst, (_req, res) => {
    res.status(201).json(sessions.start());
  });
  app.delete('/sessions/:id', (req, res) => {
    const session = sessions.end(req.params.id);
    if (!session) {
      res.status(404).json(errorBody(DEMO_CODES.unknownSession, `Unknown session "${req.params.id}"`));
      return;
    }
    res.json(session);
  });
}

/** The 404 answer of a request no route matched. */
const notFound: RequestHandler = (req, res) => {
  res.status(404).json(errorBody(DEMO_CODES.notFound, `No route for ${req.method} ${req.path}`));
};

/**
 * The error handler: a {@link BadRequestError} answers with its status and code, a body that is not JSON
 * with 400 `invalidJson`, another 4xx from Express with `badRequest`; anything else is reported to
 * `deps.onError` and answered 500.
 */
function errorHandler(deps: AppDeps): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof BadRequestError) {
      res.status(error.status).json(errorBody(error.code, error.message));
      return;
    }
    const e = error as { type?: string; status?: number; message?: string };
    if (e?.type === 'entity.parse.failed') {
      res
        .status(400)
        .json(
          errorBody(DEMO_CODES.invalidJson, `Invalid JSON in request body: ${e.message ?? 'parse error'}`),
        );
      return;
    }
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      res
        .status(e.status)
        .json(errorBody(DEMO_CODES.badRequest, `Invalid request: ${e.message ?? 'rejected'}`));
      return;
    }
    deps.onError?.(error);
    res.status(500).json(errorBody(DEMO_CODES.internal, 'Internal error'));
  };
}

/**
 * Creates the demo's Express 5 app, without listening. Routes: `GET /healthz`, `GET /metrics`,
 * `POST /agents/:agent/run`, `GET|POST /tasks`, `GET /tasks/:id`, `GET /scenarios`,
 * `POST|DELETE /scenarios/:name`, `POST /sessions`, `DELETE /sessions/:id`. Each resource mounts its
 * routes on the app itself (no sub-router), so the route templates the metrics see are unchanged.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.httpMetrics) app.use(deps.httpMetrics);

  // Parsed per route, after the route matched, so that bad bodies are counted under their route.
  const json = express.json({ limit: '64kb' });
  const errorBurst = errorBurstGuard(deps);
  mountHealthRoutes(app, deps);
  mountAgentRoutes(app, deps, json);
  mountTaskRoutes(app, deps, json, errorBurst);
  mountScenarioRoutes(app, deps);
  mountSessionRoutes(app, deps, errorBurst);
  app.use(notFound);
  app.use(errorHandler(deps));
  return app;
}
