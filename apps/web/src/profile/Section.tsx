import { Card, CardContent, Typography } from '@mui/material';
import type { ReactNode } from 'react';

/** A titled card on the profile and organisation pages. */
export const Section = ({ id, title, children, testId }: { id: string; title: string; children: ReactNode; testId?: string }) => (
  <Card component="section" id={id} aria-labelledby={`${id}-title`} data-testid={testId ?? `section-${id}`}>
    <CardContent>
      <Typography variant="h6" component="h2" id={`${id}-title`} sx={{ mb: 2 }}>
        {title}
      </Typography>
      {children}
    </CardContent>
  </Card>
);
