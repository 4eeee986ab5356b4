/**
 * The router's table read against AWS's own service models (clients/models, unchanged copies): every operation
 * of both services answers, under the X-Amz-Target its clients send, and meets the home region as the model's
 * error list and the user guide say.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operations } from '../../lambda/operations';

interface ServiceModel {
  metadata: { targetPrefix: string };
  operations: Record<string, { errors?: { shape: string }[] }>;
}

const models: ServiceModel[] = ['mgh-2017-05-31', 'migrationhub-config-2019-06-30'].map(
  (name) =>
    JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'clients', 'models', `${name}.service-2.json`), 'utf8'),
    ) as ServiceModel,
);

const modeled = models.flatMap((model) =>
  Object.entries(model.operations).map(([name, operation]) => ({
    target: `${model.metadata.targetPrefix}.${name}`,
    errors: (operation.errors ?? []).map((error) => error.shape),
  })),
);

test('every operation of both models is routed, and nothing else is', () => {
  expect([...operations.keys()].sort()).toEqual(modeled.map((operation) => operation.target).sort());
});

test.each(modeled)(
  '$target raises HomeRegionNotSetException exactly where its model lists it',
  ({ target, errors }) => {
    expect(operations.get(target)?.homeRegion.needsHomeRegion).toBe(
      errors.includes('HomeRegionNotSetException'),
    );
  },
);

test('Migration Hub writes answer in the home region only; reads and DeleteProgressUpdateStream in any', () => {
  const anyRegion = [...operations.values()]
    .filter((operation) => !operation.homeRegion.homeRegionOnly)
    .map((operation) => operation.name);
  const writes = [...operations.values()].filter((operation) => operation.access === 'write');
  for (const operation of writes) {
    if (operation.xAmzTarget.startsWith('AWSMigrationHub.')) {
      expect([operation.name, operation.homeRegion.homeRegionOnly]).toEqual([
        operation.name,
        operation.name !== 'DeleteProgressUpdateStream',
      ]);
    }
  }
  for (const operation of operations.values()) {
    if (operation.access === 'read') expect(anyRegion).toContain(operation.name);
  }
});
