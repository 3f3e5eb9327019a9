/**
 * The audit trail's tamper evidence. Each organisation's events form a chain: an event's hash
 * covers its own content and the previous event's hash, so editing, removing or reordering any
 * past event breaks every link after it. Hashing itself (SHA-256) is done by the caller.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type FieldChanges = Record<string, { before?: unknown; after?: unknown }>;

export interface ChainedAuditEvent {
  organisationId: string;
  seq: number;
  occurredAt: string; // ISO 8601, UTC, millisecond precision
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: FieldChanges | null;
  requestId: string | null;
  ip: string | null;
}

/** JSON with keys sorted at every depth: the same event always serialises to the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The canonical event without its sequence number (the database assigns that under the lock). */
export function canonicalBody(event: Omit<ChainedAuditEvent, 'seq'> & { seq?: number }): string {
  const { seq: _seq, ...body } = event;
  return canonicalJson(body);
}

/**
 * The exact text hashed for an event: previous hash, sequence number and canonical body, one per
 * line. The database computes the same (`audit_append`), so appending takes one round trip.
 */
export function chainInput(prevHash: string, event: ChainedAuditEvent): string {
  return `${prevHash}\n${event.seq}\n${canonicalBody(event)}`;
}

export type ChainBreak = { seq: number; id: string; reason: string };

export interface StoredAuditEvent extends ChainedAuditEvent {
  id: string;
  prevHash: string;
  hash: string;
}

/**
 * Walks events in `seq` order (as stored, one organisation) and returns the first broken link:
 * a gap or repeat in the sequence, a `prevHash` that is not the previous event's hash, or a hash
 * that does not match the content.
 */
export function findChainBreak(
  events: Iterable<StoredAuditEvent>,
  sha256: (input: string) => string,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainBreak | null {
  let expectedSeq = start.seq + 1;
  let previous = start.hash;
  for (const stored of events) {
    const { id, prevHash, hash, ...event } = stored;
    if (event.seq !== expectedSeq) return { seq: event.seq, id, reason: `expected event #${expectedSeq}, found #${event.seq}` };
    if (prevHash !== previous) return { seq: event.seq, id, reason: 'does not link to the previous event' };
    if (sha256(chainInput(prevHash, event)) !== hash) return { seq: event.seq, id, reason: 'content does not match its hash' };
    previous = hash;
    expectedSeq++;
  }
  return null;
}

/**
 * The fields that differ between two versions of a record, with before and after values.
 * Fields listed in `redact` are recorded as changed without their values (e.g. password hashes).
 */
export function diffFields<T extends Record<string, unknown>>(
  before: Partial<T> | null,
  after: Partial<T> | null,
  redact: readonly string[] = [],
): FieldChanges | null {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChanges = {};
  for (const key of [...keys].sort()) {
    const b = before?.[key];
    const a = after?.[key];
    if (canonicalJson(b) === canonicalJson(a)) continue;
    changes[key] = redact.includes(key) ? { before: b === undefined ? undefined : '[redacted]', after: a === undefined ? undefined : '[redacted]' } : { before: b ?? null, after: a ?? null };
  }
  return Object.keys(changes).length === 0 ? null : changes;
}
