import { Box, Card, CardContent, Typography } from '@mui/material';
import { Title } from 'react-admin';
import { PortfolioMatrix } from './PortfolioMatrix';

/** `/portfolio`: every product's journeys by provider supplier and GP Connect capability. */
export const PortfolioPage = () => (
  <Box sx={{ py: 2 }} data-testid="portfolio-page">
    <Title title="Portfolio" />
    <Card>
      <CardContent>
        <Typography variant="h6" component="h1" sx={{ mb: 1 }}>
          Portfolio
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Where each product stands with each GP clinical system supplier and GP Connect capability. Open a journey for its stages.
        </Typography>
        <PortfolioMatrix />
      </CardContent>
    </Card>
  </Box>
);
