// Request ids the inference listener makes up (when a client sends none) are UUID version 7
// (RFC 9562 §5.7): 48 bits of Unix milliseconds, then random bits. They sort by time, so the
// prediction log's request-id index grows at its right edge; random (version 4) ids landed on a
// random index page each, and rewriting those pages was most of the log writer's work.
import { randomFillSync } from 'node:crypto';

/** Random bytes are drawn in bulk: one getrandom call per 256 ids instead of one per id. */
const pool = Buffer.allocUnsafe(10 * 256);
let offset = pool.length;

export function timeOrderedId(now = Date.now()): string {
  if (offset + 10 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const random = pool.toString('hex', offset, offset + 10);
  offset += 10;
  const time = now.toString(16).padStart(12, '0');
  // Version nibble 7; variant bits 10 in the first nibble of the fourth group.
  const variant = ((parseInt(random[3], 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(0, 3)}-${variant}${random.slice(4, 7)}-${random.slice(7, 19)}`;
}
