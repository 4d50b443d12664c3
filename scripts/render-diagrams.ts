/**
 * `npm run docs:render` (optional, never needed by CI): renders the Mermaid diagram of every generated
 * docs/<stack>.md to cdktf.out/diagrams/<stack>.svg and .png for viewing offline. GitHub renders the
 * Mermaid in docs/*.md itself, so the pictures are not committed and cannot go stale.
 *
 * Needs Chromium: mermaid-cli drives a browser through puppeteer, whose own browser download does not
 * work without network access. Install one (Debian: `apt-get install chromium`) and point
 * PUPPETEER_EXECUTABLE_PATH at it (default /usr/bin/chromium). mermaid-cli is fetched with npx.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { generatedFilesIn } from "../tools/docs/generate";

const ROOT = path.join(__dirname, "..");
const MERMAID_CLI = "@mermaid-js/mermaid-cli@11.17.0";

/** The first ```mermaid block of a Markdown document. */
export function mermaidBlock(markdown: string): string | undefined {
  return /```mermaid\n([\s\S]*?)```/.exec(markdown)?.[1];
}

function main(): number {
  const browser = process.env.PUPPETEER_EXECUTABLE_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(browser)) {
    console.error(`No Chromium at ${browser}. Install one (apt-get install chromium) or set PUPPETEER_EXECUTABLE_PATH.`);
    return 3;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "diagrams-"));
  const puppeteerConfig = path.join(work, "puppeteer.json");
  fs.writeFileSync(puppeteerConfig, JSON.stringify({ executablePath: browser, args: ["--no-sandbox", "--disable-gpu"] }));
  const out = path.join(ROOT, "cdktf.out", "diagrams");
  fs.mkdirSync(out, { recursive: true });
  let failures = 0;
  for (const file of generatedFilesIn(path.join(ROOT, "docs"))) {
    const diagram = mermaidBlock(fs.readFileSync(path.join(ROOT, "docs", file), "utf8"));
    if (!diagram) continue;
    const name = file.replace(/\.md$/, "");
    const source = path.join(work, `${name}.mmd`);
    fs.writeFileSync(source, diagram);
    for (const format of ["svg", "png"]) {
      const target = path.join(out, `${name}.${format}`);
      const result = spawnSync(
        "npx",
        ["--yes", MERMAID_CLI, "-p", puppeteerConfig, "-i", source, "-o", target, "-w", "1800", "-b", "white"],
        {
          stdio: "inherit",
          env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: "1" },
        },
      );
      if (result.status === 0) console.log(`wrote ${path.relative(ROOT, target)}`);
      else failures += 1;
    }
  }
  return failures ? 1 : 0;
}

if (require.main === module) process.exitCode = main();
