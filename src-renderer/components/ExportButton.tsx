// "Export…" on a list page: a menu of CSV or Excel (XLSX); the core writes every row the list shows for its current filter.
import { Button, Menu } from '@mantine/core';
import { useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat, type ListExportInput } from '../../src-main/contract/exports';
import type { MethodInput } from '../../src-main/contract/contract';
import { saveExport } from '../files';

function DownloadIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
      <path d="M12 3v12M7 10l5 5 5-5M5 21h14" />
    </svg>
  );
}

/** `list` and `filter` as the page is showing them (the filter the list's own query was given, without paging). */
export function ExportButton(props: Omit<ListExportInput, 'format'> & { disabled?: boolean }) {
  const { disabled, ...input } = props;
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      // saveExport tells the person whether the file was saved, or why not.
      await saveExport('exports.list', { ...input, format } as MethodInput<'exports.list'>);
    } catch {
      /* already shown */
    } finally {
      setBusy(null);
    }
  };
  return (
    <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button variant="default" leftSection={<DownloadIcon />} loading={busy !== null} disabled={disabled}>
          Export…
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {(Object.keys(EXPORT_FORMATS) as ExportFormat[]).map((f) => (
          <Menu.Item key={f} onClick={() => void run(f)}>
            {EXPORT_FORMATS[f]}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
