import { Stack, Validations } from 'aws-cdk-lib';
import {
  type IEventBus,
  Rule,
  RuleTargetInput,
  type RuleTargetInputProperties,
} from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { EVENT_SOURCE, RECOVERED_DETAIL_TYPE, STALE_DETAIL_TYPE } from '../lambda/staleness/events';

/** Who hears of something: an address the stack subscribes to a topic it creates, or a topic you already have. */
export interface NotificationTarget {
  /** Subscribed to a new topic; SNS mails the address once to confirm the subscription. */
  readonly email?: string;
  /** An existing SNS topic in the stack's account and region, used as it is. */
  readonly topicArn?: string;
}

export interface NotificationTopicProps extends NotificationTarget {
  /** Shown as the sender of the mails. */
  readonly displayName: string;
  /**
   * A service that publishes to the topic without a grant of its own, and the ARNs it publishes from (its
   * `aws:SourceArn`): CloudWatch for alarms. The topic's policy, which replaces SNS's default one, allows it.
   */
  readonly publisher?: { readonly service: string; readonly sourceArn: string };
}

/** The SNS topic behind a NotificationTarget. */
export class NotificationTopic extends Construct {
  public readonly topic: ITopic;

  constructor(scope: Construct, id: string, props: NotificationTopicProps) {
    super(scope, id);
    if (props.topicArn) {
      this.topic = Topic.fromTopicArn(this, 'Topic', props.topicArn);
      return;
    }
    const topic = new Topic(this, 'Topic', { displayName: props.displayName, enforceSSL: true });
    if (props.email) topic.addSubscription(new EmailSubscription(props.email));
    if (props.publisher) {
      topic.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal(props.publisher.service)],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
            ArnLike: { 'aws:SourceArn': props.publisher.sourceArn },
          },
        }),
      );
    }
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SNS2',
      reason:
        'The topic carries alarm states and stale-task notices (stream and task names, a status) to mail, which ' +
        'is not encrypted either. Server-side encryption would need a customer managed KMS key whose policy admits ' +
        'CloudWatch and EventBridge; give alarmTopicArn or staleTaskTopicArn to use an encrypted topic of your own.',
    });
    this.topic = topic;
  }
}

/**
 * A mail's text as an EventBridge input template: `<name>` placeholders filled from the event's paths. The
 * template is plain text, not JSON, so EventBridge delivers it as it is (RuleTargetInput.fromText would quote
 * it). Only members every event of its type carries are used: a missing path would leave a gap.
 */
export interface TextMessage {
  readonly template: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** What every message names first (the task) and last (where, and the id to de-duplicate on). */
const TASK = 'Migration task <task> in stream <stream> (account <account>)';
const TRAILER = 'Region <region>. Event id <eventId>.';
const COMMON_FIELDS = {
  task: '$.detail.migrationTaskName',
  stream: '$.detail.progressUpdateStream',
  account: '$.detail.accountId',
  region: '$.region',
  eventId: '$.detail.eventId',
};

export const STALE_TASK_MESSAGE: TextMessage = {
  template: [
    `${TASK} is stale: <overdue> s overdue.`,
    'Its last update, at <updated>, said <status> and promised the next within <nextUpdate> s (deadline <deadline>).',
    TRAILER,
  ].join('\n'),
  fields: {
    ...COMMON_FIELDS,
    overdue: '$.detail.overdueSeconds',
    updated: '$.detail.updateDateTime',
    status: '$.detail.lastState.Status',
    nextUpdate: '$.detail.nextUpdateSeconds',
    deadline: '$.detail.deadline',
  },
};

export const RECOVERED_TASK_MESSAGE: TextMessage = {
  template: [
    `${TASK} is reporting again.`,
    'It had been stale since <staleSince>: its update of <staleUpdate> missed its deadline.',
    TRAILER,
  ].join('\n'),
  fields: {
    ...COMMON_FIELDS,
    staleSince: '$.detail.staleSince',
    staleUpdate: '$.detail.staleUpdateDateTime',
  },
};

class TextInput extends RuleTargetInput {
  constructor(private readonly message: TextMessage) {
    super();
  }

  bind(): RuleTargetInputProperties {
    return { inputTemplate: this.message.template, inputPathsMap: { ...this.message.fields } };
  }
}

export interface StaleTaskNotificationsProps {
  /** The bus the sweeper publishes to. */
  readonly eventBus: IEventBus;
  readonly topic: ITopic;
}

/**
 * Every "Migration Task Stale" and "Migration Task Recovered" event the sweeper publishes, sent to a topic as a
 * readable message: one rule per event type, each with its own text.
 */
export class StaleTaskNotifications extends Construct {
  public readonly staleRule: Rule;
  public readonly recoveredRule: Rule;

  constructor(scope: Construct, id: string, props: StaleTaskNotificationsProps) {
    super(scope, id);
    const rule = (ruleId: string, detailType: string, message: TextMessage) =>
      new Rule(this, ruleId, {
        description: `Mail every '${detailType}' event of ${Stack.of(this).stackName}`,
        eventBus: props.eventBus,
        eventPattern: { source: [EVENT_SOURCE], detailType: [detailType] },
        targets: [new SnsTopic(props.topic, { message: new TextInput(message) })],
      });
    this.staleRule = rule('Stale', STALE_DETAIL_TYPE, STALE_TASK_MESSAGE);
    this.recoveredRule = rule('Recovered', RECOVERED_DETAIL_TYPE, RECOVERED_TASK_MESSAGE);
  }
}
