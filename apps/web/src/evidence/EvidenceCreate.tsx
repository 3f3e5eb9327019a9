import { Create, SimpleForm, TextInput, maxLength, required } from 'react-admin';

/** An evidence item is a title first; its files come as revisions on its page. */
export const EvidenceCreate = () => (
  <Create title="New evidence" redirect="show">
    <SimpleForm>
      <TextInput source="title" label="Title" validate={[required(), maxLength(300)]} helperText="e.g. DSPT 2026/27 assessment" fullWidth />
      <TextInput source="description" label="Description" multiline minRows={2} fullWidth parse={(v: string) => (v === '' ? null : v)} />
    </SimpleForm>
  </Create>
);
