import { Box, Typography } from '@mui/material';
import { AppBar as RaAppBar, TitlePortal } from 'react-admin';
import { NotificationBell } from '../notifications/NotificationBell';
import { AccountMenu } from './AccountMenu';
import { OrganisationSwitcher } from './OrganisationSwitcher';

/**
 * The product name on the left, then the current page's title (filled in by each page); on the
 * right the current organisation (with the switcher), the notification bell and the account menu.
 */
export const AppBar = () => (
  <RaAppBar color="primary" userMenu={<AccountMenu />}>
    <Typography variant="h6" component="span" sx={{ fontWeight: 700, letterSpacing: 0.3 }}>
      Pairline
    </Typography>
    <Box component="span" aria-hidden sx={{ mx: 1.5, opacity: 0.6 }}>
      |
    </Box>
    <TitlePortal />
    <OrganisationSwitcher />
    <NotificationBell />
  </RaAppBar>
);
