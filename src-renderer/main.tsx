// Placeholder from the shell helper so `npm run build` works; the renderer lead replaces this file.
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<p>Recovery College Desk is starting…</p>);
