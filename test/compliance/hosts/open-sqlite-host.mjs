// The module the compliance kit's rebuild imports in a separate process (KitOptions.rebuildProcess): it opens the host's
// engine at the location dataFolder gave. Plain JavaScript, run by node itself, on the built packages (npm run build).
import { join } from 'node:path';
import { openSqliteEngine } from '@vaxledger/adapters';
import { hostAuthenticated } from '@vaxledger/domain';

export async function openEngine(tenant, location) {
  // The rebuild and verify act for no operator: the host's sign-on does not matter here.
  return openSqliteEngine({ file: join(location, 'store.db'), tenant, authenticator: hostAuthenticated });
}
