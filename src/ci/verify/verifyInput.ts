// What "Compare with GitLab" needs from an analysis, in one small plain object: the configuration to send and our
// side of the comparison. The extension's analysis worker builds it next to the model and sends only this.
import type { AnalyzeOptions } from '../analyze';
import type { FlowModel } from '../model';
import { buildMergedConfig, type MergedConfig } from './mergedConfig';
import { ourSide, type OurSide } from './ourSide';

export interface VerifyInput {
  config: MergedConfig;
  ours: OurSide;
}

/** `options` must be those `model` was analysed with (same root, reader, context and fetcher). */
export async function verifyInput(options: AnalyzeOptions, model: FlowModel): Promise<VerifyInput> {
  return { config: await buildMergedConfig(options), ours: ourSide(model) };
}
