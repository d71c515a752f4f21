// Receipts on screen: the drop zone that adds one (a real button over a hidden file input), a line's list of receipts
// with thumbnails, and the in-app viewer that shows the picture (or a PDF's scanned pages) the core re-encoded, and a
// typed-text PDF's pages drawn with pdf.js.
import { Alert, Anchor, Box, Button, Center, Group, Image, Loader, Modal, Stack, Text } from '@mantine/core';
import { useRef, useState, type DragEvent } from 'react';
import { RECEIPT_MAX_BYTES, RECEIPT_TYPES, type ReceiptInfo } from '../../src-main/contract/expenses';
import { errorMessage } from '../api/client';
import { useApiMutation, useApiQuery } from '../api/hooks';
import { ErrorAlert } from '../components/ErrorAlert';
import { saveExport } from '../files';
import { fileToBase64 } from './shared';
import { PdfReceiptPage, usePdfDocument } from './PdfReceiptPage';

const ACCEPT = Object.keys(RECEIPT_TYPES).join(',');

/** A file size as staff read it: "840 bytes", "245 KB", "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function PaperclipIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
      <path d="M21 11.5l-8.5 8.5a5 5 0 0 1-7-7l9-9a3.5 3.5 0 0 1 5 5l-9 9a2 2 0 0 1-3-3l8.5-8.5" />
    </svg>
  );
}

type Stage = { name: string; size: number; step: 'reading' | 'saving' };

/**
 * Adds a receipt to a line: "Add a receipt" opens the file chooser (the browser's own input is never shown), and a file
 * can also be dropped on the area. Says what is being added and how far it has got, then what the core made of it.
 */
export function ReceiptDropZone({ lineId, lineLabel, buttonLabel = 'Add a receipt' }: { lineId: number; lineLabel: string; buttonLabel?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [stage, setStage] = useState<Stage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const attach = useApiMutation('expenses.receipts.add', {
    invalidate: ['expenses.'],
    // Every refusal (wrong kind of file, too big, a PDF with code in it, the claim decided meanwhile) is shown here.
    handles: ['VALIDATION', 'CONFLICT', 'NOT_FOUND', 'FORBIDDEN'],
  });

  const add = async (file: File) => {
    setError(null);
    setAdded(null);
    // Over 10 MB: say so here rather than sending it (the core refuses it too).
    if (file.size > RECEIPT_MAX_BYTES) {
      setError(`${file.name} is larger than 10 MB. Please scan it at a lower resolution or as a PDF and try again.`);
      return;
    }
    setStage({ name: file.name, size: file.size, step: 'reading' });
    try {
      const base64 = await fileToBase64(file);
      setStage({ name: file.name, size: file.size, step: 'saving' });
      await attach.mutateAsync({ lineId, fileName: file.name, base64 });
      setAdded(`Added ${file.name}.`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setStage(null);
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && !stage) void add(file);
  };

  return (
    <Stack gap={4}>
      <Box
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        p="xs"
        style={{
          border: `1px dashed ${dragging ? 'var(--mantine-color-calm-7)' : 'var(--mantine-color-gray-5)'}`,
          borderRadius: 'var(--mantine-radius-md)',
          background: dragging ? 'var(--mantine-color-calm-0)' : undefined,
        }}
      >
        {/* The browser's own file control stays hidden: the button opens it, so it never shows "No file chosen". */}
        <input
          ref={input}
          type="file"
          hidden
          accept={ACCEPT}
          aria-label={`Attach receipt for ${lineLabel}`}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void add(file);
          }}
        />
        {stage ? (
          <Group gap="xs" role="status" wrap="nowrap">
            <Loader size="xs" aria-hidden />
            <Text size="sm">
              {stage.step === 'reading' ? 'Reading' : 'Checking and saving'} {stage.name} ({formatBytes(stage.size)})…
            </Text>
          </Group>
        ) : (
          <Group gap="xs" wrap="nowrap">
            <Button size="compact-sm" variant="light" leftSection={<PaperclipIcon />} aria-label={`${buttonLabel} for ${lineLabel}`} onClick={() => input.current?.click()}>
              {buttonLabel}
            </Button>
            <Text size="xs" c="dimmed">
              or drop a photo or PDF here (up to 10 MB)
            </Text>
          </Group>
        )}
      </Box>
      {added && !error && (
        <Text size="sm" role="status">
          {added}
        </Text>
      )}
      {error && (
        <Alert color="red" role="alert" p="xs" title="The receipt was not added">
          <Text size="sm">{error}</Text>
        </Alert>
      )}
    </Stack>
  );
}

