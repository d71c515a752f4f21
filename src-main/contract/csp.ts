// The page's Content Security Policy, one text for every way the renderer is served: the `app://` scheme's response header
// in the desktop app, the browser harness's header, and the <meta> tag in src-renderer/index.html (kept as a second lock).
// Styles allow 'unsafe-inline' because Mantine injects its CSS variables in a <style> element; scripts never do.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
].join('; ');

/** As a response header we can also forbid framing (browsers ignore frame-ancestors in a meta tag). */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
