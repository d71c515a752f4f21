// Saving files the core produced (PDF, CSV, XLSX, ICS): the OS save dialog in Electron, a download in the browser harness.
import { notifications } from '@mantine/notifications';
import type { ExportedFile } from '../src-main/contract/define';

/** Hands the file to the desktop to save, and tells the person what happened. Returns true if it was saved. */
export async function saveExportedFile(file: ExportedFile): Promise<boolean> {
  try {
    const result = await window.desk.saveFile(file);
    if (result.saved) {
      notifications.show({
        title: 'File saved',
        message: result.path ? `Saved ${file.suggestedName} to ${result.path}.` : `${file.suggestedName} has been saved to your downloads.`,
        color: 'calm',
        withBorder: true,
      });
      return true;
    }
    notifications.show({ title: 'Not saved', message: `${file.suggestedName} was not saved. You can try again at any time.`, color: 'gray', withBorder: true });
    return false;
  } catch {
    notifications.show({
      title: 'The file could not be saved',
      message: 'Please check there is space and that you can save to the chosen folder, then try again.',
      color: 'red',
      withBorder: true,
    });
    return false;
  }
}