/** A small picture of the receipt's first page (decorative: the button beside it says what it is). */
export function ReceiptThumbnail({ receipt, onClick, size = 40 }: { receipt: ReceiptInfo; onClick?: () => void; size?: number }) {
  const q = useApiQuery('expenses.receipts.view', { id: receipt.id, size: 'thumbnail' }, { quietErrors: true, staleTime: 5 * 60_000 });
  const src = q.data?.pages[0]?.src;
  const box = { width: size, height: size, borderRadius: 4, border: '1px solid var(--mantine-color-gray-4)', flex: 'none' as const };
  if (!src) {
    return (
      <Center style={{ ...box, background: 'var(--mantine-color-gray-0)' }} aria-hidden>
        {q.isPending ? <Loader size={12} /> : <Text size="10px" fw={700}>{receipt.mimeType === 'application/pdf' ? 'PDF' : 'IMG'}</Text>}
      </Center>
    );
  }
  return <Image src={src} alt="" style={{ ...box, objectFit: 'cover', cursor: onClick ? 'pointer' : undefined }} onClick={onClick} />;
}

/** The viewer: the receipt's pictures inside the app, with Download kept for the real file. */
export function ReceiptViewer({ receipt, onClose }: { receipt: ReceiptInfo | null; onClose: () => void }) {
  const q = useApiQuery('expenses.receipts.view', { id: receipt?.id ?? 0, size: 'full' }, { enabled: !!receipt, quietErrors: true });
  const view = q.data;
  const pdf = usePdfDocument(receipt ? view?.pdfBase64 : undefined);
  return (
    <Modal opened={!!receipt} onClose={onClose} size="xl" title={receipt ? `Receipt ${receipt.fileName}` : 'Receipt'}>
      {receipt && (
        <Stack>
          <Text size="sm" c="dimmed">
            {RECEIPT_TYPES[receipt.mimeType as keyof typeof RECEIPT_TYPES] ?? receipt.mimeType}, {formatBytes(receipt.sizeBytes)}
            {view && view.pageCount > 1 ? `, ${view.pageCount} pages` : ''}
          </Text>
          {q.isPending && (
            <Group gap="xs" role="status">
              <Loader size="sm" aria-hidden />
              <Text size="sm">Opening the receipt…</Text>
            </Group>
          )}
          {q.error && <ErrorAlert error={q.error} onRetry={q.refetch} />}
          {view?.pages.map((p) =>
            !p.src && view.pdfBase64 ? (
              <PdfReceiptPage key={p.page} doc={pdf} page={p.page} label={view.pageCount > 1 ? `Receipt ${view.fileName}, page ${p.page} of ${view.pageCount}` : `Receipt ${view.fileName}`} />
            ) : p.src ? (
              <Image
                key={p.page}
                src={p.src}
                alt={view.pageCount > 1 ? `Receipt ${view.fileName}, page ${p.page} of ${view.pageCount}` : `Receipt ${view.fileName}`}
                fit="contain"
                mah="70vh"
                w="auto"
                maw="100%"
                mx="auto"
                style={{ border: '1px solid var(--mantine-color-gray-3)' }}
              />
            ) : (
              <Alert key={p.page} color="gray" title={view.pageCount > 1 ? `Page ${p.page}` : undefined}>
                This {view.pageCount > 1 ? 'page' : 'PDF'} cannot be shown here. Use Download to open it in your PDF reader.
              </Alert>
            ),
          )}
          {view && view.pageCount > view.pages.length && (
            <Text size="sm">
              Showing the first {view.pages.length} of {view.pageCount} pages. Use Download to see the rest.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void saveExport('expenses.receipts.get', { id: receipt.id }).catch(() => undefined)}>
              Download
            </Button>
            <Button onClick={onClose} data-autofocus>
              Close
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** A line's receipts: thumbnail, name and size, View (in the app) and Download. */
export function ReceiptList({ receipts, onView }: { receipts: ReceiptInfo[]; onView: (r: ReceiptInfo) => void }) {
  return (
    <Stack gap={6}>
      {receipts.map((r) => (
        <Group key={r.id} gap="xs" wrap="nowrap">
          <ReceiptThumbnail receipt={r} onClick={() => onView(r)} />
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" truncate="end" title={r.fileName}>
              {r.fileName}
            </Text>
            <Group gap={8}>
              <Text size="xs" c="dimmed">
                {formatBytes(r.sizeBytes)}
              </Text>
              <Anchor component="button" type="button" size="xs" aria-haspopup="dialog" aria-label={`View receipt ${r.fileName}`} onClick={() => onView(r)}>
                View
              </Anchor>
              <Anchor component="button" type="button" size="xs" aria-label={`Download receipt ${r.fileName}`} onClick={() => void saveExport('expenses.receipts.get', { id: r.id }).catch(() => undefined)}>
                Download
              </Anchor>
            </Group>
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}
