// Open Pipeline Graph, Reveal Job in Editor, Copy Job Name, Export Graph as SVG.
import * as vscode from 'vscode';
import { Commands } from '../../commands';
import { jobRefFromMenuArg } from '../../protocol';
import { type PanelServices, PipelinePanel } from '../panel/pipelinePanel';
import type { CommandSpec } from './registry';

export function graphCommands(services: PanelServices): CommandSpec[] {
  return [
    {
      id: Commands.openGraph,
      title: vscode.l10n.t('Open Pipeline Graph'),
      run: (uri?: unknown) => PipelinePanel.createOrShow(services, uri instanceof vscode.Uri ? uri : undefined),
    },
    {
      id: Commands.revealJob,
      title: vscode.l10n.t('Reveal Job in Editor'),
      run: async (arg?: unknown) => {
        const ref = jobRefFromMenuArg(arg); // a child pipeline's job too (its card's menu names its frame)
        if (ref !== undefined) await PipelinePanel.current?.revealJob(ref.job, ref.pipeline);
      },
    },
    {
      id: Commands.copyJobName,
      title: vscode.l10n.t('Copy Job Name'),
      run: async (arg?: unknown) => {
        const ref = jobRefFromMenuArg(arg);
        if (ref !== undefined) await vscode.env.clipboard.writeText(ref.job);
      },
    },
    {
      id: Commands.exportSvg,
      title: vscode.l10n.t('Export Graph as SVG'),
      run: async () => {
        const panel = PipelinePanel.current;
        if (!panel) {
          void vscode.window.showInformationMessage(
            vscode.l10n.t('Open the pipeline graph first (GitLab Artifact Flow: Open Pipeline Graph).'),
          );
          return;
        }
        panel.reveal();
        const svg = await panel.requestSvg();
        if (svg === undefined) throw new Error(vscode.l10n.t('the graph panel did not answer with its SVG'));
        await panel.saveSvg(svg);
      },
    },
  ];
}
