// Writes the network diagram of a run: docs/network-<stack>.md (Mermaid) and
// the same picture as SVG.
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

/** Writes network-<stack>.md and network-<stack>.svg into `dir`; returns their paths. */
export async function writeDiagram(run: Pick<RunResult, "resources" | "settings">, dir: string, stack: string): Promise<string[]> {
    const model = diagramOf(run);
    const mermaid = toMermaid(model);
    fs.mkdirSync(dir, { recursive: true });
    const svgFile = `network-${stack}.svg`;
    const svgPath = path.join(dir, svgFile);
    fs.writeFileSync(svgPath, await renderSvg(mermaid));
    const mdPath = path.join(dir, `network-${stack}.md`);
    fs.writeFileSync(mdPath, toMarkdown(model, mermaid, svgFile));
    return [mdPath, svgPath];
}
