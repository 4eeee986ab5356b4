/**
 * `npm run bench`: every figure of issue 7 beside a baseline measured in the same run, with its budget and
 * verdict. Prints a table and writes it as JSON to bench/results/latest.json.
 *
 * `npm run bench -- --quick` (or BENCH_QUICK=1) runs every section on a smaller scale, for a check in about a
 * minute; only the full run gives the numbers.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { join } from 'node:path';
import { LEASE_RETENTION_SECONDS } from '../lambda/store/table';
import { measureColdStart } from './cold-start';
import {
  type FootprintResult,
  ITEM_OVERHEAD_BYTES,
  LAMBDA_PLATFORM_LOG_BYTES,
  measureFootprint,
  scheduledLogBytes,
} from './footprint';
import { measureMemory } from './memory';
import { measureRequestPath, type RequestPathResult } from './request-path';
import {
  type Figure,
  formatNumber,
  formatTable,
  idleMonthlyCost,
  judged,
  median,
  metricsMonthlyCost,
  percentile,
  pricePerMillion,
  pricePerMillionTransitions,
  US_EAST_1_PRICES,
  xrayTracedFraction,
} from './stats';
import { notifyBody } from './support';
import { measureSweep, type SweepResult } from './sweep';
import { accessLogContext, renderAccessLog, type TemplateFacts, templateFacts } from './template';
import { CLIENTS, measureThroughput } from './throughput';

/** Where the prices come from, and when they were taken. Every figure is in US_EAST_1_PRICES (bench/stats.ts). */
const PRICE_SOURCE =
  'us-east-1 list prices, first tier, no free tier, as of 2026-11-29; 1 GB = 1024³ bytes, a month = 30 days. ' +
  'aws.amazon.com/api-gateway/pricing: REST $3.50/M requests. ' +
  'aws.amazon.com/lambda/pricing: Arm $0.0000133334/GB-s, $0.20/M requests. ' +
  'aws.amazon.com/dynamodb/pricing/on-demand: $0.625/M write and $0.125/M read request units, storage ' +
  '$0.25/GB-month, continuous backups (PITR) $0.20/GB-month. ' +
  'aws.amazon.com/cloudwatch/pricing: Logs (Standard) ingestion $0.50/GB, storage $0.03/GB-month (billed on ' +
  'compressed bytes; counted here on raw bytes, an upper bound), standard-resolution alarm $0.10/month, custom ' +
  'metric $0.30/month (prorated by the hour). ' +
  'aws.amazon.com/xray/pricing: $5.00/M traces recorded, $0.50/M traces retrieved or scanned. ' +
  'aws.amazon.com/eventbridge/pricing: custom events $1.00/M (per 64 KB chunk), scheduled rules free';

/**
 * An assumed billed duration of a notification in AWS, where its two DynamoDB requests take several
 * milliseconds each rather than the local engine's one: for a second price, labelled as an assumption.
 */
const DEPLOYED_LAMBDA_MS = 20;

/**
 * An assumed billed duration of a scheduled run with nothing to do, in AWS (a few DynamoDB round trips, the
 * sweeper's four shards in parallel): the local figure is printed beside it.
 */
const DEPLOYED_SCHEDULED_MS = 100;

/**
 * How long DynamoDB TTL takes to delete an expired lease: AWS says "within a few days" and typically does it
 * within two. An assumption, for the lease's storage.
 */
const TTL_DELETION_DAYS = 2;

/**
 * API Gateway's detailed (per-method) metrics for the one method SDKs call (POST on the stage root): Count,
 * 4XXError, 5XXError, Latency, IntegrationLatency. Billed as custom metrics: an assumption of the bench.
 */
const DETAILED_METRICS_PER_METHOD = 5;

