import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_KEYS, TTL_ATTRIBUTE } from '../lambda/store/table';

export interface TaskTableProps {
  /**
   * What happens to the table (and every task it holds) when the stack is deleted.
   * @default RemovalPolicy.RETAIN, with deletion protection on
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The single table of streams, tasks and their history: on-demand, point-in-time recovery, encrypted with the
 * AWS managed key, and TTL on the attribute only staleness leases carry.
 */
export class TaskTable extends Construct {
  public readonly table: Table;

  constructor(scope: Construct, id: string, props: TaskTableProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy,
      deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
    });
  }
}
