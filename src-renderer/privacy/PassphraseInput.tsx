// The passphrase chosen when a sensitive file leaves the desk (subject access archive, NHS-number extract), with what
// the recipient needs to open it.
import { PasswordInput } from '@mantine/core';

export function PassphraseInput({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string | null }) {
  return (
    <PasswordInput
      label="Passphrase for the encrypted archive"
      description="At least 12 characters (three random words work well). Tell it to the recipient separately, by phone, never in the same email. The zip opens with 7-Zip, WinZip or PeaZip; Windows’ own zip folders cannot open it."
      required
      autoComplete="new-password"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
    />
  );
}
