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
      // A branch whose root type or keys did not match is the wrong branch: least such mismatch wins.
      const mismatch = (branch: Issue[]) =>
        branch.reduce((sum, i) => sum + (i.path.length === 0 && i.code === "invalid_type" ? 4 : i.code === "unrecognized_keys" && i.path.length === 0 ? 2 : 0), 0);
      const relevant = [...issue.errors].sort((a, b) => mismatch(a) - mismatch(b))[0];
      for (const inner of relevant) visit(inner, path);
      return;
    }
    out.push({ path: path.map(String).join(".") || "(root)", message: issue.message });
  };
  for (const issue of error.issues) visit(issue, []);
  return out;
}
