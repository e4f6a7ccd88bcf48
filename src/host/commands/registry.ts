// Every command of the extension in one table (id → handler), registered behind the one error path: a handler
// that throws ends in `reportError` with the command's title, never silently and never with a token in it.
import * as vscode from 'vscode';
import type { CommandId } from '../../commands';
import { reportError } from '../errors';

export interface CommandSpec {
  readonly id: CommandId;
  /** As in the palette, for error messages. */
  readonly title: string;
  readonly run: (arg?: unknown) => Promise<void>;
  /** Values to redact from an error's message and detail (the GitLab token). */
  readonly secrets?: () => Promise<readonly (string | undefined)[]>;
}

export function registerCommands(specs: readonly CommandSpec[]): vscode.Disposable[] {
  return specs.map((spec) =>
    vscode.commands.registerCommand(spec.id, async (arg?: unknown) => {
      try {
        await spec.run(arg);
      } catch (e) {
        await reportError(spec.title, e, (await spec.secrets?.().catch(() => undefined)) ?? []);
      }
    }),
  );
}
