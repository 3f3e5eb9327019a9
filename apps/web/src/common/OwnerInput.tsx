import type { MemberDto } from '@pairline/contracts';
import { LIST_MAX_PAGE_SIZE } from '@pairline/contracts';
import { SelectInput, useGetList, type SelectInputProps } from 'react-admin';

/** The organisation's members as owner choices: the value is the user id, not the membership id. */
export function useMemberChoices(): { choices: { id: string; name: string }[]; isPending: boolean } {
  const { data, isPending } = useGetList<MemberDto>('members', {
    pagination: { page: 1, perPage: LIST_MAX_PAGE_SIZE },
    sort: { field: 'name', order: 'ASC' },
  });
  return { choices: (data ?? []).map((member) => ({ id: member.userId, name: member.name })), isPending };
}

/** A select of the organisation's members, for the `ownerUserId` of products, journeys and stages. */
export const OwnerInput = ({ source = 'ownerUserId', label = 'Owner', ...props }: Partial<SelectInputProps>) => {
  const { choices, isPending } = useMemberChoices();
  return (
    <SelectInput
      source={source}
      label={label}
      choices={choices}
      isPending={isPending}
      emptyText="Nobody yet"
      parse={(value: string) => (value === '' ? null : value)}
      {...props}
    />
  );
};
