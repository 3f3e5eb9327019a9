import { Injectable } from '@nestjs/common';
import { permissionsOf } from '@pairline/contracts';
import type { Actor } from '../auth/actor';
import { tenantOf } from '../auth/actor';
import { Db } from '../database/db.service';
import { HazardLogVersionsService } from '../clinical-safety/hazard-log-versions.service';
import { HazardsService } from '../clinical-safety/hazards.service';
import { RiskPlansService } from '../clinical-safety/risk-plans.service';

const HAZARDS = [
  {
    name: 'Appointment booked for the wrong patient',
    description: 'A patient-facing booking is matched to another patient with similar demographics.',
    potentialClinicalImpact: 'The patient misses a follow-up; another patient receives an unexpected booking.',
    possibleCauses: ['Demographic match on name and date of birth only', 'NHS number not verified with PDS'],
    initial: { severity: 'considerable', likelihood: 'medium' },
    residual: { severity: 'considerable', likelihood: 'very_low' },
    controls: [
      { type: 'design', description: 'Match on verified NHS number from PDS before booking', evidence: 'Test report TR-014' },
      { type: 'test', description: 'Regression suite for demographic matching', evidence: 'CI run 2291' },
    ],
  },
  {
    name: 'Care plan shows out-of-date medication',
    description: 'The care plan view shows a medication the practice has since stopped.',
    potentialClinicalImpact: 'The patient continues a stopped medication.',
    possibleCauses: ['Cached record not refreshed', 'Stopped medications sent without an end date'],
    initial: { severity: 'major', likelihood: 'low' },
    residual: { severity: 'major', likelihood: 'very_low' },
    controls: [{ type: 'training', description: 'Practice staff guidance on refreshing the care plan', evidence: 'Training record TRN-07' }],
  },
  {
    name: 'Booking confirmation not received',
    description: 'The patient is told a booking succeeded when the GP system refused it.',
    potentialClinicalImpact: 'Delayed review of a long-term condition.',
    possibleCauses: ['Timeout treated as success'],
    initial: { severity: 'significant', likelihood: 'medium' },
    residual: { severity: 'significant', likelihood: 'low' },
    controls: [{ type: 'business_process_change', description: 'Reception reconciles failed bookings daily', evidence: null }],
  },
] as const;

/**
 * A small, approved hazard log for a demo product, made through the same services and audit trail
 * as real work. The sign-off is written as the demo CSO without re-entering a password: there is no
 * one at the keyboard during seeding, and the audit event records that it came from the seed.
 */
@Injectable()
export class DemoHazardLog {
  constructor(
    private readonly db: Db,
    private readonly plans: RiskPlansService,
    private readonly hazards: HazardsService,
    private readonly versions: HazardLogVersionsService,
  ) {}

  async seed(organisationId: string, productId: string, cso: { userId: string; email: string; name: string }): Promise<void> {
    const actor: Actor = { ...cso, organisationId, role: 'clinical_safety_officer', permissions: permissionsOf('clinical_safety_officer'), via: 'session', sessionId: null, tokenId: null, requestId: 'demo-seed', ip: null };
    await this.plans.putCso(actor, productId, { userId: cso.userId, name: cso.name, profession: 'General practitioner', registrationNumber: 'GMC 0000000 (demo)' });
    for (const h of HAZARDS) {
      const hazard = await this.hazards.create(actor, { productId, name: h.name, description: h.description, potentialClinicalImpact: h.potentialClinicalImpact, possibleCauses: [...h.possibleCauses], initial: { ...h.initial }, residual: { ...h.residual }, ownerUserId: cso.userId });
      for (const c of h.controls) {
        const control = await this.hazards.createControl(actor, { productId, type: c.type, description: c.description, hazardIds: [hazard.id] });
        if (c.evidence) await this.hazards.updateControl(actor, control.id, { status: 'verified', verificationReference: c.evidence, version: control.version });
      }
    }
    const version = await this.versions.issue(actor, { productId, changeSummary: 'First issue of the hazard log (demo)' });
    await this.db.transaction((manager) => this.versions.signOff(manager, actor, version.id, 'I approve this hazard log for the demo release.', 'demo_seed'), tenantOf(actor));
  }
}
