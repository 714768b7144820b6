import type { SettingsInput } from '../../api/settings.js';
import { Omnigraph, type OpenMode } from '../../engine/index.js';

/**
 * Opens the graph at `uri`, runs `fn` on it and closes it however `fn` ends, so no handle (and
 * no writer lease) outlives one step of a command.
 */
export async function withGraph<T>(
  uri: string,
  mode: OpenMode,
  settings: SettingsInput | undefined,
  fn: (graph: Omnigraph) => Promise<T>,
): Promise<T> {
  const graph = await Omnigraph.open(uri, {
    mode,
    ...(settings === undefined ? {} : { settings }),
  });
  try {
    return await fn(graph);
  } finally {
    await graph.close();
  }
}