/** The request rate of the X-Ray figure at high traffic: the stage's default throttling limit. */
const HIGH_TRAFFIC_PER_SECOND = 100;

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const scale = quick
  ? {
      iterations: 300,
      tasks: 50,
      rounds: 8,
      sliceMs: 1_000,
      slices: 2,
      memoryTasks: 1_000,
      memoryNotifications: 10_000,
      sweepTasks: 1_000,
      footprintNotifications: 200,
    }
  : {
      iterations: 2_000,
      tasks: 200,
      rounds: 40,
      sliceMs: 3_000,
      slices: 3,
      memoryTasks: 10_000,
      memoryNotifications: 100_000,
      sweepTasks: 10_000,
      footprintNotifications: 1_000,
    };

/** Dollars as the notes print them: cents at least, except for nothing at all. */
function dollars(value: number): string {
  return `$${value !== 0 && Number.isInteger(value) ? value.toFixed(2) : formatNumber(value)}`;
}

/**
 * The price of the deployed stack from what this run measured and what the template says: a million
 * notifications, every line item; a million stale-task transitions; and a month of an idle stack.
 */
async function costOf({
  path,
  handlerMedian,
  sweep,
  template,
  footprint,
}: {
  path: RequestPathResult;
  handlerMedian: number;
  sweep: SweepResult;
  template: TemplateFacts;
  footprint: FootprintResult;
}) {
  const accessLog = renderAccessLog(
    template.accessLogFormat,
    accessLogContext(randomUUID(), footprint.responseLength),
  );
  const accessLogBytes = Buffer.byteLength(accessLog);
  const logBytes = accessLogBytes + footprint.loggerBytes + footprint.metricBytes + LAMBDA_PLATFORM_LOG_BYTES;
  // A lease is due NextUpdateSeconds after the update, kept a day past that, then deleted by TTL.
  const transientDays =
    (notifyBody('', 0).NextUpdateSeconds + LEASE_RETENTION_SECONDS) / 86_400 + TTL_DELETION_DAYS;
  const tracingByDefault = template.stageTracing || template.tracedFunctions > 0;
  // The sweep visits every lease once it falls due: it reads the lease and the task, whether or not anything is
  // published. What it writes then is its cursor, once per shard and page, whatever the number of leases.
  const visitReadUnits = (sweep.revisited.readUnits - sweep.nothingDue.readUnits) / sweep.due;
  const cursorWritesPerSweep = sweep.revisited.writeUnits - sweep.nothingDue.writeUnits;
  const base = {
    writeUnits: path.writeUnits,
    readUnits: path.readUnits + visitReadUnits,
    lambdaMemoryMb: template.apiMemoryMb,
    keptBytes: footprint.keptBytes,
    keptMonths: 1,
    transientBytes: footprint.transientBytes,
    transientDays,
    logBytes,
    logRetentionDays: template.logRetentionDays,
    tracedFraction: tracingByDefault ? 1 : 0,
  };
  const notification = pricePerMillion({ ...base, lambdaMs: handlerMedian });
  const deployed = pricePerMillion({ ...base, lambdaMs: DEPLOYED_LAMBDA_MS });
  const highTrafficFraction = xrayTracedFraction(HIGH_TRAFFIC_PER_SECOND);
  const xrayOn = {
    lowTraffic: pricePerMillion({ ...base, lambdaMs: handlerMedian, tracedFraction: 1 }),
    highTraffic: pricePerMillion({ ...base, lambdaMs: handlerMedian, tracedFraction: highTrafficFraction }),
    highTrafficPerSecond: HIGH_TRAFFIC_PER_SECOND,
    highTrafficFraction,
  };

  // A transition costs what a sweep that publishes spends beyond one visiting as many leases without, and its
  // event.
  const transitions = sweep.onePercentDue.staleEvents;
  if (transitions === 0) throw new Error('the 1% sweep published no event');
  const transitionUnits = {
    readUnits: (sweep.onePercentDue.readUnits - sweep.revisited.readUnits) / transitions,
    writeUnits: (sweep.onePercentDue.writeUnits - sweep.revisited.writeUnits) / transitions,
    eventChunks: sweep.onePercentDue.eventChunks / transitions,
  };
  const transition = pricePerMillionTransitions(transitionUnits);
  const transitionMs = (sweep.onePercentDue.ms - sweep.revisited.ms) / transitions;

  if (template.scheduled.length !== 2) {
    throw new Error(`the template schedules ${template.scheduled.length} functions; the bench prices two`);
  }
  const scheduled = (pattern: RegExp) => {
    const found = template.scheduled.find((run) => pattern.test(run.logicalId));
    if (!found) throw new Error(`no scheduled function ${pattern} in the template`);
    return found;
  };
  // dynalite charges an idle shard 0.5 RRU; DynamoDB also charges the cursor's GetItem (decision 007): 1 each.
  const sweepReadUnits = Math.max(sweep.nothingDue.readUnits, sweep.shards);
  const sweeperRun = {
    runsPerMonth: scheduled(/^Sweeper/).runsPerMonth,
    ms: DEPLOYED_SCHEDULED_MS,
    memoryMb: scheduled(/^Sweeper/).memoryMb,
    readUnits: sweepReadUnits,
    writeUnits: sweep.nothingDue.writeUnits,
    logBytes: LAMBDA_PLATFORM_LOG_BYTES + (await scheduledLogBytes('sweep', sweep.nothingDue.report)),
  };
  const maintenanceRun = {
    runsPerMonth: scheduled(/^Maintenance/).runsPerMonth,
    ms: DEPLOYED_SCHEDULED_MS,
    memoryMb: scheduled(/^Maintenance/).memoryMb,
    // Its one consistent Query of the deletion queue, empty: dynalite charges nothing; priced at 1 RRU, a bound.
    readUnits: Math.max(sweep.idleMaintenance.readUnits, 1),
    writeUnits: sweep.idleMaintenance.writeUnits,
    logBytes:
      LAMBDA_PLATFORM_LOG_BYTES + (await scheduledLogBytes('maintenance', sweep.idleMaintenance.report)),
  };
  const idleStack = {
    scheduled: [sweeperRun, maintenanceRun],
    alarms: template.alarms,
    logRetentionDays: template.logRetentionDays,
    tracing: tracingByDefault,
  };
  const idle = idleMonthlyCost(idleStack);
  const idleXrayOn = idleMonthlyCost({ ...idleStack, tracing: true });
  const detailedMetrics = template.detailedMetrics ? DETAILED_METRICS_PER_METHOD : 0;
  const metricCount = footprint.metricSeries.length + detailedMetrics;
  const metrics = metricsMonthlyCost(metricCount);
  // At most: a sweep every minute finding a lease due in every shard.
  const cursorWritesMonthly =
    ((sweeperRun.runsPerMonth * cursorWritesPerSweep) / 1e6) * US_EAST_1_PRICES.dynamoDbPerMillionWriteUnits;

  const figures: Figure[] = [
    judged({
      section: '4 cost',
      name: 'price per million notifications',
      value: notification.total,
      unit: '$',
      note:
        `API Gateway ${dollars(notification.apiGateway)} + Lambda ${dollars(notification.lambda)} (requests, and ` +
        `${template.apiMemoryMb} MB × ${Math.ceil(handlerMedian)} ms, the median above) + DynamoDB requests ` +
        `${dollars(notification.dynamoDbRequests)} (${formatNumber(path.writeUnits)} WRU and ${formatNumber(path.readUnits)} RRU ` +
        `in the call, ${formatNumber(visitReadUnits)} RRU when the sweep visits its lease) + ` +
        `DynamoDB storage and PITR ${dollars(notification.dynamoDbStorage)} (the history's first month and the ` +
        `lease's days; each further month the history is kept: +${dollars(notification.dynamoDbStoragePerMonth)}) + ` +
        `CloudWatch Logs ingestion ${dollars(notification.logsIngestion)} + storage ${dollars(notification.logsStorage)} ` +
        `(${formatNumber(logBytes)} B for ${template.logRetentionDays} days) + X-Ray ${dollars(notification.xray)} ` +
        `(${tracingByDefault ? 'on' : 'off by default'}). In AWS each DynamoDB round trip takes milliseconds: at ` +
        `${DEPLOYED_LAMBDA_MS} ms, ${dollars(deployed.total)}. Not counted: data transfer out, KMS requests of the ` +
        "table's AWS managed key, Lambda INIT time of cold starts",
    }),
    judged({
      section: '4 cost',
      name: 'the same with X-Ray on (-c tracing=true), at most',
      value: xrayOn.lowTraffic.total,
      unit: '$',
      note:
        `X-Ray +${dollars(xrayOn.lowTraffic.xray)}: the default sampling rule records the first request each ` +
        `second and 5% of the rest, so every notification up to 1 a second (one trace covers the stage and the ` +
        `Lambda); at ${HIGH_TRAFFIC_PER_SECOND}/s ${formatNumber(highTrafficFraction * 100)}% are traced: ` +
        `+${dollars(xrayOn.highTraffic.xray)}, total ${dollars(xrayOn.highTraffic.total)}. Reading traces: ` +
        `+${dollars(US_EAST_1_PRICES.xrayPerMillionTracesRetrieved)} per million retrieved or scanned`,
    }),
    judged({
      section: '4 cost',
      name: 'price per million stale-task transitions',
      value: transition.total,
      unit: '$',
      note:
        `EventBridge custom events ${dollars(transition.eventBridge)} (${formatNumber(transitionUnits.eventChunks)} ` +
        `event each) + DynamoDB ${dollars(transition.dynamoDb)} (${formatNumber(transitionUnits.readUnits)} RRU + ` +
        `${formatNumber(transitionUnits.writeUnits)} WRU each: the 1% sweep less one visiting as many leases with nothing to publish); only on transitions, ` +
        `not per notification. The sweeper's extra time (${formatNumber(transitionMs)} ms each here) is not priced`,
    }),
    judged({
      section: '4 cost',
      name: 'fixed cost per month, idle stack',
      value: idle.total,
      unit: '$',
      note:
        `${template.scheduled.length} Lambdas run every minute (${formatNumber(sweeperRun.runsPerMonth)} runs a month ` +
        `each; the EventBridge rules are free): requests and ${sweeperRun.memoryMb} MB × ${DEPLOYED_SCHEDULED_MS} ms ` +
        `assumed (here a sweep took ${formatNumber(sweep.nothingDue.ms)} ms, a maintenance run ` +
        `${formatNumber(sweep.idleMaintenance.ms)} ms) ${dollars(idle.lambda)} + DynamoDB ${dollars(idle.dynamoDb)} ` +
        `(a sweep ${formatNumber(sweepReadUnits)} RRU, 1 per shard as DynamoDB charges, dynalite counts ` +
        `${formatNumber(sweep.nothingDue.readUnits)}; a maintenance run ${formatNumber(maintenanceRun.readUnits)} RRU, ` +
        `dynalite ${formatNumber(sweep.idleMaintenance.readUnits)}) + ` +
        `CloudWatch Logs (${formatNumber(sweeperRun.logBytes)} B and ${formatNumber(maintenanceRun.logBytes)} B a run) ` +
        `ingestion ${dollars(idle.logsIngestion)} + storage ${dollars(idle.logsStorage)} + ${template.alarms} alarms ` +
        `${dollars(idle.alarms)}; X-Ray on adds ${dollars(idleXrayOn.xray)} (every scheduled run traced)`,
    }),
    judged({
      section: '4 cost',
      name: 'per month while notifications arrive, at most',
      value: metrics + cursorWritesMonthly,
      unit: '$',
      note:
        `CloudWatch metrics ${dollars(metrics)}: ${metricCount} × ${dollars(US_EAST_1_PRICES.cloudWatchMetricPerMonth)}, ` +
        `prorated by the hours each is reported: ${footprint.metricSeries.join(', ')} (EMF, measured)` +
        (detailedMetrics
          ? ` + ${detailedMetrics} API Gateway detailed metrics of POST / (assumed billed)`
          : '') +
        `, and each other operation called adds its Calls metric; the sweep's cursor writes ` +
        `${dollars(cursorWritesMonthly)} (${formatNumber(cursorWritesPerSweep)} WRU a sweep that finds leases due, ` +
        'every minute)',
    }),
  ];
  const breakdown = {
    inputs: {
      writeUnits: path.writeUnits,
      readUnits: path.readUnits,
      sweepVisitReadUnits: visitReadUnits,
      localLambdaMs: handlerMedian,
      deployedLambdaMs: DEPLOYED_LAMBDA_MS,
      apiMemoryMb: template.apiMemoryMb,
      keptBytes: footprint.keptBytes,
      transientBytes: footprint.transientBytes,
      transientDays,
      accessLogBytes,
      accessLogLine: accessLog,
      apiLoggerBytes: footprint.loggerBytes,
      apiMetricBytes: footprint.metricBytes,
      lambdaPlatformLogBytes: LAMBDA_PLATFORM_LOG_BYTES,
      logBytes,
      logRetentionDays: template.logRetentionDays,
      tracingByDefault,
      metricSeries: footprint.metricSeries,
      detailedMetrics,
    },
    perMillionNotifications: notification,
    perMillionNotificationsAtDeployedMs: deployed,
    perMillionNotificationsXrayOn: xrayOn,
    perMillionTransitions: { ...transition, ...transitionUnits },
    idleMonthly: { ...idle, scheduled: idleStack.scheduled, alarmCount: template.alarms },
    idleMonthlyXrayOn: idleXrayOn,
    monthlyWhileInUse: {
      metrics: metricCount,
      metricsTotal: metrics,
      cursorWritesPerSweep,
      cursorWritesTotal: cursorWritesMonthly,
      total: metrics + cursorWritesMonthly,
    },
    template: {
      resourceTypes: template.resourceTypes,
      stageTracing: template.stageTracing,
      tracedFunctions: template.tracedFunctions,
      executionLogLevel: template.executionLogLevel,
      logGroups: template.logGroups,
      pointInTimeRecovery: template.pointInTimeRecovery,
      billingMode: template.billingMode,
    },
  };
  return { figures, breakdown, inputs: breakdown.inputs };
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const figures: Figure[] = [];

  log(`request path: ${scale.iterations} notifications, each beside its storage requests sent raw`);
  const path = await measureRequestPath({ iterations: scale.iterations, tasks: scale.tasks });
  const updateMedian = median(path.updateItemMs);
  const handlerMedian = median(path.handlerMs);
  figures.push(
    judged({
      section: '1 request path',
      name: 'Notify through the handler, median',
      value: handlerMedian,
      unit: 'ms',
      baseline: { name: 'its conditional UpdateItem alone', value: updateMedian, unit: 'ms' },
      // Issue 7's budget. It was 2× while the floor held a condition dynalite parsed slowly; see decision 007.
      budget: { on: 'ratio', kind: 'max', limit: 2.5 },
    }),
    judged({
      section: '1 request path',
      name: 'the same median, against all its storage requests',
      value: handlerMedian,
      unit: 'ms',
      baseline: {
        name: 'its UpdateItem and BatchWriteItem sent raw',
        value: median(path.storageMs),
        unit: 'ms',
      },
      budget: { on: 'ratio', kind: 'max', limit: 1.3 },
      note: 'what routing, Zod, authorization and the store’s own code add to the storage work',
    }),
    judged({
      section: '1 request path',
      name: 'Notify through the handler, p99',
      value: percentile(path.handlerMs, 0.99),
      unit: 'ms',
      baseline: {
        name: 'its conditional UpdateItem alone',
        value: percentile(path.updateItemMs, 0.99),
        unit: 'ms',
      },
    }),
  );

  log(`cold start: CDK synth of the API bundle and its alternatives, ${scale.rounds} fresh processes each`);
  const cold = measureColdStart({ rounds: scale.rounds });
  const emptyBaseline = { name: 'empty bundle', value: cold.empty.processMs, unit: 'ms' };
  figures.push(
    judged({
      section: '2 cold start',
      name: 'API bundle size (as deployed)',
      value: cold.deployed.bytes / 1024,
      unit: 'KB',
      budget: { on: 'value', kind: 'max', limit: 330 },
    }),
    judged({
      section: '2 cold start',
      name: 'API bundle load (as deployed)',
      value: cold.deployed.processMs,
      unit: 'ms',
      baseline: emptyBaseline,
      budget: { on: 'ratio', kind: 'max', limit: 2.3 },
      note: `require() alone: ${formatNumber(cold.deployed.requireMs)} ms`,
    }),
    ...cold.alternatives.map((alternative) =>
      judged({
        section: '2 cold start',
        name: `${alternative.name}: load (${formatNumber(alternative.bytes / 1024)} KB)`,
        value: alternative.processMs,
        unit: 'ms',
        baseline: emptyBaseline,
        note: `require() alone: ${formatNumber(alternative.requireMs)} ms`,
      }),
    ),
  );

  log(`throughput: ${CLIENTS} clients, ${scale.slices} × ${scale.sliceMs} ms of each`);
  const throughput = await measureThroughput({ sliceMs: scale.sliceMs, slices: scale.slices });
  figures.push(
    judged({
      section: '3 throughput',
      name: `signed notifications through npm start's server, ${CLIENTS} clients`,
      value: throughput.notificationsPerSecond,
      unit: '/s',
      baseline: {
        name: 'its storage requests sent raw',
        value: throughput.storageWritesPerSecond,
        unit: '/s',
      },
      // Issue 7 asked ≥ 0.4× raw PutItem; the storage requests alone reach about 0.3× (the next row), so no
      // server could. See docs/decisions/007-bundle-and-performance.md.
      budget: { on: 'ratio', kind: 'min', limit: 0.5 },
      note: 'what the endpoint adds to the conditional UpdateItem and BatchWriteItem a notification needs',
    }),
    judged({
      section: '3 throughput',
      name: 'the same, against raw PutItem',
      value: throughput.notificationsPerSecond,
      unit: '/s',
      baseline: { name: 'raw PutItem, same engine', value: throughput.putItemsPerSecond, unit: '/s' },
      note:
        `ceiling: its storage requests alone run at ` +
        `${(throughput.storageWritesPerSecond / throughput.putItemsPerSecond).toFixed(2)}× PutItem`,
    }),
  );

  log(
    `sweep: ${scale.sweepTasks.toLocaleString('en-US')} tasks, 1% of them due, 1% reported again; idle maintenance`,
  );
  const sweep = await measureSweep({ tasks: scale.sweepTasks });
  log('cost: the default template (synthesized), and what a notification logs and stores');
  const template = templateFacts();
  const footprint = await measureFootprint({
    notifications: scale.footprintNotifications,
    tasks: scale.tasks,
  });
  const cost = await costOf({ path, handlerMedian, sweep, template, footprint });
  figures.push(
    judged({
      section: '4 cost',
      name: `write units per notification (${path.notificationBytes} B)`,
      value: path.writeUnits,
      unit: 'WRU',
      budget: { on: 'value', kind: 'max', limit: 3 },
      note: `requests: ${JSON.stringify(path.commands)}`,
    }),
    judged({ section: '4 cost', name: 'read units per notification', value: path.readUnits, unit: 'RRU' }),
    judged({
      section: '4 cost',
      name: 'DynamoDB bytes kept per notification',
      value: footprint.keptBytes,
      unit: 'B',
      note:
        `${formatNumber(footprint.keptItems)} item (the history entry) with DynamoDB's ${ITEM_OVERHEAD_BYTES} B per item, ` +
        `kept as long as the table; plus ${formatNumber(footprint.transientBytes)} B of staleness lease, deleted by TTL ` +
        `about ${formatNumber(cost.inputs.transientDays)} days later (a day after its deadline, + ${TTL_DELETION_DAYS} days ` +
        'assumed for TTL); the task item is rewritten in place',
    }),
    judged({
      section: '4 cost',
      name: 'CloudWatch Logs bytes per notification',
      value: cost.inputs.logBytes,
      unit: 'B',
      note:
        `API Gateway access log line ${cost.inputs.accessLogBytes} B (the stage's format, rendered) + ` +
        `API Lambda: Powertools request line ${formatNumber(footprint.loggerBytes)} B and EMF metrics ` +
        `${formatNumber(footprint.metricBytes)} B (measured in-process, ${formatNumber(footprint.linesPerNotification)} ` +
        `lines) + Lambda START/END/REPORT ${LAMBDA_PLATFORM_LOG_BYTES} B (assumed); execution logs at ` +
        `${template.executionLogLevel}: none for a call that succeeds`,
    }),
    judged({
      section: '4 cost',
      name: `sweep with nothing due: read units per shard (${sweep.shards} shards)`,
      value: sweep.nothingDue.readUnits / sweep.shards,
      unit: 'RRU',
      budget: { on: 'value', kind: 'max', limit: 1 },
      note: `${formatNumber(sweep.nothingDue.readUnits)} RRU, ${formatNumber(sweep.nothingDue.writeUnits)} WRU in all`,
    }),
    judged({
      section: '4 cost',
      name: `sweep of ${sweep.tasks.toLocaleString('en-US')} tasks, ${sweep.due} due (1%)`,
      value: sweep.onePercentDue.readUnits + sweep.onePercentDue.writeUnits,
      unit: 'units',
      note:
        `${formatNumber(sweep.onePercentDue.readUnits)} RRU + ${formatNumber(sweep.onePercentDue.writeUnits)} WRU, ` +
        `${sweep.onePercentDue.staleEvents} stale events`,
    }),
    judged({
      section: '4 cost',
      name: `sweep of ${sweep.due} leases due, each of a task that reported again since`,
      value: sweep.revisited.readUnits + sweep.revisited.writeUnits,
      unit: 'units',
      note:
        `${formatNumber(sweep.revisited.readUnits)} RRU + ${formatNumber(sweep.revisited.writeUnits)} WRU, ` +
        `${sweep.revisited.staleEvents} events: every notification's lease is visited once`,
    }),
    ...cost.figures,
  );

  log(
    `memory: npm start, ${scale.memoryTasks.toLocaleString('en-US')} tasks, ` +
      `${scale.memoryNotifications.toLocaleString('en-US')} notifications (this takes a while)`,
  );
  const memory = await measureMemory({ tasks: scale.memoryTasks, notifications: scale.memoryNotifications });
  figures.push(
    judged({
      section: '5 memory',
      name: `npm start peak RSS after ${memory.notifications.toLocaleString('en-US')} notifications, ${memory.tasks.toLocaleString('en-US')} tasks`,
      value: memory.peakRssMb,
      unit: 'MB',
      baseline: { name: 'just started', value: memory.idleRssMb, unit: 'MB' },
      budget: { on: 'value', kind: 'max', limit: 300 },
      note: `${formatNumber(memory.notifications / memory.seconds)} notifications/s over ${formatNumber(memory.seconds)} s`,
    }),
  );

  const table = formatTable(figures);
  const notes = figures.filter((figure) => figure.note).map((figure) => `- ${figure.name}: ${figure.note}`);
  process.stdout.write(`${table}\n\n${notes.join('\n')}\n- prices: ${PRICE_SOURCE}\n`);

  const results = {
    quick,
    node: process.version,
    platform: `${platform()} ${arch()}`,
    cpus: cpus().length,
    prices: { ...US_EAST_1_PRICES, source: PRICE_SOURCE },
    cost: cost.breakdown,
    figures,
  };
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, quick ? 'latest-quick.json' : 'latest.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  const failed = figures.filter((figure) => figure.verdict === 'FAIL').length;
  log(`${failed} of ${figures.filter((figure) => figure.budget).length} budgets failed`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
