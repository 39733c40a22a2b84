import type { z } from "zod";

export interface FieldIssue {
  path: string;
  message: string;
}

type Issue = z.core.$ZodIssue;

/**
 * Flattens zod issues into {path, message}, looking inside union failures: of a union's
 * branches, the one that got past the type check (a string that is not a known preset, an
 * object with a bad field) explains the problem, not "Invalid input".
 */
export function fieldIssues(error: { issues: Issue[] }): FieldIssue[] {
  const out: FieldIssue[] = [];
  const visit = (issue: Issue, prefix: PropertyKey[]) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const branches = issue.errors;
      const relevant = branches.find((b) => b.length > 0 && !b.some((i) => i.code === "invalid_type" && i.path.length === 0)) ?? branches[0];
      for (const inner of relevant) visit(inner, path);
      return;
    }
    out.push({ path: path.map(String).join(".") || "(root)", message: issue.message });
  };
  for (const issue of error.issues) visit(issue, []);
  return out;
}
