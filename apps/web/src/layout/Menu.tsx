import ApartmentIcon from '@mui/icons-material/Apartment';
import GridViewIcon from '@mui/icons-material/GridView';
import PersonIcon from '@mui/icons-material/Person';
import ViewTimelineIcon from '@mui/icons-material/ViewTimeline';
import { Menu as RaMenu } from 'react-admin';
import auditEvents from '../audit-events';
import { useCan } from '../auth';
import blockingItems from '../blocking-items';
import changeFreezes from '../change-freezes';
import invitations from '../invitations';
import journeys from '../journeys';
import members from '../members';
import products from '../products';
import providerSuppliers from '../provider-suppliers';
import scalTemplates from '../scal-templates';
import evidence from '../evidence';
import hazards from '../clinical-safety';

/**
 * The sidebar, one entry per page the user's role may read (the same rules decide which resources
 * App registers). Each entry has a test id: `menu-<resource or page>`.
 */
export const Menu = () => {
  const can = useCan();
  return (
    <RaMenu>
      <RaMenu.DashboardItem data-testid="menu-dashboard" />
      {can('journeys.read') ? (
        <>
          <RaMenu.Item to="/portfolio" primaryText="Portfolio" leftIcon={<GridViewIcon />} data-testid="menu-portfolio" />
          <RaMenu.Item to="/timeline" primaryText="Timeline" leftIcon={<ViewTimelineIcon />} data-testid="menu-timeline" />
          <RaMenu.Item to="/products" primaryText="Products" leftIcon={<products.icon />} data-testid="menu-products" />
          <RaMenu.Item to="/journeys" primaryText="Journeys" leftIcon={<journeys.icon />} data-testid="menu-journeys" />
          <RaMenu.Item to="/blocking-items" primaryText="Blocking items" leftIcon={<blockingItems.icon />} data-testid="menu-blocking-items" />
          <RaMenu.Item to="/change-freezes" primaryText="Change freezes" leftIcon={<changeFreezes.icon />} data-testid="menu-change-freezes" />
        </>
      ) : null}
      {can('scal.read') ? (
        <RaMenu.Item to="/scal-templates" primaryText="SCAL templates" leftIcon={<scalTemplates.icon />} data-testid="menu-scal-templates" />
      ) : null}
      {can('evidence.read') ? <RaMenu.Item to="/evidence" primaryText="Evidence" leftIcon={<evidence.icon />} data-testid="menu-evidence" /> : null}
      {can('hazards.read') ? (
        <>
          <RaMenu.Item to="/clinical-safety" primaryText="Clinical safety" leftIcon={<hazards.icon />} data-testid="menu-clinical-safety" />
          <RaMenu.Item to="/hazards" primaryText="Hazard log" leftIcon={<hazards.icon />} data-testid="menu-hazards" />
        </>
      ) : null}
      {can('reference.read') ? (
        <RaMenu.Item
          to="/provider-suppliers"
          primaryText="Provider suppliers"
          leftIcon={<providerSuppliers.icon />}
          data-testid="menu-provider-suppliers"
        />
      ) : null}
      {can('members.read') ? (
        <RaMenu.Item to="/members" primaryText="Members" leftIcon={<members.icon />} data-testid="menu-members" />
      ) : null}
      {can('members.manage') ? (
        <RaMenu.Item to="/invitations" primaryText="Invitations" leftIcon={<invitations.icon />} data-testid="menu-invitations" />
      ) : null}
      {can('audit.read') ? (
        <RaMenu.Item to="/audit-events" primaryText="Audit log" leftIcon={<auditEvents.icon />} data-testid="menu-audit-events" />
      ) : null}
      {can('organisation.read') ? (
        <RaMenu.Item to="/organisation" primaryText="Organisation" leftIcon={<ApartmentIcon />} data-testid="menu-organisation" />
      ) : null}
      <RaMenu.Item to="/profile" primaryText="My profile" leftIcon={<PersonIcon />} data-testid="menu-profile" />
    </RaMenu>
  );
};
