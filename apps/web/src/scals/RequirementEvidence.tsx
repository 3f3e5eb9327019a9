import LinkOffIcon from '@mui/icons-material/LinkOff';
import { Alert, Box, Button, IconButton, List, ListItem, ListItemText, Stack, Tooltip, Typography } from '@mui/material';
import type { LinkedEvidenceDto } from '@pairline/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useDataProvider } from 'react-admin';
import { useCan, type PairlineDataProvider } from '../auth';
import { FormError } from '../common/FormError';
import { formatCivilDate } from '../common/format';
import { EvidenceAutocomplete, type EvidenceChoice } from '../evidence/EvidenceAutocomplete';
import { EvidenceStatusChip } from '../evidence/EvidenceStatusChip';
import type { ScalRequirementRowDto } from './scalsApi';

interface RequirementEvidenceProps {
  scalId: string;
  requirement: ScalRequirementRowDto;
  /** Re-reads the requirement after a link or unlink. */
  onChanged: () => void;
}

/** The evidence behind one requirement, and linking or unlinking items of the vault. */
export const RequirementEvidence = ({ scalId, requirement, onChanged }: RequirementEvidenceProps) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const can = useCan();
  const writable = can('evidence.write');
  const [choice, setChoice] = useState<EvidenceChoice | null>(null);
  const linked = new Set(requirement.evidence.map((e) => e.id));
  const link = useMutation({
    mutationFn: (item: EvidenceChoice) => dataProvider.linkEvidence(item.id, { scalId, identifier: requirement.identifier }),
    onSuccess: () => {
      setChoice(null);
      onChanged();
    },
  });
  const unlink = useMutation({
    mutationFn: (item: LinkedEvidenceDto) => dataProvider.unlinkEvidenceFromRequirement(item.id, scalId, requirement.identifier),
    onSuccess: onChanged,
  });

  return (
    <Box data-testid="scal-linked-evidence">
      <Typography variant="subtitle2">Linked evidence</Typography>
      {requirement.needsAttention ? (
        <Alert severity="warning" sx={{ my: 1 }} data-testid="scal-needs-attention">
          Needs attention: {requirement.attentionReasons.join(' ')}
        </Alert>
      ) : null}
      {requirement.evidence.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No evidence linked. {requirement.evidenceRequired ? `Asked for: ${requirement.evidenceRequired}` : ''}
        </Typography>
      ) : (
        <List dense disablePadding>
          {requirement.evidence.map((item) => (
            <ListItem
              key={item.id}
              disableGutters
              data-testid="scal-evidence-item"
              secondaryAction={
                writable ? (
                  <Tooltip title="Unlink">
                    <IconButton edge="end" size="small" aria-label={`Unlink ${item.title}`} onClick={() => unlink.mutate(item)} disabled={unlink.isPending} data-testid="scal-evidence-unlink">
                      <LinkOffIcon fontSize="small" />
                    </IconButton>
                  </Tooltip>
                ) : undefined
              }
            >
              <ListItemText
                primary={
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                    <Link to={`/evidence/${encodeURIComponent(item.id)}/show`}>{item.title}</Link>
                    <EvidenceStatusChip status={item.status} />
                  </Stack>
                }
                secondary={item.expiresOn ? `Expires ${formatCivilDate(item.expiresOn)}` : undefined}
              />
            </ListItem>
          ))}
        </List>
      )}
      {writable ? (
        <Stack direction="row" spacing={1} sx={{ mt: 1, alignItems: 'center' }}>
          <EvidenceAutocomplete
            sx={{ flexGrow: 1 }}
            value={choice}
            onChange={setChoice}
            label="Link evidence from the vault"
            data-testid="scal-evidence-search"
            sort={{ field: 'updatedAt', order: 'DESC' }}
            excludeIds={linked}
          />
          <Button variant="outlined" disabled={!choice || link.isPending} onClick={() => choice && link.mutate(choice)} data-testid="scal-evidence-link">
            Link
          </Button>
        </Stack>
      ) : null}
      <FormError error={link.error ?? unlink.error} testId="scal-evidence-error" />
    </Box>
  );
};
