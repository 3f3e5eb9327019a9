import PersonIcon from '@mui/icons-material/Person';
import { ListItemIcon, ListItemText, MenuItem } from '@mui/material';
import { forwardRef } from 'react';
import { Link, Logout, UserMenu, useUserMenu } from 'react-admin';

const ProfileMenuItem = forwardRef<HTMLAnchorElement>((props, ref) => {
  const userMenu = useUserMenu();
  return (
    <MenuItem
      {...props}
      ref={ref}
      component={Link}
      to="/profile"
      onClick={() => userMenu?.onClose()}
      data-testid="user-menu-profile"
    >
      <ListItemIcon>
        <PersonIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>My profile</ListItemText>
    </MenuItem>
  );
});
ProfileMenuItem.displayName = 'ProfileMenuItem';

/** The signed-in user's name in the app bar: profile (password, MFA, API tokens) and sign out. */
export const AccountMenu = () => (
  <UserMenu label="Account menu">
    <ProfileMenuItem />
    <Logout />
  </UserMenu>
);
