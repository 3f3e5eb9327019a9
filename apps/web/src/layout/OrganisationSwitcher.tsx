import ApartmentIcon from '@mui/icons-material/Apartment';
import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import CheckIcon from '@mui/icons-material/Check';
import { Box, Button, CircularProgress, ListItemIcon, ListItemText, Menu, MenuItem, Typography } from '@mui/material';
import { ROLE_LABELS } from '@pairline/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState, type MouseEvent } from 'react';
import { useDataProvider, useNotify } from 'react-admin';
import { errorMessage, MFA_SETUP_PATH, useSession, type PairlineDataProvider } from '../auth';

/**
 * The current organisation's name in the app bar; a menu of the user's other organisations when
 * there are any. Switching changes the session's organisation (and CSRF token), so the whole app
 * reloads on the dashboard: every cached list, permission and menu entry belonged to the old one.
 */
export const OrganisationSwitcher = () => {
  const session = useSession();
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);

  const switchOrganisation = useMutation({
    mutationFn: (organisationId: string) => dataProvider.switchOrganisation(organisationId),
    onSuccess: (session) => {
      window.location.hash = session.mfaSetupRequired ? `#${MFA_SETUP_PATH}` : '#/';
      window.location.reload();
    },
    onError: (error) => notify(errorMessage(error, 'Could not switch organisation.'), { type: 'error' }),
  });

  if (!session) return null;
  const current = session.organisation;
  const others = session.organisations.length > 1;

  const open = (event: MouseEvent<HTMLElement>) => setAnchor(event.currentTarget);
  const choose = (organisationId: string) => {
    setAnchor(null);
    if (organisationId !== current.id) switchOrganisation.mutate(organisationId);
  };

  return (
    <Box sx={{ display: 'flex', alignItems: 'center', mr: 1, minWidth: 0 }}>
      <Button
        color="inherit"
        data-testid="org-switcher"
        aria-haspopup="menu"
        aria-controls={anchor ? 'organisation-menu' : undefined}
        aria-expanded={anchor ? 'true' : undefined}
        aria-label={`Organisation: ${current.name}. ${others ? 'Switch organisation' : 'Organisation details'}`}
        onClick={open}
        startIcon={switchOrganisation.isPending ? <CircularProgress size={16} color="inherit" /> : <ApartmentIcon />}
        endIcon={<ArrowDropDownIcon />}
        sx={{ textTransform: 'none', minWidth: 0 }}
        disabled={switchOrganisation.isPending}
      >
        <Typography component="span" noWrap data-testid="current-organisation" sx={{ maxWidth: { xs: 120, sm: 280 } }}>
          {current.name}
        </Typography>
      </Button>
      <Menu id="organisation-menu" anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {session.organisations.map((organisation) => {
          const selected = organisation.id === current.id;
          return (
            <MenuItem
              key={organisation.id}
              selected={selected}
              onClick={() => choose(organisation.id)}
              data-testid={`org-option-${organisation.id}`}
            >
              <ListItemIcon>{selected ? <CheckIcon fontSize="small" /> : null}</ListItemIcon>
              <ListItemText
                primary={organisation.name}
                secondary={`${ROLE_LABELS[organisation.role] ?? organisation.role}${organisation.odsCode ? ` · ${organisation.odsCode}` : ''}`}
              />
            </MenuItem>
          );
        })}
      </Menu>
    </Box>
  );
};
