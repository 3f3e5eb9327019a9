import { Box, Stack, Typography } from '@mui/material';
import { Title } from 'react-admin';
import { useSession } from '../auth';
import { RoleChip } from '../common/RoleChip';
import { ApiTokensSection } from './ApiTokensSection';
import { CalendarFeedSection } from './CalendarFeedSection';
import { ChangePasswordSection } from './ChangePasswordSection';
import { MfaSection } from './MfaSection';
import { ReminderPreferencesSection } from './ReminderPreferencesSection';
import { Section } from './Section';

const AccountSummary = () => {
  const session = useSession();
  if (!session) return null;
  return (
    <Section id="account" title="Account">
      <Stack spacing={1}>
        <Typography data-testid="profile-name">{session.user.name}</Typography>
        <Typography variant="body2" color="text.secondary" data-testid="profile-email">
          {session.user.email}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Typography variant="body2">
            Your role in <strong>{session.organisation.name}</strong>:
          </Typography>
          <RoleChip role={session.role} />
        </Stack>
      </Stack>
    </Section>
  );
};

/** `/profile`: the signed-in user's own account, password, two-factor authentication, reminders, calendar feed and API tokens. */
export const ProfilePage = () => {
  const session = useSession();
  return (
    <Box sx={{ py: 2 }} data-testid="profile-page">
      <Title title="My profile" />
      <Stack spacing={2} sx={{ maxWidth: 1100 }}>
        <AccountSummary />
        {/* Organisations that enforce MFA send new users here first, so put it on top for them. */}
        {session?.mfaSetupRequired ? <MfaSection /> : null}
        <ChangePasswordSection />
        {session?.mfaSetupRequired ? null : <MfaSection />}
        {session?.mfaSetupRequired ? null : <ReminderPreferencesSection />}
        {session?.mfaSetupRequired ? null : <CalendarFeedSection />}
        {session?.mfaSetupRequired ? null : <ApiTokensSection />}
      </Stack>
    </Box>
  );
};
