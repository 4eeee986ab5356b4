import { AttributeType, BillingMode, type ITable, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_KEYS, TTL_ATTRIBUTE } from '../lambda/store/table';
import { DEFAULT_REMOVAL_POLICY, type ServiceDefaults } from './service-defaults';

export interface TaskTableProps extends Pick<ServiceDefaults, 'removalPolicy'> {
  /**
   * Attach this existing table instead of creating one: the table a destroyed stack left behind (its name is the
   * `TableName` output the stack had), with the same keys and TTL. The stack never deletes or changes it.
   */
  readonly existingTableName?: string;
  /**
   * DynamoDB deletion protection on the table the stack creates. Off by default because CloudFormation cannot
   * delete a protected table when a first create fails, which would leave the stack in ROLLBACK_FAILED; turn it
   * on once the stack exists.
   * @default false
   */
  readonly deletionProtection?: boolean;
}

/**
 * The single table of streams, tasks and their history: on-demand, point-in-time recovery, encrypted with the
 * AWS managed key, and TTL on the attribute only staleness leases carry. Kept when the stack is deleted (unless
 * its first create failed), and attachable to a new stack with `existingTableName`.
 */
export class TaskTable extends Construct {
  public readonly table: ITable;

  constructor(scope: Construct, id: string, props: TaskTableProps = {}) {
    super(scope, id);
    if (props.existingTableName !== undefined) {
      this.table = Table.fromTableName(this, 'Table', props.existingTableName);
      return;
    }
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: props.removalPolicy ?? DEFAULT_REMOVAL_POLICY,
      deletionProtection: props.deletionProtection ?? false,
    });
  }
}
