// The application menu: File (Quit), Edit (standard roles), View (reload, zoom; developer tools only when not packaged), Help (About).
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  isPackaged: boolean;
  platform: string;
  appName: string;
  showAbout(): void;
}

export function menuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: opts.appName,
      submenu: [{ label: `About ${opts.appName}`, click: () => opts.showAbout() }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push({ label: '&File', submenu: [mac ? { role: 'close' } : { role: 'quit', label: 'Quit' }] });
  template.push({
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (!opts.isPackaged) view.push({ type: 'separator' }, { role: 'toggleDevTools' });
  template.push({ label: '&View', submenu: view });
  template.push({ label: '&Help', submenu: [{ label: `About ${opts.appName}`, click: () => opts.showAbout() }] });
  return template;
}
