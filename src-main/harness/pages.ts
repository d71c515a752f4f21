// The harness's own pages (refusals): small, readable HTML in the app's calm wording, no scripts.
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function refusalPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · Recovery College Desk</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; background: #f7f7f5; color: #1f2328; }
  main { max-width: 36rem; margin: 4rem auto; padding: 2rem; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; }
  h1 { font-size: 1.4rem; margin-top: 0; }
  p { line-height: 1.5; font-size: 1.05rem; }
</style>
</head>
<body>
<main>
<h1>${escape(title)}</h1>
<p>${escape(message)}</p>
<p>Recovery College Desk · browser harness</p>
</main>
</body>
</html>
`;
}
