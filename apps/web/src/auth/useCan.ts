import { can, type Permission } from '@pairline/contracts';
import { useSession } from './session';

/** `can(permission)` for the signed-in user's role in the current organisation. */
export function useCan(): (permission: Permission) => boolean {
  const session = useSession();
  return (permission) => (session ? can(session.role, permission) : false);
}
