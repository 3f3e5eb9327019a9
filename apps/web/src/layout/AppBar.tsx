import { Box, Typography } from '@mui/material';
import { AppBar as RaAppBar, TitlePortal } from 'react-admin';

/** The product name on the left, then the current page's title (filled in by each page). */
export const AppBar = () => (
  <RaAppBar color="primary" userMenu={false}>
    <Typography variant="h6" component="span" sx={{ fontWeight: 700, letterSpacing: 0.3 }}>
      Pairline
    </Typography>
    <Box component="span" aria-hidden sx={{ mx: 1.5, opacity: 0.6 }}>
      |
    </Box>
    <TitlePortal />
  </RaAppBar>
);
