import {
  GetSecretValueCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import { messageOf, OmniError } from '../util/omni-error.js';
import { parseTokenMap } from './bearer-tokens.js';

const SOURCE = 'OMNIGRAPH_SERVER_BEARER_TOKENS_AWS_SECRET';

/**
 * The `{actor: token}` pairs of an AWS Secrets Manager secret whose `SecretString` is a JSON
 * object. `client` configures the SDK (region, endpoint, credentials); unset fields follow the
 * SDK's own resolution.
 */
export async function secretTokenPairs(
  secretId: string,
  client: SecretsManagerClientConfig = {},
): Promise<[string, string][]> {
  const secrets = new SecretsManagerClient(client);
  try {
    const secret = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (secret.SecretString === undefined) {
      throw new OmniError('configuration', `secret '${secretId}' has no SecretString`, {
        details: { setting: SOURCE },
      });
    }
    return parseTokenMap(secret.SecretString, `secret '${secretId}'`);
  } catch (error) {
    if (error instanceof OmniError) throw error;
    throw new OmniError(
      'configuration',
      `cannot read secret '${secretId}' from AWS Secrets Manager: ${messageOf(error)}`,
      { details: { setting: SOURCE }, cause: error },
    );
  } finally {
    secrets.destroy();
  }
}
