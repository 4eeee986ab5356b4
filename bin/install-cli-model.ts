/**
 * `npm run install-cli-model [-- --uninstall]`: makes the AWS CLI and boto3 of this user ($HOME) sign Migration
 * Hub calls for `execute-api`, as a deployed stack's API Gateway requires (see README "Deploy" and
 * clients/aws-cli-model.ts).
 */
import { homedir } from 'node:os';
import { installCliModels, RefusedError, uninstallCliModels, WARNING } from '../clients/aws-cli-model';

const USAGE = 'usage: npm run install-cli-model [-- --uninstall]';

function main(args: readonly string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = args.filter((arg) => arg !== '--uninstall');
  if (unknown.length > 0) {
    console.error(`unknown argument ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  // os.homedir() is $HOME on Linux and macOS (USERPROFILE on Windows): where botocore looks, `~/.aws/models`.
  const home = homedir();
  try {
    if (args.includes('--uninstall')) {
      const lines = uninstallCliModels(home);
      for (const line of lines) console.log(line);
      if (!lines.some((line) => line.startsWith('left '))) {
        console.log('The AWS CLI and boto3 sign Migration Hub calls as they normally do (for mgh) again.');
      }
    } else {
      for (const line of installCliModels(home)) console.log(line);
      console.warn(WARNING);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof RefusedError)) throw error;
    console.error(error.message);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
