// Test helper: a port on this computer that nothing listens on.
import { createServer, type AddressInfo } from 'node:net';

/** A port nobody listens on (taken from the system, then let go): a server that cannot be reached. */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}
