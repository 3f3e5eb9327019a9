import AddIcon from '@mui/icons-material/Add';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { ROLE_LABELS, ROLES, roleCovers, type ApiTokenDto, type CreatedApiTokenDto, type Role } from '@pairline/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  Datagrid,
  DateField,
  DeleteWithConfirmButton,
  FunctionField,
  ListBase,
  Pagination,
  TextField as RaTextField,
  useDataProvider,
  useNotify,
  useRecordContext,
} from 'react-admin';
import { errorMessage, useSession, type PairlineDataProvider } from '../auth';
import { RoleField } from '../common/RoleChip';
import { CreatedTokenDialog } from './CreatedTokenDialog';
import { Section } from './Section';

const RESOURCE = 'api-tokens';
const EXPIRY_CHOICES: Array<{ value: string; label: string }> = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
];

type TokenState = 'active' | 'revoked' | 'expired';

function tokenState(token: ApiTokenDto): TokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

const STATE_CHIP: Record<TokenState, { label: string; color: 'success' | 'default' | 'warning' }> = {
  active: { label: 'Active', color: 'success' },
  revoked: { label: 'Revoked', color: 'default' },
  expired: { label: 'Expired', color: 'warning' },
};

const RevokeTokenButton = (_props: { label?: string }) => {
  const record = useRecordContext<ApiTokenDto>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  if (!record || tokenState(record) !== 'active') return null;
  return (
    <DeleteWithConfirmButton
      label="Revoke"
      aria-label={`Revoke token ${record.name}`}
      confirmTitle={`Revoke "${record.name}"?`}
      confirmContent="Anything using this token stops working immediately. This cannot be undone."
      redirect={false}
      mutationOptions={{
        onSuccess: () => {
          notify('Token revoked', { type: 'info' });
          void queryClient.invalidateQueries({ queryKey: [RESOURCE] });
        },
      }}
    />
  );
};

const CreateTokenDialog = ({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (token: CreatedApiTokenDto) => void }) => {
  const session = useSession();
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const ownRole: Role = session?.role ?? 'auditor';
  const allowedRoles = ROLES.filter((role) => roleCovers(ownRole, role));
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(ownRole);
  const [expiry, setExpiry] = useState('90');

  const create = useMutation({
    mutationFn: async () => {
      const data = { name: name.trim(), role, expiresInDays: Number(expiry) };
      const { data: created } = await dataProvider.create<CreatedApiTokenDto>(RESOURCE, { data });
      return created;
    },
    onSuccess: (created) => {
      setName('');
      setExpiry('90');
      onCreated(created);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate();
  };

  const cancel = () => {
    create.reset();
    onClose();
  };

  return (
    <Dialog open={open} onClose={cancel} aria-labelledby="create-token-title" fullWidth maxWidth="xs">
      <Box component="form" onSubmit={submit} noValidate aria-label="Create API token">
        <DialogTitle id="create-token-title">Create an API token</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Typography variant="body2" color="text.secondary">
              A token acts as you in {session?.organisation.name}, limited to the role you choose.
            </Typography>
            <TextField
              label="Token name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              helperText="What uses it, e.g. “CI pipeline”."
              required
              autoFocus
            />
            <TextField select label="Token role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {allowedRoles.map((choice) => (
                <MenuItem key={choice} value={choice}>
                  {ROLE_LABELS[choice]}
                </MenuItem>
              ))}
            </TextField>
            <TextField select label="Expires after" value={expiry} onChange={(e) => setExpiry(e.target.value)}>
              {EXPIRY_CHOICES.map((choice) => (
                <MenuItem key={choice.value} value={choice.value}>
                  {choice.label}
                </MenuItem>
              ))}
            </TextField>
            {create.error ? (
              <Alert severity="error" role="alert">
                {errorMessage(create.error)}
              </Alert>
            ) : null}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={cancel}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={create.isPending || !name.trim()}>
            Create token
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
};

/** The user's own personal API tokens in the current organisation. */
export const ApiTokensSection = () => {
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiTokenDto | null>(null);

  const onCreated = (token: CreatedApiTokenDto) => {
    setCreating(false);
    setCreated(token);
    void queryClient.invalidateQueries({ queryKey: [RESOURCE] });
  };

  return (
    <Section id="api-tokens" title="API tokens">
      <Stack spacing={2}>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' }, justifyContent: 'space-between' }}>
          <Typography variant="body2" color="text.secondary">
            Personal tokens for scripts and integrations. Each one works only in this organisation.
          </Typography>
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(true)} data-testid="create-token">
            Create token
          </Button>
        </Stack>
        <ListBase<ApiTokenDto> resource={RESOURCE} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} disableSyncWithLocation>
          <Datagrid
            bulkActionButtons={false}
            rowClick={false}
            data-testid="api-tokens-list"
            empty={
              <Typography variant="body2" color="text.secondary" data-testid="api-tokens-empty">
                You have no API tokens in this organisation.
              </Typography>
            }
          >
            <RaTextField<ApiTokenDto> source="name" sortable={false} />
            <FunctionField<ApiTokenDto>
              label="Token"
              sortable={false}
              render={(record) => <Box component="code" sx={{ fontFamily: 'monospace' }}>{`${record.prefix}…`}</Box>}
            />
            <RoleField label="Role" sortable={false} />
            <FunctionField<ApiTokenDto>
              label="Status"
              sortable={false}
              render={(record) => {
                const state = STATE_CHIP[tokenState(record)];
                return <Chip size="small" label={state.label} color={state.color} data-testid="token-status" />;
              }}
            />
            <DateField<ApiTokenDto> locales="en-GB" source="createdAt" label="Created" sortable={false} />
            <DateField<ApiTokenDto> locales="en-GB" source="lastUsedAt" label="Last used" showTime emptyText="Never" sortable={false} />
            <DateField<ApiTokenDto> locales="en-GB" source="expiresAt" label="Expires" emptyText="Never" />
            <RevokeTokenButton label="" />
          </Datagrid>
          <Pagination rowsPerPageOptions={[25]} />
        </ListBase>
      </Stack>
      <CreateTokenDialog open={creating} onClose={() => setCreating(false)} onCreated={onCreated} />
      <CreatedTokenDialog token={created} onClose={() => setCreated(null)} />
    </Section>
  );
};
