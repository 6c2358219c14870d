/**
 * The native menu: the platforms' usual roles and shortcuts, plus File › Import…, which asks
 * the renderer to open its file picker (the renderer owns the import flow and its progress).
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  /** Development builds get Reload and the developer tools; a packaged app does not. */
  isPackaged: boolean;
  onImport: () => void;
}

export function buildAppMenu(options: AppMenuOptions): Menu {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push({
    label: '&File',
    submenu: [{ label: 'Import…', accelerator: 'CmdOrCtrl+O', click: () => options.onImport() }, { type: 'separator' }, mac ? { role: 'close' } : { role: 'quit' }],
  });
  template.push({ role: 'editMenu' });
  template.push({
    label: '&View',
    submenu: [
      ...(options.isPackaged ? [] : ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] satisfies MenuItemConstructorOptions[])),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  template.push({ role: 'windowMenu' });
  template.push({ role: 'help', submenu: [{ role: 'about', label: 'About Lectern' }] });
  return Menu.buildFromTemplate(template);
}
