import { findChainBreak, GENESIS_HASH, type ChainBreak, type StoredAuditEvent } from './audit-chain';

/**
 * Signed checkpoints anchor an organisation's audit chain: the head (sequence number and hash)
 * at a moment, signed with a key the database never holds (Ed25519). The hash chain alone shows
 * an edited or removed event, but not a cut-off head, nor a chain rewritten and re-hashed from
 * some event on: a checkpoint does. Signing and checking signatures is the caller's (I/O-free
 * here, like hashing).
 */
export interface AuditCheckpoint {
  readonly id: string;
  readonly organisationId: string;
  readonly seq: number;
  readonly hash: string;
  /** ISO 8601, UTC. */
  readonly signedAt: string;
  /** Which key signed it (see `auditKeyId`). */
  readonly keyId: string;
  /** Ed25519 signature of `checkpointMessage`, base64. */
  readonly signature: string;
}

/** The exact bytes signed: versioned, one field a line, nothing a client chooses. */
export function checkpointMessage(checkpoint: Pick<AuditCheckpoint, 'organisationId' | 'seq' | 'hash' | 'signedAt'>): string {
  return `pairline-audit-checkpoint-v1\n${checkpoint.organisationId}\n${checkpoint.seq}\n${checkpoint.hash}\n${checkpoint.signedAt}`;
}

export interface CheckpointContradiction {
  readonly checkpointId: string;
  readonly seq: number;
  readonly signedAt: string;
  readonly reason: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBroken: ChainBreak | null;
  /** The newest checkpoint the chain was held against (null: none yet). */
  readonly latestCheckpoint: Pick<AuditCheckpoint, 'id' | 'seq' | 'hash' | 'signedAt' | 'keyId'> | null;
  /** The first checkpoint the chain does not match: cut short, rewritten, or a signature that fails. */
  readonly contradictedCheckpoint: CheckpointContradiction | null;
}

const contradiction = (checkpoint: AuditCheckpoint, reason: string): CheckpointContradiction => ({ checkpointId: checkpoint.id, seq: checkpoint.seq, signedAt: checkpoint.signedAt, reason });

/**
 * Checks one organisation's chain, fed in `seq` order in batches (so a long trail is never held
 * whole), against its checkpoints: every link and hash (`findChainBreak`), every checkpoint's
 * signature, and at every checkpoint's sequence number the event's hash the checkpoint signed.
 * A checkpoint past the end of the chain means events were removed from its head.
 */
export class AuditTrailVerifier {
  private readonly checkpoints: AuditCheckpoint[];
  private start = { seq: 0, hash: GENESIS_HASH };
  private checked = 0;
  private broken: ChainBreak | null = null;
  private contradicted: CheckpointContradiction | null = null;
  private next = 0;

  constructor(
    organisationId: string,
    checkpoints: readonly AuditCheckpoint[],
    private readonly sha256: (input: string) => string,
    signatureValid: (checkpoint: AuditCheckpoint) => boolean,
  ) {
    this.checkpoints = [...checkpoints].sort((a, b) => a.seq - b.seq || a.signedAt.localeCompare(b.signedAt));
    for (const checkpoint of this.checkpoints) {
      if (checkpoint.organisationId !== organisationId) this.contradicted ??= contradiction(checkpoint, 'belongs to another organisation');
      else if (!signatureValid(checkpoint)) this.contradicted ??= contradiction(checkpoint, 'its signature does not verify with any trusted key');
    }
  }

  get done(): boolean {
    return this.broken !== null || this.contradicted !== null;
  }

  push(events: readonly StoredAuditEvent[]): void {
    if (this.done || events.length === 0) return;
    const broken = findChainBreak(events, this.sha256, this.start);
    const good = broken ? events.slice(0, events.findIndex((e) => e.id === broken.id)) : events;
    for (const event of good) {
      while (this.next < this.checkpoints.length && this.checkpoints[this.next].seq <= event.seq) {
        const checkpoint = this.checkpoints[this.next++];
        if (checkpoint.seq === event.seq && checkpoint.hash !== event.hash) {
          this.contradicted = contradiction(checkpoint, `event #${event.seq} is not the one this checkpoint signed: the chain was rewritten from there or earlier`);
          this.checked += good.indexOf(event);
          return;
        }
      }
    }
    this.checked += good.length;
    if (broken) {
      this.broken = broken;
      return;
    }
    const last = events[events.length - 1];
    this.start = { seq: last.seq, hash: last.hash };
  }

  result(): AuditVerification {
    const latest = this.checkpoints[this.checkpoints.length - 1];
    let contradicted = this.contradicted;
    if (!contradicted && !this.broken && this.next < this.checkpoints.length) {
      const beyond = this.checkpoints[this.next];
      contradicted = contradiction(beyond, `the chain ends at event #${this.start.seq}, but this checkpoint signed event #${beyond.seq}: events were removed from the end`);
    }
    return {
      ok: !this.broken && !contradicted,
      checked: this.checked,
      firstBroken: this.broken,
      latestCheckpoint: latest ? { id: latest.id, seq: latest.seq, hash: latest.hash, signedAt: latest.signedAt, keyId: latest.keyId } : null,
      contradictedCheckpoint: contradicted,
    };
  }
}

/** A self-contained export of one organisation's trail: what the offline verifier reads. */
export interface AuditTrailExport {
  readonly format: 'pairline-audit-trail-v1';
  readonly organisationId: string;
  readonly exportedAt: string;
  readonly events: readonly StoredAuditEvent[];
  readonly checkpoints: readonly AuditCheckpoint[];
}
