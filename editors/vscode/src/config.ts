// The extension's own logic, free of the `vscode` module so it can be unit-tested with node.

import * as path from "path";

/** The settings under `factline.*`, as VS Code returns them. */
export interface Settings {
  serverPath?: string;
  asOf?: string;
  facts?: string[];
  defaultFacts?: boolean;
  severity?: Record<string, string>;
}

/**
 * Where the server binary is: the setting (relative to the first workspace folder when not
 * absolute), else `factline` on PATH, else the first workspace's `target/release/factline`.
 */
export function resolveServerPath(
  setting: string | undefined,
  pathEnv: string | undefined,
  workspaceFolders: string[],
  exists: (file: string) => boolean,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const exe = platform === "win32" ? "factline.exe" : "factline";
  if (setting && setting.trim() !== "") {
    const s = setting.trim();
    if (path.isAbsolute(s) || workspaceFolders.length === 0) {
      return s;
    }
    return path.join(workspaceFolders[0], s);
  }
  const separator = platform === "win32" ? ";" : ":";
  for (const dir of (pathEnv ?? "").split(separator)) {
    if (dir !== "" && exists(path.join(dir, exe))) {
      return path.join(dir, exe);
    }
  }
  for (const folder of workspaceFolders) {
    const built = path.join(folder, "target", "release", exe);
    if (exists(built)) {
      return built;
    }
  }
  return undefined;
}

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const SEVERITIES = new Set(["error", "warning", "information", "hint", "off"]);

/** Whether `text` is a date factline accepts (YYYY, YYYY-MM or YYYY-MM-DD, and a real one). */
export function isDate(text: string): boolean {
  const t = text.trim();
  if (!DATE.test(t)) {
    return false;
  }
  const [year, month, day] = t.split("-").map(Number);
  if (year === 0 || (month !== undefined && (month < 1 || month > 12))) {
    return false;
  }
  if (day !== undefined) {
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return day >= 1 && day <= days;
  }
  return true;
}

/**
 * The server's `initializationOptions` from the settings; invalid values are left out and
 * described in `problems` (the server then uses its defaults).
 */
export function initializationOptions(settings: Settings): { options: Record<string, unknown>; problems: string[] } {
  const options: Record<string, unknown> = {};
  const problems: string[] = [];
  if (settings.asOf && settings.asOf.trim() !== "") {
    if (isDate(settings.asOf)) {
      options.as_of = settings.asOf.trim();
    } else {
      problems.push(`factline.asOf: "${settings.asOf}" is not YYYY, YYYY-MM or YYYY-MM-DD`);
    }
  }
  if (settings.facts && settings.facts.length > 0) {
    options.facts = settings.facts;
  }
  if (settings.defaultFacts === false) {
    options.default_facts = false;
  }
  const severity: Record<string, string> = {};
  for (const [code, level] of Object.entries(settings.severity ?? {})) {
    if (SEVERITIES.has(level)) {
      severity[code] = level;
    } else {
      problems.push(`factline.severity.${code}: "${level}" is not one of ${[...SEVERITIES].join(", ")}`);
    }
  }
  if (Object.keys(severity).length > 0) {
    options.severity = severity;
  }
  return { options, problems };
}

/**
 * The edit that sets `as_of: date` in a note's front matter: [line, replace the line?, text].
 * Lines are the note's lines; the front matter is delimited by `---`.
 */
export function asOfEdit(lines: string[], date: string): { line: number; replace: boolean; text: string } {
  const entry = `as_of: ${date}`;
  if (lines[0] === "---") {
    for (let i = 1; i < lines.length; i++) {
      if (lines[i] === "---" || lines[i] === "...") {
        for (let j = 1; j < i; j++) {
          if (lines[j].startsWith("as_of:")) {
            return { line: j, replace: true, text: entry };
          }
        }
        return { line: i, replace: false, text: entry + "\n" };
      }
    }
  }
  return { line: 0, replace: false, text: `---\n${entry}\n---\n` };
}
