import { Box, Card, CardContent, CardHeader, Divider, List, ListItem, ListItemText, Typography } from '@mui/material';
import { Title } from 'react-admin';
import { HealthPanel } from '../health/HealthPanel';

/** What this dashboard will summarise once journeys are recorded. Nothing here is live data yet. */
const PLANNED_VIEWS: ReadonlyArray<[title: string, description: string]> = [
  ['Portfolio', 'Every product and its IM1 pairing journey with each GP clinical system supplier, at a glance.'],
  ['Timeline', 'Milestones, dates and what is due next for each journey.'],
  ['SCAL progress', 'How far each Supplier Conformance Assessment List has got.'],
  ['Hazard log', 'Clinical safety hazards and their mitigations.'],
];

export const Dashboard = () => (
  <Box data-testid="dashboard" sx={{ mt: 2, display: 'grid', gap: 2, maxWidth: 960 }}>
    <Title title="Dashboard" />
    <Card>
      <CardHeader
        title="Pairline"
        subheader="Onboarding and assurance tracker for suppliers integrating with NHS GP clinical systems"
      />
      <CardContent sx={{ pt: 0 }}>
        <Typography variant="body1">
          This dashboard is a placeholder. No journeys are recorded yet, so it shows no figures. Coming soon:
        </Typography>
        <List dense disablePadding>
          {PLANNED_VIEWS.map(([title, description]) => (
            <ListItem key={title} disableGutters>
              <ListItemText primary={title} secondary={description} />
            </ListItem>
          ))}
        </List>
        <Typography variant="body2" color="text.secondary">
          The reference list of provider suppliers is already available from the menu.
        </Typography>
      </CardContent>
      <Divider />
      <CardContent>
        <HealthPanel />
      </CardContent>
    </Card>
  </Box>
);
