import { Injectable } from '@nestjs/common';
import type { ScalEvidenceReference } from '@pairline/contracts';
import type { EntityManager } from 'typeorm';

/** Evidence linked to a SCAL's requirements, by requirement identifier, as it stands now. */
export type ScalEvidenceLoader = (manager: EntityManager, scal: { readonly id: string; readonly organisationId: string }) => Promise<ReadonlyMap<string, readonly ScalEvidenceReference[]>>;

/**
 * Where snapshots and exports get each requirement's evidence references. The SCAL feature does
 * not know how evidence is stored: the evidence feature registers its loader from its module's
 * `onModuleInit` (as features register journey gates), so neither module imports the other's
 * internals and there is no cycle. Until one is registered, requirements have no evidence.
 */
@Injectable()
export class ScalEvidenceReferences {
  private loader: ScalEvidenceLoader | null = null;

  register(loader: ScalEvidenceLoader): void {
    this.loader = loader;
  }

  async load(manager: EntityManager, scal: { readonly id: string; readonly organisationId: string }): Promise<ReadonlyMap<string, readonly ScalEvidenceReference[]>> {
    return this.loader ? this.loader(manager, scal) : new Map();
  }
}

/**
 * How an evidence reference reads in an exported cell: enough for NHS England to match the file
 * sent, and said plainly when the evidence had expired on `today` (the export's date, or the
 * snapshot's), as the app flags it: a reviewer must not take lapsed evidence for current.
 */
export function evidenceLine(reference: ScalEvidenceReference, today: string): string {
  const files = reference.files.map((f) => `${f.name} sha256:${f.sha256}`).join('; ');
  const line = files ? `${reference.label} (${files})` : reference.label;
  return reference.expiresOn && reference.expiresOn < today ? `EXPIRED ${reference.expiresOn}: ${line}` : line;
}
