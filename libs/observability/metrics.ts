import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { within } from './within.js';

/** A queue whose counts do not come within this is left out of a scrape (Redis down). */
const QUEUE_READ_TIMEOUT_MS = 2000;

/** The API's Prometheus metrics, in one registry per process. */
export class ApiMetrics {
  readonly registry = new Registry();

  readonly requestDuration = new Histogram({
    name: 'overgang_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'overgang_events_appended_total',
    help: 'Events appended to the store by this process, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly intakeMessages = new Counter({
    name: 'overgang_intake_messages_total',
    help: 'Hospital e-messages posted to the intake, by message type and outcome',
    labelNames: ['msg_type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly intakeValidationSeconds = new Histogram({
    name: 'overgang_intake_schema_validation_seconds',
    help: 'Time to validate one hospital e-message against the PLO schemas',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1],
    registers: [this.registry],
  });

  readonly rateLimitAvailable = new Gauge({
    name: 'overgang_rate_limit_available',
    help: '1 while the shared rate limit can reach Redis; 0 while it cannot, and requests go unlimited',
    registers: [this.registry],
  });

  readonly projectionLagEvents = new Gauge({
    name: 'overgang_projection_lag_events',
    help: 'Case events the store holds beyond the live generation of each projection',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly projectionLagSeconds = new Gauge({
    name: 'overgang_projection_lag_seconds',
    help: 'How long the oldest event not yet processed by each projection has waited (0 when none)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  recordProjectionLag(lags: readonly { projection: string; eventsBehind: number; secondsBehind: number }[]): void {
    this.projectionLagEvents.reset();
    this.projectionLagSeconds.reset();
    for (const lag of lags) {
      this.projectionLagEvents.set({ projection: lag.projection }, lag.eventsBehind);
      this.projectionLagSeconds.set({ projection: lag.projection }, lag.secondsBehind);
    }
  }

  readonly failingCases = new Gauge({
    name: 'overgang_failing_cases',
    help: 'Cases a projection (its live generation) or component cannot handle now, marked failing',
    labelNames: ['component'] as const,
    registers: [this.registry],
  });

  readonly caseFailures = new Counter({
    name: 'overgang_case_failures_total',
    help: 'Times a projection or component failed on a case (each new event and retry of a failing case counts)',
    labelNames: ['component'] as const,
    registers: [this.registry],
  });

  readonly deadlineTimerLag = new Gauge({
    name: 'overgang_deadline_timer_lag_seconds',
    help: 'How long the oldest open deadline past due has waited for its miss to be recorded (0 when none)',
    registers: [this.registry],
  });

  /** The failing-case registry as read from PostgreSQL when scraped (every process running projections writes it). */
  recordCaseFailures(failing: ReadonlyMap<string, number>, totals: ReadonlyMap<string, number>): void {
    this.failingCases.reset();
    for (const component of new Set([...failing.keys(), ...totals.keys()])) {
      this.failingCases.set({ component }, failing.get(component) ?? 0);
    }
    this.caseFailures.reset();
    for (const [component, failures] of totals) this.caseFailures.inc({ component }, failures);
  }

  readonly #queues = new Map<string, () => Promise<Readonly<Record<string, number>>>>();

  readonly queueJobs = new Gauge({
    name: 'overgang_queue_jobs',
    help: 'BullMQ jobs by queue and state, read from Redis when scraped (failed: gave up after every retry)',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
    collect: async () => {
      this.queueJobs.reset();
      for (const [queue, counts] of this.#queues) {
        // While Redis is down the queue is left out; /health says why.
        const byState = await within(QUEUE_READ_TIMEOUT_MS, counts).catch(() => ({}));
        for (const [state, jobs] of Object.entries(byState)) this.queueJobs.set({ queue, state }, jobs);
      }
    },
  });

  /** Reports a queue's depth by state in `overgang_queue_jobs`. */
  trackQueue(name: string, counts: () => Promise<Readonly<Record<string, number>>>): void {
    this.#queues.set(name, counts);
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'overgang_' });
    this.rateLimitAvailable.set(1);
  }
}
