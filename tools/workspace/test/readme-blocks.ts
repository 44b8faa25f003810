import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import MarkdownIt from 'markdown-it';

/** The workspace root. */
export const ROOT = join(__dirname, '..', '..', '..');

/** One fenced code block of a README. */
export interface ReadmeBlock {
  /** README path relative to the workspace root. */
  readonly readme: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: 'ts' | 'js';
  readonly code: string;
  /**
   * `run` unless a `<!-- readme-check: no-run (reason) -->` comment stands right above the block;
   * `continues` (`<!-- readme-check: continues -->`) when the block goes on from the README's
   * previous block, as a reader pastes them one after the other.
   */
  readonly mode: 'run' | 'no-run' | 'continues';
  readonly reason?: string;
  /** The file the text right above names, as in "`lib/metrics.ts` —" (a Next.js app's layout). */
  readonly caption?: string;
}

const LANGS: Record<string, 'ts' | 'js'> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js' };
const DIRECTIVE = /^<!--\s*readme-check:\s*(\S+)\s*(?:\((.*)\))?\s*-->\s*$/s;

/** Every README.md of the workspace: the root one and each of packages/*, tools/*, apps/*. */
export function findReadmes(root = ROOT): string[] {
  const found = [join(root, 'README.md')];
  for (const group of ['packages', 'tools', 'apps']) {
    for (const name of readdirSync(join(root, group)).sort()) {
      const readme = join(root, group, name, 'README.md');
      if (existsSync(readme)) found.push(readme);
    }
  }
  return found.map((f) => relative(root, f));
}

/**
 * The TypeScript and JavaScript blocks of a README, read with markdown-it (CommonMark): ```ts,
 * ```typescript, ```js and ```javascript fences. A `readme-check` comment right above a block must
 * be `no-run (reason)`; anything else is an error naming the README and line.
 */
export function readmeBlocks(readme: string, root = ROOT): ReadmeBlock[] {
  const tokens = new MarkdownIt({ html: true }).parse(readFileSync(join(root, readme), 'utf8'), {});
  const blocks: ReadmeBlock[] = [];
  tokens.forEach((token, i) => {
    if (token.type !== 'fence') return;
    const lang = LANGS[token.info.trim().split(/\s+/)[0] ?? ''];
    if (!lang) return;
    const line = (token.map?.[0] ?? 0) + 1;
    // the comments right above the block (a README may keep its own markers there too)
    let before: (typeof tokens)[number] | undefined;
    let directive: RegExpExecArray | null = null;
    let j = i - 1;
    for (; j >= 0 && tokens[j]!.type === 'html_block'; j--) {
      const match = DIRECTIVE.exec(tokens[j]!.content.trim());
      if (match) [before, directive] = [tokens[j], match];
    }
    const valid =
      !directive || directive[1] === 'continues' || (directive[1] === 'no-run' && directive[2]?.trim());
    if (!valid) {
      throw new Error(
        `${readme}:${line}: invalid readme-check comment "${before!.content.trim()}": expected "<!-- readme-check: no-run (reason) -->" or "<!-- readme-check: continues -->"`,
      );
    }
    const text = tokens[j - 1]?.type === 'inline' ? tokens[j - 1]!.content : '';
    const caption = /^`([\w./[\]-]+\.tsx?)`/.exec(text)?.[1];
    blocks.push({
      readme,
      line,
      lang,
      code: token.content,
      mode: directive ? (directive[1] as 'no-run' | 'continues') : 'run',
      ...(directive?.[2] ? { reason: directive[2].trim() } : {}),
      ...(caption ? { caption } : {}),
    });
  });
  return blocks;
}

/**
 * The blocks as programs: a `continues` block is appended to the one before it, and takes its
 * run mode.
 */
export function programsOf(blocks: readonly ReadmeBlock[]): ReadmeBlock[] {
  const programs: ReadmeBlock[] = [];
  for (const b of blocks) {
    const last = programs[programs.length - 1];
    if (b.mode !== 'continues') programs.push(b);
    else if (last && last.readme === b.readme && last.lang === b.lang)
      programs[programs.length - 1] = { ...last, code: `${last.code}\n${b.code}` };
    else
      throw new Error(
        `${b.readme}:${b.line}: "readme-check: continues" but no ${b.lang} block of this README comes before it`,
      );
  }
  return programs;
}
