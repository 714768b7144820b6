/**
 * Prints process warnings as Node does, except the AWS SDK's notice that its future releases
 * will need Node 22: it fires on every S3 client creation and says nothing a user of this
 * build can act on.
 */
export function quietenSdkNodeVersionWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.message.startsWith('NodeVersionSupportWarning')) return;
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
  });
}
