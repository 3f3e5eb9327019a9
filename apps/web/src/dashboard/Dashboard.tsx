import { Box, Button, Card, CardContent, CardHeader, Divider, List, ListItem, ListItemText, Typography } from '@mui/material';
import { Link, Title } from 'react-admin';
import { useCan } from '../auth';
import { HealthPanel } from '../health/HealthPanel';
import { PortfolioMatrix } from '../portfolio/PortfolioMatrix';

/** Views still to come. */
const PLANNED_VIEWS: ReadonlyArray<[title: string, description: string]> = [
  ['Timeline', 'Milestones, dates and what is due next for each journey.'],
  ['SCAL progress', 'How far each Supplier Conformance Assessment List has got.'],
  ['Hazard log', 'Clinical safety hazards and their mitigations.'],
];

/** The portfolio first (what executives open Pairline for), then the product's state and health. */
export const Dashboard = () => {
  const can = useCan();
  return (
    <Box data-testid="dashboard" sx={{ mt: 2, display: 'grid', gap: 2 }}>
      <Title title="Dashboard" />
      {can('journeys.read') ? (
        <Card data-testid="dashboard-portfolio">
          <CardHeader
            title="Portfolio"
            subheader="Each product's journeys by GP clinical system supplier and GP Connect capability"
            action={
              <Button component={Link} to="/portfolio" size="small">
                Open the portfolio
              </Button>
            }
          />
          <CardContent sx={{ pt: 0 }}>
            <PortfolioMatrix />
          </CardContent>
        </Card>
      ) : null}
      <Card sx={{ maxWidth: 960 }}>
        <CardHeader
          title="Pairline"
          subheader="Onboarding and assurance tracker for suppliers integrating with NHS GP clinical systems"
        />
        <CardContent sx={{ pt: 0 }}>
          <Typography variant="body1">Coming soon:</Typography>
          <List dense disablePadding>
            {PLANNED_VIEWS.map(([title, description]) => (
              <ListItem key={title} disableGutters>
                <ListItemText primary={title} secondary={description} />
              </ListItem>
            ))}
          </List>
          <Typography variant="body2" color="text.secondary">
            Products, journeys, blocking items, change freezes and the reference list of provider suppliers are available from the menu.
          </Typography>
        </CardContent>
        <Divider />
        <CardContent>
          <HealthPanel />
        </CardContent>
      </Card>
    </Box>
  );
};
