import { Autocomplete, TextField, type SxProps, type Theme } from '@mui/material';
import type { EvidenceItemDto } from '@pairline/contracts';
import { useState } from 'react';
import { useGetList } from 'react-admin';

export type EvidenceChoice = Pick<EvidenceItemDto, 'id' | 'title'>;

interface EvidenceAutocompleteProps {
  value: EvidenceChoice | null;
  onChange: (value: EvidenceChoice | null) => void;
  label: string;
  'data-testid': string;
  sort: { field: keyof EvidenceItemDto & string; order: 'ASC' | 'DESC' };
  /** Items the caller has already used, left out of the options. */
  excludeIds?: ReadonlySet<string>;
  /**
   * Only typing searches; otherwise the text MUI puts in the box on selecting or clearing searches too,
   * so the options narrow to the chosen item.
   */
  searchOnlyWhileTyping?: boolean;
  sx?: SxProps<Theme>;
}

/** Picks an item of the evidence vault; the vault can be large, so the server does the searching. */
export function EvidenceAutocomplete({ value, onChange, label, 'data-testid': testId, sort, excludeIds, searchOnlyWhileTyping = false, sx }: EvidenceAutocompleteProps) {
  const [search, setSearch] = useState('');
  const options = useGetList<EvidenceItemDto>('evidence', { pagination: { page: 1, perPage: 20 }, sort, filter: search ? { q: search } : {} });
  const items: EvidenceChoice[] = options.data ?? [];
  return (
    <Autocomplete
      size="small"
      sx={sx}
      options={excludeIds ? items.filter((o) => !excludeIds.has(o.id)) : items}
      getOptionLabel={(o) => o.title}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      value={value}
      onChange={(_e, next) => onChange(next)}
      onInputChange={(_e, next, reason) => (!searchOnlyWhileTyping || reason === 'input') && setSearch(next)}
      // The server has already searched; filtering again here could drop its matches.
      filterOptions={(x) => x}
      loading={options.isFetching}
      renderInput={(params) => <TextField {...params} label={label} data-testid={testId} />}
    />
  );
}
