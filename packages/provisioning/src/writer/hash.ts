import { createHash } from 'node:crypto';

/** `sha256:<hex>` of a file's UTF-8 content, as recorded in the manifest. */
export function hashContent(content: string): string {
  return `sha256:${createHash('sha256').update(content, 'utf8').digest('hex')}`;
}
