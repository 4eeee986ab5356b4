import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface OperationalAlarmsProps {
  readonly api: RestApi;
  readonly handler: IFunction;
  readonly maintenance: IFunction;
  readonly sweeper: IFunction;
  /** The connector Lambda, when connectors are on. */
  readonly connectors?: IFunction;
  /** Told when any alarm fires and when it clears. @default none: the alarms show in the console only */
  readonly topic?: ITopic;
}

/**
 * Alarms on what means migration tools are being failed: API 5XX answers and Lambda errors, each sent to the
 * topic when it fires and again when it clears.
 */
export class OperationalAlarms extends Construct {
  public readonly api5xx: Alarm;
  public readonly handlerErrors: Alarm;
  public readonly maintenanceErrors: Alarm;
  public readonly sweeperErrors: Alarm;
  public readonly connectorErrors?: Alarm;

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    this.api5xx = new Alarm(this, 'Api5xx', {
      alarmDescription:
        'Migration Hub API answered 5XX (clients retry; sustained means storage or code trouble).',
      metric: props.api.metricServerError({ period: Duration.minutes(1), statistic: 'Sum' }),
      threshold: 5,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.handlerErrors = new Alarm(this, 'HandlerErrors', {
      alarmDescription:
        'The Migration Hub API Lambda failed invocations (crashes or timeouts, not API errors).',
      metric: props.handler.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 5,
      datapointsToAlarm: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.maintenanceErrors = new Alarm(this, 'MaintenanceErrors', {
      alarmDescription:
        'The maintenance Lambda failed several runs in a row: deleted streams are not being removed.',
      metric: props.maintenance.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 3,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.sweeperErrors = new Alarm(this, 'SweeperErrors', {
      alarmDescription:
        'The staleness sweeper failed 3 runs in 5 minutes (storage or PutEvents failing): stale-task events ' +
        'are delayed. Each run resumes from where the last one stopped; leases last a day.',
      metric: props.sweeper.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 3,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (props.connectors) {
      this.connectorErrors = new Alarm(this, 'ConnectorErrors', {
        alarmDescription:
          'The MGN/DMS connectors failed 3 runs in 15 minutes (a service they cannot read, access denied, or ' +
          'storage failing): their tasks stop updating and go stale. The log says which connector and why.',
        metric: props.connectors.metricErrors({ period: Duration.minutes(15), statistic: 'Sum' }),
        threshold: 3,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    if (props.topic) {
      const action = new SnsAction(props.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  public get alarms(): readonly Alarm[] {
    return [
      this.api5xx,
      this.handlerErrors,
      this.maintenanceErrors,
      this.sweeperErrors,
      ...(this.connectorErrors ? [this.connectorErrors] : []),
    ];
  }
}
