import { ProviderSuppliers1795338000000 } from './1795338000000-provider-suppliers';
import { Identity1795339000000 } from './1795339000000-identity';
import { Journeys1795340000000 } from './1795340000000-journeys';
import { ScalTemplates1795341000000 } from './1795341000000-scal-templates';
import { Scals1795342000000 } from './1795342000000-scals';
import { Evidence1795343000000 } from './1795343000000-evidence';
import { ScalReviews1795344000000 } from './1795344000000-scal-reviews';
import { ClinicalSafety1795345000000 } from './1795345000000-clinical-safety';
import { Reminders1795346000000 } from './1795346000000-reminders';
import { ReminderNotifications1795348000000 } from './1795348000000-reminder-notifications';
import { ReminderDigests1795348500000 } from './1795348500000-reminder-digests';
import { Timeline1795349000000 } from './1795349000000-timeline';
import { ExecutiveReports1795350000000 } from './1795350000000-executive-reports';
import { HazardMechanisms1795351000000 } from './1795351000000-hazard-mechanisms';
import { ScalImportRuns1795352000000 } from './1795352000000-scal-import-runs';
import { ReminderBatches1795353000000 } from './1795353000000-reminder-batches';
import { JourneyFollowers1795354000000 } from './1795354000000-journey-followers';
import { ScalWorkbooks1796694749227 } from './1796694749227-scal-workbooks';
import { IdentityIsolation1796695000000 } from './1796695000000-identity-isolation';
import { AuditCheckpoints1796695899253 } from './1796695899253-audit-checkpoints';

/** Every migration in order. Never edit one that has landed: add a new one (expand, then contract). */
export const MIGRATIONS = [ProviderSuppliers1795338000000, Identity1795339000000, Journeys1795340000000, ScalTemplates1795341000000, Scals1795342000000, Evidence1795343000000, ScalReviews1795344000000, ClinicalSafety1795345000000, Reminders1795346000000, ReminderNotifications1795348000000, ReminderDigests1795348500000, Timeline1795349000000, ExecutiveReports1795350000000, HazardMechanisms1795351000000, ScalImportRuns1795352000000, ReminderBatches1795353000000, JourneyFollowers1795354000000, ScalWorkbooks1796694749227, IdentityIsolation1796695000000, AuditCheckpoints1796695899253];
