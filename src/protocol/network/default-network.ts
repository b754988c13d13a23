/**
 * The default network world (default-world.json): reserved names only (RFC
 * 2606) and documentation addresses (RFC 5737, RFC 3849). Carol, at
 * elsewhere.test, writes from her MUA through her submission server to
 * example.test, whose mail goes to mx1 (preference 10) or the backup mx2 (20);
 * elsewhere.test has no MX (its A record is an implicit MX), nomail.test a null MX.
 */
import data from './default-world.json';
import { parseNetwork } from './parse.ts';
import type { Network } from './types.ts';

export const DEFAULT_NETWORK_DATA: unknown = data;

function load(): Network {
  const parsed = parseNetwork(data);
  if (!parsed.ok)
    throw new Error(
      `default-world.json: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  return parsed.network;
}

export const DEFAULT_NETWORK: Network = load();
