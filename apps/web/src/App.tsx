import type { Permission } from '@pairline/contracts';
import { Route } from 'react-router-dom';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import auditEvents from './audit-events';
import { authProvider, dataProvider, LoginPage } from './auth';
import blockingItems from './blocking-items';
import changeFreezes from './change-freezes';
import hazards, { ClinicalSafetyIndex, ClinicalSafetyPage, HazardLibraryPage, RiskPlanPage } from './clinical-safety';
import { Dashboard } from './dashboard/Dashboard';
import invitations from './invitations';
import { AcceptInvitationPage } from './invitations/AcceptInvitationPage';
import journeys from './journeys';
import { Layout } from './layout/Layout';
import { theme } from './layout/theme';
import members from './members';
import { OrganisationPage } from './organisation/OrganisationPage';
import { PortfolioPage } from './portfolio/PortfolioPage';
import products from './products';
import { ProfilePage } from './profile/ProfilePage';
import { NotificationsPage } from './notifications/NotificationsPage';
import providerSuppliers from './provider-suppliers';
import scalTemplates from './scal-templates';
import evidence from './evidence';
import { TimelinePage } from './timeline/TimelinePage';

/**
 * Resources and pages for the signed-in user's permissions in the current organisation (the API
 * enforces the same matrix; this only keeps the UI from offering what would be refused).
 */
const renderForPermissions = (permissions: Permission[] | undefined) => {
  const has = (permission: Permission) => (permissions ?? []).includes(permission);
  const write = has('journeys.write');
  return (
    <>
      {has('journeys.read') ? (
        <>
          <Resource name="products" {...products} create={write ? products.create : undefined} edit={write ? products.edit : undefined} />
          <Resource name="journeys" {...journeys} create={write ? journeys.create : undefined} />
          <Resource name="blocking-items" {...blockingItems} />
          <Resource
            name="change-freezes"
            {...changeFreezes}
            create={write ? changeFreezes.create : undefined}
            edit={write ? changeFreezes.edit : undefined}
          />
        </>
      ) : null}
      {has('scal.read') ? (
        <Resource name="scal-templates" {...scalTemplates} create={has('scal.write') ? scalTemplates.create : undefined} />
      ) : null}
      {has('evidence.read') ? <Resource name="evidence" {...evidence} create={has('evidence.write') ? evidence.create : undefined} /> : null}
      {has('hazards.read') ? (
        <>
          <Resource name="hazards" {...hazards} create={has('hazards.write') ? hazards.create : undefined} />
          <Resource name="hazard-controls" />
        </>
      ) : null}
      {has('reference.read') ? (
        <>
          <Resource name="provider-suppliers" {...providerSuppliers} />
          {/* Reference data read by the journey forms and filters: no pages of their own. */}
          <Resource name="mechanisms" recordRepresentation="name" />
          <Resource name="im1-availability" />
        </>
      ) : null}
      {has('members.read') ? (
        <Resource name="members" {...members} edit={has('members.manage') ? members.edit : undefined} />
      ) : null}
      {has('members.manage') ? <Resource name="invitations" {...invitations} /> : null}
      {has('audit.read') ? <Resource name="audit-events" {...auditEvents} /> : null}
      <CustomRoutes>
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="/notifications" element={<NotificationsPage />} />
        {has('journeys.read') ? <Route path="/portfolio" element={<PortfolioPage />} /> : null}
        {has('journeys.read') ? <Route path="/timeline" element={<TimelinePage />} /> : null}
        {has('hazards.read') ? <Route path="/clinical-safety" element={<ClinicalSafetyIndex />} /> : null}
        {has('hazards.read') ? <Route path="/clinical-safety/:productId" element={<ClinicalSafetyPage />} /> : null}
        {has('hazards.read') ? <Route path="/hazard-library" element={<HazardLibraryPage />} /> : null}
        {has('hazards.read') ? <Route path="/risk-plan" element={<RiskPlanPage />} /> : null}
        {has('organisation.read') ? <Route path="/organisation" element={<OrganisationPage />} /> : null}
      </CustomRoutes>
    </>
  );
};

/**
 * The API speaks the ra-data-simple-rest dialect (see libs/contracts/src/listing.ts) and serves this
 * app from the same origin. The session is an HttpOnly cookie; see src/auth for the CSRF header.
 */
export const App = () => (
  <Admin
    dataProvider={dataProvider}
    authProvider={authProvider}
    loginPage={LoginPage}
    dashboard={Dashboard}
    layout={Layout}
    theme={theme}
    title="Pairline"
    requireAuth
    disableTelemetry
  >
    {/* Public: the link in the invitation email, opened before the invitee has an account. */}
    <CustomRoutes noLayout>
      <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
    </CustomRoutes>
    {renderForPermissions}
  </Admin>
);
