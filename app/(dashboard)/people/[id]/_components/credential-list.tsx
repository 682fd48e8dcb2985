'use client';
// The profile's credential rows with their re-verify buttons, drawn on the client side of the
// boundary. The button used to be rendered by the server page per row and handed to the rows as an
// element map: every row then cost a client-component element in the RSC payload (its props repeating
// the row's id and name) that Flight serialised and the HTML render parsed back (issue 12 item 6).
// Here the page sends one flag; the rows already carry the id and name the button needs.
import { CredentialRows, type CredentialRow } from '@/components/people/profile-rows';
import { ReverifyButton } from './reverify-button';

export function CredentialList({ rows, canReverify }: { rows: CredentialRow[]; canReverify: boolean }) {
  return <CredentialRows rows={rows} renderAction={canReverify ? (c) => <ReverifyButton credentialId={c.id} name={c.name} /> : undefined} />;
}
