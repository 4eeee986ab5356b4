/**
 * PutEvents faults a real bus cannot produce on demand: entries it accepts the request for but fails are sent
 * again, only those, and a publish that cannot deliver every entry rejects (so the sweep does not move on).
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { EventBridgePublisher } from '../../lambda/staleness/event-bridge-publisher';
import type { EventEntry } from '../../lambda/staleness/events';
import { FakeClock } from '../support/clock';

const eventBridge = mockClient(EventBridgeClient);
const client = new EventBridgeClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
});
const clock = new FakeClock();
const sleeps = clock.sleeps;

function publisher(attempts?: number): EventBridgePublisher {
  return new EventBridgePublisher({
    client,
    eventBusName: 'migrations',
    ...(attempts !== undefined && { attempts }),
    clock,
  });
}

function entry(n: number): EventEntry {
  return {
    Source: 'migration-hub',
    DetailType: 'Migration Task Stale',
    Detail: JSON.stringify({ n }),
    Time: new Date(0),
  };
}

function sentDetails(call: number): string[] {
  const input = eventBridge.commandCalls(PutEventsCommand)[call]?.args[0].input;
  return (input?.Entries ?? []).map((sent) => sent.Detail ?? '');
}

beforeEach(() => {
  eventBridge.reset();
  sleeps.length = 0;
});

test('entries go to the named bus, ten per request', async () => {
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map((_, i) => ({ EventId: `id-${i}` })),
  }));
  await publisher().publish(Array.from({ length: 23 }, (_, n) => entry(n)));
  const calls = eventBridge.commandCalls(PutEventsCommand);
  expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
  expect(calls[0]?.args[0].input.Entries?.[0]).toEqual({ ...entry(0), EventBusName: 'migrations' });
});

test('only the entries PutEvents failed are sent again, with backoff', async () => {
  eventBridge
    .on(PutEventsCommand)
    .resolvesOnce({
      FailedEntryCount: 2,
      Entries: [
        { EventId: 'a' },
        { ErrorCode: 'ThrottlingException' },
        { EventId: 'c' },
        { ErrorCode: 'InternalFailure' },
      ],
    })
    .resolvesOnce({ FailedEntryCount: 1, Entries: [{ EventId: 'b' }, { ErrorCode: 'InternalFailure' }] })
    .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: 'd' }] });
  await publisher().publish([entry(0), entry(1), entry(2), entry(3)]);
  expect(sentDetails(1)).toEqual([entry(1).Detail, entry(3).Detail]);
  expect(sentDetails(2)).toEqual([entry(3).Detail]);
  expect(sleeps).toEqual([200, 400]);
});

test('an entry still failing after the last attempt rejects the publish, naming the error', async () => {
  eventBridge
    .on(PutEventsCommand)
    .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
  await expect(publisher(3).publish([entry(0)])).rejects.toThrow(
    'PutEvents failed 1 of 1 entries after 3 attempts: InternalFailure',
  );
  expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
});

test('a request that fails outright rejects the publish', async () => {
  eventBridge.on(PutEventsCommand).rejects(new Error('connect ECONNREFUSED'));
  await expect(publisher().publish([entry(0)])).rejects.toThrow('ECONNREFUSED');
});
