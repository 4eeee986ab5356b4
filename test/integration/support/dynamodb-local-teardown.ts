export default async function teardown(): Promise<void> {
  const child = globalThis.dynamoDbLocal;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
