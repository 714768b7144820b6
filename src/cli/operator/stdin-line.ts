/**
 * The first line of standard input, trimmed; undefined when stdin is a terminal (reading there
 * would echo a secret as it is typed) or holds nothing.
 */
export async function readStdinLine(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  process.stdin.setEncoding('utf8');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/, 1)[0]?.trim() ?? '';
  return line === '' ? undefined : line;
}
