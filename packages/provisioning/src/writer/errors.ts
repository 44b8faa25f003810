import { ObskitValidationError, type ValidationProblem } from '@obskit/catalog';

/** Stable codes of the file writer's errors; the CLI maps them to exit statuses. */
export const WRITER_CODES = {
  /** A generated file was edited by hand (or a file obskit did not write is in the way). */
  handEdited: 'OBSKIT_HAND_EDITED',
  /** The manifest of generated files cannot be read. */
  manifestInvalid: 'OBSKIT_MANIFEST_INVALID',
  /** A path of the generated tree is absolute or leaves the output directory. */
  invalidPath: 'OBSKIT_INVALID_OUTPUT_PATH',
  /** Writing or renaming a file failed; the previous file is left as it was. */
  writeFailed: 'OBSKIT_WRITE_FAILED',
} as const;

/**
 * `writeGeneratedFiles` refused to write: files it would replace or delete differ from what obskit
 * generated. Lists every such file; its code is always `OBSKIT_HAND_EDITED`.
 */
export class HandEditedError extends ObskitValidationError<typeof WRITER_CODES.handEdited> {
  /**
   * @param outDir - the output directory that was not written
   * @param problems - one per hand-edited file
   */
  constructor(outDir: string, problems: readonly ValidationProblem<typeof WRITER_CODES.handEdited>[]) {
    super(WRITER_CODES.handEdited, `Refusing to write ${outDir}`, problems);
  }
}
