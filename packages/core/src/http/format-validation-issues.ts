import type { z } from 'zod';

const maxListedIssues = 3;

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = String(segment);
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}

/**
 * A one-line summary of why a response failed its schema, naming the path of each issue, e.g.
 * `translations[0].text: Invalid input: expected string, received undefined`. Lists at most three
 * issues. Never quotes the response itself, which may hold case material.
 */
export function formatValidationIssues(error: z.ZodError): string {
  const listed = error.issues
    .slice(0, maxListedIssues)
    .map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = error.issues.length - listed.length;
  return more > 0 ? `${listed.join('; ')}; and ${more} more` : listed.join('; ');
}
