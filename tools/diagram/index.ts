// Writes the network diagram of a run: docs/network-<stack>.md (Mermaid) and
// the same picture as SVG.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { stripeApiCidrs } from "../../infra/addresses";
import { CatalogIndex } from "../../components/catalog";
import { TICKETTOKEN } from "../../infra/catalog";
import { RunResult } from "../harness/run";
import { buildModel, DiagramModel } from "./model";
import { toMarkdown, toMermaid } from "./mermaid";
import { standaloneSvg } from "./standalone";

export { buildModel, DiagramModel, FlowModel, ALB, STRIPE } from "./model";
export { toMermaid, toMarkdown, nodeId } from "./mermaid";

// beautiful-mermaid is an ES module only; a CommonJS program reaches it
// through a real dynamic import (TypeScript would turn `import()` into require).
const importModule = new Function("specifier", "return import(specifier)") as (s: string) => Promise<any>;

/** SVG of a Mermaid flowchart, rendered without a browser. */
export async function renderSvg(mermaid: string): Promise<string> {
    const { renderMermaidSVG } = await importModule("beautiful-mermaid");
    return standaloneSvg(renderMermaidSVG(mermaid, { bg: "#FFFFFF", fg: "#1F2937", font: "DejaVu Sans" }));
}

export function diagramOf(run: Pick<RunResult, "resources" | "settings">): DiagramModel {
    return buildModel(run.settings.stack, run.resources, new CatalogIndex(TICKETTOKEN), stripeApiCidrs());
}

/**
 * The comment that ends an SVG the plan wrote: a hash of the Mermaid source
 * and the renderer's version. Rendering is the slowest part of writing the
 * diagram (loading the renderer and laying out the graph); an SVG that ends
 * with the comment its source would get is not rendered again.
 */
export function renderStamp(mermaid: string): string {
    // The package exports no package.json (it is an ES module): find it along Node's search paths.
    const manifest = (require.resolve.paths("beautiful-mermaid") ?? []).map((dir) => path.join(dir, "beautiful-mermaid", "package.json")).find((f) => fs.existsSync(f));
    const renderer = manifest ? (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }) : { version: "unknown" };
    const hash = crypto.createHash("sha256").update(mermaid).digest("hex");
    return `<!-- rendered from Mermaid sha256:${hash} by beautiful-mermaid ${renderer.version} -->`;
}

/** A diagram built and ready to write: the model, its Mermaid text and the markdown around it cost CPU, writing is I/O. */
export interface PreparedDiagram {
    /** Writes network-<stack>.md and network-<stack>.svg into `dir`; says which files, and whether the SVG had to be rendered. */
    write(dir: string): Promise<{ files: string[]; rendered: boolean }>;
}

/** Builds the diagram of a run (the offline plan does it while the pack judges the stack), to write later. */
export function prepareDiagram(run: Pick<RunResult, "resources" | "settings">, stack: string): PreparedDiagram {
    const model = diagramOf(run);
    const mermaid = toMermaid(model);
    const svgFile = `network-${stack}.svg`;
    const markdown = toMarkdown(model, mermaid, svgFile);
    const stamp = renderStamp(mermaid);
    return {
        async write(dir) {
            fs.mkdirSync(dir, { recursive: true });
            const svgPath = path.join(dir, svgFile);
            let current = "";
            try {
                current = fs.readFileSync(svgPath, "utf8");
            } catch {
                // not written yet
            }
            const rendered = !current.endsWith(`${stamp}\n`);
            if (rendered) {
                fs.writeFileSync(svgPath, `${await renderSvg(mermaid)}\n${stamp}\n`);
            }
            const mdPath = path.join(dir, `network-${stack}.md`);
            fs.writeFileSync(mdPath, markdown);
            return { files: [mdPath, svgPath], rendered };
        },
    };
}

/** Writes network-<stack>.md and network-<stack>.svg into `dir`; says which files, and whether the SVG had to be rendered. */
export function writeDiagram(run: Pick<RunResult, "resources" | "settings">, dir: string, stack: string): Promise<{ files: string[]; rendered: boolean }> {
    return prepareDiagram(run, stack).write(dir);
}
