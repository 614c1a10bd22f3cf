import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from './commands/index';

// docs/cli.md quotes each command's --help. These tests keep the reference from drifting from the
// command: a changed flag fails here until the reference is regenerated.
const referencePath = new URL('../../../docs/cli.md', import.meta.url);
const reference = readFileSync(referencePath, 'utf8');
const regenerate = 'Run `npm run build && npm run docs:cli`, then review the prose around it.';

/** The help text quoted in docs/cli.md for `toex <command>`, or undefined when it has none. */
function quotedHelp(command: string): string | undefined {
  const start = `<!-- toex ${command} --help -->\n\`\`\`text\n`;
  const from = reference.indexOf(start);
  if (from === -1) return undefined;
  const to = reference.indexOf('```\n<!-- end help -->', from + start.length);
  return to === -1 ? undefined : reference.slice(from + start.length, to);
}

/** The part of docs/cli.md under `## toex <command>`, up to the next second-level heading. */
function section(command: string): string {
  const heading = `\n## \`toex ${command}\``;
  const from = reference.indexOf(heading);
  if (from === -1) return '';
  const next = reference.indexOf('\n## ', from + heading.length);
  return reference.slice(from, next === -1 ? undefined : next);
}

function flagsIn(text: string): string[] {
  return [...new Set(text.match(/--[a-z][a-z0-9-]*/g))];
}

describe('docs/cli.md', () => {
  it.each(commands.map((command) => [command.path.join(' '), command.usage]))(
    'quotes `toex %s --help` exactly as the command prints it',
    (name, usage) => {
      const quoted = quotedHelp(name);
      expect(quoted, `docs/cli.md has no help block for toex ${name}. ${regenerate}`).toBeDefined();
      expect(quoted, `docs/cli.md is out of date with toex ${name} --help. ${regenerate}`).toBe(
        `${usage.trimEnd()}\n`,
      );
    },
  );

  it.each(commands.map((command) => [command.path.join(' '), command.usage]))(
    'describes `toex %s` in its own section, naming only flags that exist',
    (name) => {
      const text = section(name);
      expect(text, `docs/cli.md needs a section headed "## \`toex ${name}\`"`).not.toBe('');
      // A section may point to another command's flag (`toex translate --estimate`), never to a removed one.
      const flags = new Set([
        '--help',
        '--version',
        ...commands.flatMap((command) => flagsIn(command.usage)),
      ]);
      expect(flagsIn(text).filter((flag) => !flags.has(flag))).toEqual([]);
    },
  );
});
