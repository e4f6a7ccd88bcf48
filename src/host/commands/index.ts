// The extension's command table: every command id of src/commands.ts, each handled once, behind one error path.
import * as vscode from 'vscode';
import { ARTIFACT_SCHEME, ArtifactDocumentProvider } from '../gitlab/artifactDocs';
import type { GitLabConnection } from '../gitlab/connection';
import { INCLUDE_SCHEME, IncludeDocumentProvider } from '../gitlab/includeDocuments';
import type { PanelServices } from '../panel/pipelinePanel';
import { artifactCommands } from './artifactCommands';
import { connectionCommands } from './connectionCommands';
import { graphCommands } from './graphCommands';
import { includeCommands } from './includeCommands';
import { type CommandSpec, registerCommands } from './registry';
import { VERIFY_SCHEME, verifyCommands, VerifyReportDocuments } from './verifyCommand';

export function commandTable(
  services: PanelServices,
  connection: GitLabConnection,
  docs: ArtifactDocumentProvider,
  reports = new VerifyReportDocuments(),
): CommandSpec[] {
  return [
    ...graphCommands(services),
    ...connectionCommands(connection),
    ...artifactCommands(connection, docs),
    ...includeCommands(connection),
    ...verifyCommands(services, connection, reports),
  ];
}

export function registerAllCommands(services: PanelServices, connection: GitLabConnection): vscode.Disposable[] {
  const docs = new ArtifactDocumentProvider(connection);
  const reports = new VerifyReportDocuments();
  return [
    reports,
    vscode.workspace.registerTextDocumentContentProvider(VERIFY_SCHEME, reports),
    vscode.workspace.registerTextDocumentContentProvider(ARTIFACT_SCHEME, docs),
    vscode.workspace.registerTextDocumentContentProvider(
      INCLUDE_SCHEME,
      new IncludeDocumentProvider(connection.includes.texts, () => connection.includeFetcher({ quiet: true })),
    ),
    ...registerCommands(commandTable(services, connection, docs, reports)),
  ];
}
