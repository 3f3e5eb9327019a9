import { canonicalJson } from '../audit/audit-chain';
import { DomainError } from '../errors/domain-error';
import type { Control, Hazard } from './hazards';
import { RISK_RATINGS, type RiskRating } from './risk-matrix';

/**
 * Issued hazard log versions: frozen copies of every hazard and control that a CSO approves. An
 * approval never changes; a later edit makes the approved version stale instead.
 */

const VERSION_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export function parseLogVersion(version: string): readonly [major: number, minor: number] {
  const match = VERSION_PATTERN.exec(version);
  if (!match) throw new DomainError('invalid', 'hazard_log_invalid_version', `"${version}" is not a hazard log version like 1.0.`);
  return [Number(match[1]), Number(match[2])];
}

export function compareLogVersions(a: string, b: string): number {
  const [am, an] = parseLogVersion(a);
  const [bm, bn] = parseLogVersion(b);
  return am - bm || an - bn;
}

/** 1.0 first, then 1.1, 1.2 … (1.10 follows 1.9); a major issue starts the next whole number. */
export function nextLogVersion(existing: readonly string[], kind: 'minor' | 'major' = 'minor'): string {
  if (existing.length === 0) return '1.0';
  const [major, minor] = parseLogVersion([...existing].sort(compareLogVersions).at(-1)!);
  return kind === 'major' ? `${major + 1}.0` : `${major}.${minor + 1}`;
}

export interface HazardLogVersion {
  readonly version: string;
  readonly changeSummary: string;
  readonly issuedAt: string;
  readonly issuedBy: string;
  readonly hazards: readonly Hazard[];
  readonly controls: readonly Control[];
}

/** A deep copy of plain data (strings, numbers, arrays, objects): all a hazard log holds. */
const copyPlain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function issueLogVersion(input: {
  readonly existingVersions: readonly string[];
  readonly kind?: 'minor' | 'major';
  readonly changeSummary: string;
  readonly issuedAt: string;
  readonly issuedBy: string;
  readonly hazards: readonly Hazard[];
  readonly controls: readonly Control[];
}): HazardLogVersion {
  const changeSummary = input.changeSummary.trim();
  if (!changeSummary) throw new DomainError('invalid', 'hazard_log_change_summary_required', 'Summarise what changed in this hazard log version.');
  const numbers = input.hazards.map((h) => h.number);
  const duplicate = numbers.find((n, i) => numbers.indexOf(n) !== i);
  if (duplicate) throw new DomainError('invalid', 'hazard_log_duplicate_hazard', `${duplicate} appears twice in the hazard log.`, { number: duplicate });
  const controlIds = new Set(input.controls.map((c) => c.id));
  const dangling = input.hazards.flatMap((h) => h.controlIds.filter((id) => !controlIds.has(id)).map((id) => ({ number: h.number, controlId: id })));
  if (dangling.length) throw new DomainError('invalid', 'hazard_log_missing_control', `${dangling[0]!.number} names a control that is not in the log.`, { dangling });
  // Copies, so later edits to the live log cannot reach the issued one.
  return deepFreeze({
    version: nextLogVersion(input.existingVersions, input.kind),
    changeSummary,
    issuedAt: input.issuedAt,
    issuedBy: input.issuedBy,
    hazards: copyPlain([...input.hazards].sort((a, b) => a.number.localeCompare(b.number, 'en', { numeric: true }))),
    controls: copyPlain([...input.controls]),
  });
}

export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface RatingChange {
  readonly number: string;
  readonly phase: 'initial' | 'residual';
  readonly before: RiskRating | null;
  readonly after: RiskRating | null;
}

export interface HazardLogDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly { readonly number: string; readonly changes: readonly FieldChange[] }[];
  readonly ratingChanges: readonly RatingChange[];
  readonly controlsAdded: readonly string[];
  readonly controlsRemoved: readonly string[];
  readonly controlsChanged: readonly { readonly id: string; readonly changes: readonly FieldChange[] }[];
}

// Key order does not count: a version read back from storage (PostgreSQL jsonb reorders keys) must
// equal the live log it was frozen from.
const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

function fieldChanges<T extends object>(before: T, after: T): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return fields.flatMap((field) => {
    const b = (before as Record<string, unknown>)[field] ?? null;
    const a = (after as Record<string, unknown>)[field] ?? null;
    return same(b, a) ? [] : [{ field, before: b, after: a }];
  });
}

function compareSets<T>(from: readonly T[], to: readonly T[], key: (item: T) => string) {
  const before = new Map(from.map((item) => [key(item), item]));
  const after = new Map(to.map((item) => [key(item), item]));
  return {
    added: [...after.keys()].filter((k) => !before.has(k)),
    removed: [...before.keys()].filter((k) => !after.has(k)),
    both: [...after.keys()].filter((k) => before.has(k)).map((k) => [k, before.get(k)!, after.get(k)!] as const),
  };
}

/** What changed from one set of hazards and controls to another; withdrawal shows as a changed field. */
export function diffHazardLogs(from: Pick<HazardLogVersion, 'hazards' | 'controls'>, to: Pick<HazardLogVersion, 'hazards' | 'controls'>): HazardLogDiff {
  const hazards = compareSets(from.hazards, to.hazards, (h) => h.number);
  const controls = compareSets(from.controls, to.controls, (c) => c.id);
  const ratingChanges: RatingChange[] = [];
  const changed = hazards.both.flatMap(([number, before, after]) => {
    for (const phase of ['initial', 'residual'] as const) {
      const b = before[phase]?.rating ?? null;
      const a = after[phase]?.rating ?? null;
      if (a !== b) ratingChanges.push({ number, phase, before: b, after: a });
    }
    const changes = fieldChanges(before, after);
    return changes.length ? [{ number, changes }] : [];
  });
  const controlsChanged = controls.both.flatMap(([id, before, after]) => {
    const changes = fieldChanges(before, after);
    return changes.length ? [{ id, changes }] : [];
  });
  return { added: hazards.added, removed: hazards.removed, changed, ratingChanges, controlsAdded: controls.added, controlsRemoved: controls.removed, controlsChanged };
}

export function isEmptyDiff(diff: HazardLogDiff): boolean {
  return [diff.added, diff.removed, diff.changed, diff.controlsAdded, diff.controlsRemoved, diff.controlsChanged].every((list) => list.length === 0);
}

/** An approved version is stale as soon as the live log differs from it in any way. */
export function isVersionStale(version: Pick<HazardLogVersion, 'hazards' | 'controls'>, live: Pick<HazardLogVersion, 'hazards' | 'controls'>): boolean {
  return !isEmptyDiff(diffHazardLogs(version, live));
}

export type ResidualRiskProfile = Readonly<Record<RiskRating, number>> & { readonly unrated: number };

/** Hazards by residual rating, as a sign-off records them; withdrawn hazards carry no risk. */
export function residualRiskProfile(hazards: readonly Hazard[]): ResidualRiskProfile {
  const profile = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, unrated: 0 };
  for (const hazard of hazards) {
    if (hazard.withdrawnReason !== null) continue;
    if (hazard.residual && RISK_RATINGS.includes(hazard.residual.rating)) profile[hazard.residual.rating] += 1;
    else profile.unrated += 1;
  }
  return profile;
}
