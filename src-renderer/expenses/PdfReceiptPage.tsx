// A typed-text PDF receipt's page drawn in the viewer with pdf.js, from the copy the core rebuilt (never the stored file).
// pdf.js runs in this window's own thread ("fake worker"): the app's Content Security Policy allows no workers at all
// (worker-src 'none'), and a receipt is at most ten small pages, so parsing here costs little and the policy stays as it
// is. Scripting, eval-compiled functions, XFA forms and annotations are all off; fonts come from the PDF or the system.
import { Alert, Group, Loader, Text } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';

type PdfJs = typeof import('pdfjs-dist');

let loading: Promise<PdfJs> | null = null;

/** pdf.js and its worker code, loaded the first time a PDF is shown (they stay out of the app's first download). */
function loadPdfJs(): Promise<PdfJs> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.mjs')]).then(([pdfjs, worker]) => {
    // With the worker's handler on globalThis, pdf.js runs it in this thread instead of starting a Worker.
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return pdfjs;
  });
  return loading;
}

function fromBase64(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The rebuilt PDF, opened once for all its pages; null while opening, an Error when it cannot be read. */
export function usePdfDocument(base64: string | undefined): PDFDocumentProxy | Error | null {
  const [doc, setDoc] = useState<PDFDocumentProxy | Error | null>(null);
  useEffect(() => {
    if (!base64) return;
    let cancelled = false;
    let opened: PDFDocumentProxy | null = null;
    setDoc(null);
    void loadPdfJs()
      .then((pdfjs) =>
        pdfjs.getDocument({
          data: fromBase64(base64),
          isEvalSupported: false,
          enableXfa: false,
          useWorkerFetch: false,
          useWasm: false,
          stopAtErrors: false,
          verbosity: pdfjs.VerbosityLevel.ERRORS,
        }).promise,
      )
      .then((d) => {
        opened = d;
        if (cancelled) void d.destroy();
        else setDoc(d);
      })
      .catch((e: unknown) => {
        if (!cancelled) setDoc(e instanceof Error ? e : new Error(String(e)));
      });
    return () => {
      cancelled = true;
      void opened?.destroy();
    };
  }, [base64]);
  return base64 ? doc : null;
}

/** One page on a canvas, as wide as the viewer, with its words for screen readers (and for copying from). */
export function PdfReceiptPage({ doc, page, label }: { doc: PDFDocumentProxy | Error | null; page: number; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<{ drawn: boolean; text: string; error: boolean }>({ drawn: false, text: '', error: false });
  const textId = useId();
  useEffect(() => {
    if (!doc || doc instanceof Error || !canvas.current) return;
    const el = canvas.current;
    let cancelled = false;
    let task: { cancel(): void; promise: Promise<void> } | null = null;
    void (async () => {
      try {
        const p = await doc.getPage(page);
        const natural = p.getViewport({ scale: 1 });
        const cssWidth = Math.min(el.parentElement?.clientWidth || natural.width, 1200);
        const scale = (cssWidth / natural.width) * (window.devicePixelRatio || 1);
        const viewport = p.getViewport({ scale });
        el.width = Math.floor(viewport.width);
        el.height = Math.floor(viewport.height);
        const { AnnotationMode } = await loadPdfJs();
        task = p.render({ canvas: el, viewport, annotationMode: AnnotationMode.DISABLE, background: '#ffffff' });
        await task.promise;
        const content = await p.getTextContent();
        const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('').trim();
        if (!cancelled) setState({ drawn: true, text, error: false });
      } catch {
        if (!cancelled) setState({ drawn: false, text: '', error: true });
      }
    })();
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, page]);

  if (doc instanceof Error || state.error) {
    return (
      <Alert color="gray" title={label}>
        This page could not be drawn here. Use Download to open it in your PDF reader.
      </Alert>
    );
  }
  return (
    <div>
      {!state.drawn && (
        <Group gap="xs" role="status">
          <Loader size="sm" aria-hidden />
          <Text size="sm">Drawing the page…</Text>
        </Group>
      )}
      <canvas
        ref={canvas}
        role="img"
        aria-label={label}
        aria-describedby={state.text ? textId : undefined}
        data-drawn={state.drawn || undefined}
        style={{ display: 'block', width: '100%', height: 'auto', border: '1px solid var(--mantine-color-gray-3)', visibility: state.drawn ? 'visible' : 'hidden' }}
      />
      {state.text && (
        <p id={textId} className="sr-only" data-testid="pdf-page-text">
          {state.text}
        </p>
      )}
    </div>
  );
}
