/**
 * 4. Cost: the price of the deployed stack, from what the run measured and what the synthesized template says.
 * Every price and its source is in US_EAST_1_PRICES (stats.ts) and PRICE_SOURCE; every assumption is a named
 * constant here, and printed in the notes.
 */
import { randomUUID } from 'node:crypto';
import { LEASE_RETENTION_SECONDS } from '../lambda/store/table';
import { type FootprintResult, LAMBDA_PLATFORM_LOG_BYTES, scheduledLogBytes } from './footprint';
import type { RequestPathResult } from './request-path';
import {
  type Figure,
  formatNumber,
  idleMonthlyCost,
  judged,
  metricsMonthlyCost,
  pricePerMillion,
  pricePerMillionTransitions,
  US_EAST_1_PRICES,
  xrayTracedFraction,
} from './stats';
import { notifyBody } from './support';
import type { SweepResult } from './sweep';
import { accessLogContext, renderAccessLog, type TemplateFacts } from './template';

/** Where the prices come from, and when they were taken. Every figure is in US_EAST_1_PRICES (bench/stats.ts). */
export const PRICE_SOURCE =
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
export const TTL_DELETION_DAYS = 2;

/**
 * API Gateway's detailed (per-method) metrics for the one method SDKs call (POST on the stage root): Count,
 * 4XXError, 5XXError, Latency, IntegrationLatency. Billed as custom metrics: an assumption of the bench.
 */
const DETAILED_METRICS_PER_METHOD = 5;

/** The request rate of the X-Ray figure at high traffic: the stage's default throttling limit. */
const HIGH_TRAFFIC_PER_SECOND = 100;

/** Dollars as the notes print them: cents at least, except for nothing at all. */
function dollars(value: number): string {
  return `$${value !== 0 && Number.isInteger(value) ? value.toFixed(2) : formatNumber(value)}`;
}

/**
 * The price of the deployed stack from what this run measured and what the template says: a million
 * notifications, every line item; a million stale-task transitions; and a month of an idle stack.
 */
export async function costOf({
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
  // dynalite charges an idle shard 0.5 RRU (the cursor's GetItem; an empty Query is free there). DynamoDB also
  // charges the lease Query, strongly consistent since decision 012: 0.5 + 1 = 1.5 RRU a shard.
  const sweepReadUnits = Math.max(sweep.nothingDue.readUnits, sweep.shards * 1.5);
  const sweeperFunction = scheduled(/^Sweeper/);
  const maintenanceFunction = scheduled(/^Maintenance/);
  const sweeperRun = {
    runsPerMonth: sweeperFunction.runsPerMonth,
    ms: DEPLOYED_SCHEDULED_MS,
    memoryMb: sweeperFunction.memoryMb,
    readUnits: sweepReadUnits,
    writeUnits: sweep.nothingDue.writeUnits,
    logBytes: LAMBDA_PLATFORM_LOG_BYTES + (await scheduledLogBytes('sweep', sweep.nothingDue.report)),
  };
  const maintenanceRun = {
    runsPerMonth: maintenanceFunction.runsPerMonth,
    ms: DEPLOYED_SCHEDULED_MS,
    memoryMb: maintenanceFunction.memoryMb,
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
