import { Chip, type ChipProps } from '@mui/material';
import { ROLE_LABELS, ROLES, type Role } from '@pairline/contracts';
import { useRecordContext } from 'react-admin';

const ROLE_COLOUR: Record<Role, ChipProps['color']> = {
  org_admin: 'primary',
  compliance_lead: 'secondary',
  clinical_safety_officer: 'success',
  executive: 'info',
  contributor: 'default',
  auditor: 'warning',
};

export const roleChoices = (roles: readonly Role[] = ROLES) => roles.map((role) => ({ id: role, name: ROLE_LABELS[role] }));

export const RoleChip = ({ role }: { role: Role }) => (
  <Chip size="small" label={ROLE_LABELS[role] ?? role} color={ROLE_COLOUR[role] ?? 'default'} data-testid="role-chip" data-role={role} />
);

/** The record's `role` as a chip, for Datagrid columns. */
export const RoleField = (_props: { label?: string; sortable?: boolean; sortBy?: string }) => {
  const record = useRecordContext<{ role?: Role }>();
  return record?.role ? <RoleChip role={record.role} /> : null;
};
