import { EMBEDDING_PROVIDERS, type EmbeddingProviderName } from '../../api/index.js';
import { errorAt, type DiagnosticCode } from '../diagnostic.js';
import type { EmbeddingProfile } from './cluster-config.js';
import type { YamlPath } from './config-yaml.js';
import { EMBEDDING_PROFILE_SHAPE, PROVIDERS_SHAPE, type ProfileInput } from './config-shapes.js';
import { withClosest } from './did-you-mean.js';
import { checkResourceId } from './resource-id.js';
import { checkShape, valueAt, type CheckContext } from './shape-check.js';

/** The embedding providers `providers.embedding` declares. */
export interface DeclaredProviders {
  /** Every declared name, valid or not, so references to a broken one are not dangling. */
  readonly names: ReadonlySet<string>;
  /** The profiles that passed every check, by name. */
  readonly profiles: ReadonlyMap<string, EmbeddingProfile>;
}

// A key is a reference to the environment, resolved by the server at boot; an inline secret in
// a file that is committed to git is refused.
const ENV_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

/** Checks `providers` and each embedding profile in it. */
export function checkEmbeddingProviders(
  context: CheckContext,
  declared: unknown,
): DeclaredProviders {
  if (declared === undefined) return { names: new Set(), profiles: new Map() };
  checkShape(context, PROVIDERS_SHAPE, ['providers'], { code: 'invalid_cluster_yaml' });
  // Profiles are checked even when `providers` has another problem, such as an unknown key.
  const embedding = valueAt(context.yaml.value, ['providers', 'embedding']);
  const names = isMap(embedding) ? Object.keys(embedding) : [];
  const profiles = new Map<string, EmbeddingProfile>();
  for (const name of names) {
    const path = ['providers', 'embedding', name];
    const validId = checkResourceId(context, path, 'embedding provider');
    const input = checkShape(context, EMBEDDING_PROFILE_SHAPE, path, {
      code: 'invalid_embedding_provider',
    });
    const profile = input && checkProfile(context, path, input);
    if (validId && profile !== undefined) profiles.set(name, profile);
  }
  return { names: new Set(names), profiles };
}

/** The profile of a well-shaped entry, or undefined after reporting what is wrong with it. */
function checkProfile(
  context: CheckContext,
  path: YamlPath,
  input: ProfileInput,
): EmbeddingProfile | undefined {
  const before = context.diagnostics.length;
  const name = String(path[path.length - 1]);
  const report = (code: DiagnosticCode, field: string | undefined, problem: string): void => {
    const at = field === undefined ? path : [...path, field];
    const message = `embedding provider '${name}' ${problem}`;
    context.diagnostics.push(errorAt(code, context.yaml.at(at), message));
  };
  const kind = checkKind(input, report);
  const urlProblem = input.base_url === undefined ? undefined : baseUrlProblem(input.base_url);
  if (urlProblem !== undefined) report('invalid_embedding_provider', 'base_url', urlProblem);
  if (input.model?.trim() === '')
    report('invalid_embedding_provider', 'model', 'has an empty model');
  if (input.api_key !== undefined && !ENV_REFERENCE.test(input.api_key)) {
    // The value is never echoed: it may be the secret itself.
    const problem =
      'must name its api_key as ${VAR_NAME}, an environment variable, not hold the key itself';
    report('embedding_api_key_inline', 'api_key', problem);
  }
  if (input.api_key === undefined && kind !== undefined && kind !== 'mock') {
    const problem = `(${kind}) needs api_key: \${VAR_NAME}, naming the environment variable that holds the key`;
    report('embedding_api_key_required', undefined, problem);
  }
  if (kind === undefined || context.diagnostics.length > before) return undefined;
  return {
    kind,
    ...(input.base_url === undefined ? {} : { base_url: input.base_url }),
    ...(input.model === undefined ? {} : { model: input.model }),
    ...(input.api_key === undefined ? {} : { api_key: input.api_key }),
  };
}

type Report = (code: DiagnosticCode, field: string | undefined, problem: string) => void;

/** `kind`, or its alias `provider`; `openai-compatible` when neither is given. */
function checkKind(input: ProfileInput, report: Report): EmbeddingProviderName | undefined {
  if (input.kind !== undefined && input.provider !== undefined) {
    report('invalid_embedding_provider', 'provider', "sets both 'kind' and its alias 'provider'");
  }
  const given = input.kind ?? input.provider;
  if (given === undefined) return 'openai-compatible';
  const kind = EMBEDDING_PROVIDERS.find((known) => known === given);
  if (kind !== undefined) return kind;
  const problem = `has unknown kind '${given}' (one of ${EMBEDDING_PROVIDERS.join(', ')})`;
  report(
    'invalid_embedding_provider',
    input.kind === undefined ? 'provider' : 'kind',
    withClosest(problem, given, EMBEDDING_PROVIDERS),
  );
  return undefined;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function baseUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `has base_url '${text}', which is not a URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `has base_url '${text}'; it must be an http:// or https:// URL`;
  }
  // Not echoed: credentials in a URL are secrets.
  if (url.username !== '' || url.password !== '')
    return 'has a base_url with credentials; pass secrets through the environment';
  return undefined;
}
