import { Alert, Button } from '@mui/material';
import { Link, Navigate, useLocation } from 'react-admin';
import { MFA_SETUP_PATH, useSession } from '../auth';

/**
 * Shown on every page while the organisation requires MFA and the user has not set it up: most of
 * the API answers 403 `mfa_setup_required` until they do.
 */
/**
 * Keeps a user who must set up MFA on their profile: every other page would only show 403s.
 */
export const MfaGuard = () => {
  const session = useSession();
  const location = useLocation();
  if (!session?.mfaSetupRequired || location.pathname.startsWith(MFA_SETUP_PATH)) return null;
  return <Navigate to={MFA_SETUP_PATH} replace />;
};

export const MfaBanner = () => {
  const session = useSession();
  const location = useLocation();
  if (!session?.mfaSetupRequired) return null;
  const onProfile = location.pathname.startsWith(MFA_SETUP_PATH);
  return (
    <Alert
      severity="warning"
      data-testid="mfa-setup-required"
      sx={{ mb: 2 }}
      action={
        onProfile ? undefined : (
          <Button component={Link} to={MFA_SETUP_PATH} color="inherit" size="small">
            Set up now
          </Button>
        )
      }
    >
      {session.organisation.name} requires two-factor authentication for every member. Set it up on your profile to use the rest of Pairline.
    </Alert>
  );
};
