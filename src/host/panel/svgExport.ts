// Export SVG: asks where to save the graph's SVG (next to the CI root by default), writes it, and offers to open
// or reveal the file. Both the panel's own Export SVG button and the export command end here.
import * as vscode from 'vscode';
import { reportError } from '../errors';
import { log } from '../log';

/** Saves `svg` where the user picks; `base` is the folder the save dialog starts in (the root's project folder). */
export async function saveSvgFile(svg: string, base: vscode.Uri | undefined): Promise<void> {
  const target = await vscode.window.showSaveDialog({
    ...(base ? { defaultUri: vscode.Uri.joinPath(base, 'pipeline-artifact-flow.svg') } : {}),
    filters: { [vscode.l10n.t('SVG image')]: ['svg'] },
    title: vscode.l10n.t('Export Pipeline Graph as SVG'),
  });
  if (!target) return;
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg));
    log().info(`Exported the graph to ${target.toString()}`);
    const open = vscode.l10n.t('Open');
    const reveal = vscode.l10n.t('Reveal');
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t('Graph exported to {0}.', vscode.workspace.asRelativePath(target)),
        open,
        reveal,
      )
      .then(async (choice) => {
        if (choice === open) await vscode.commands.executeCommand('vscode.open', target);
        if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', target);
      });
  } catch (e) {
    await reportError(vscode.l10n.t('Could not write the SVG file'), e);
  }
}
