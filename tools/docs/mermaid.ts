import { Architecture, Component, ComponentKind, nodeId, SubnetInfo } from "./architecture";

/** Node shape per kind, as Mermaid's opening and closing brackets. */
const SHAPES: Record<ComponentKind, [string, string]> = {
  compute: ["[", "]"],
  "load-balancer": ["{{", "}}"],
  cdn: ["{{", "}}"],
  database: ["[(", ")]"],
  cache: ["[(", ")]"],
  table: ["[(", ")]"],
  bucket: ["[(", ")]"],
  nat: ["(", ")"],
  gateway: ["(", ")"],
  endpoint: ["(", ")"],
  secrets: ["[/", "/]"],
  operations: ["(", ")"],
};

/** Boxes outside any VPC, grouped under these titles in this order. */
const OUTSIDE_GROUPS: [string, readonly ComponentKind[]][] = [
  ["Edge", ["cdn"]],
  ["Storage", ["bucket", "table"]],
  ["Secrets", ["secrets"]],
  ["Operations", ["operations"]],
];

function text(lines: readonly string[]): string {
  return `"${lines.map((line) => line.replace(/"/g, "#quot;")).join("<br/>")}"`;
}

function node(component: Component, indent: string): string {
  const [open, close] = SHAPES[component.kind];
  return `${indent}${component.id}${open}${text(component.label)}${close}`;
}

/**
 * A Mermaid flowchart of the architecture: each VPC with its subnets grouped by tier (public first) and
 * availability zone, boxes in the subnets they are placed in (a box spanning several subnets of a tier
 * sits in the tier), everything outside the VPC grouped by purpose, security-group paths as solid
 * arrows labelled with ports, and data/IAM paths as dotted arrows.
 */
export function mermaidDiagram(architecture: Architecture): string {
  const lines = ["flowchart LR"];
  // The internet is a circle; address ranges (admin networks, the VPC range) are pills.
  for (const peer of architecture.peers) lines.push(peer.id === "internet" ? `  internet((${text([peer.label])}))` : `  ${peer.id}([${text([peer.label])}])`);
  if (!architecture.peers.some((peer) => peer.id === "internet") && architecture.edges.some((edge) => edge.from === "internet")) {
    lines.push(`  internet((${text(["Internet"])}))`);
  }
  const placed = new Set<Component>();
  for (const vpc of architecture.vpcs) {
    lines.push(`  subgraph ${nodeId(vpc.address)}[${text([`VPC ${vpc.cidr}`])}]`, "    direction TB");
    for (const box of architecture.components.filter((candidate) => candidate.vpc === vpc.address && candidate.subnets.length === 0)) {
      lines.push(node(box, "    "));
      placed.add(box);
    }
    for (const tier of ["public", "private"] as const) {
      const subnets = vpc.subnets.filter((subnet) => subnet.tier === tier).sort(bySubnetOrder);
      if (subnets.length === 0) continue;
      const tierAddresses = new Set(subnets.map((subnet) => subnet.address));
      lines.push(`    subgraph ${nodeId(vpc.address)}_${tier}[${text([`${tier === "public" ? "Public" : "Private"} subnets`])}]`, "      direction LR");
      for (const subnet of subnets) {
        const inside = architecture.components.filter((box) => box.subnets.length === 1 && box.subnets[0] === subnet.address);
        const title = [`${subnet.name} · ${subnet.cidr} · ${subnet.availabilityZone}`];
        if (inside.length === 0) {
          const used = architecture.components.some((box) => box.subnets.includes(subnet.address));
          lines.push(`      ${nodeId(subnet.address)}[${text(used ? title : [...title, "(no resources)"])}]:::subnet`);
          continue;
        }
        lines.push(`      subgraph ${nodeId(subnet.address)}[${text(title)}]`);
        for (const box of inside) {
          lines.push(node(box, "        "));
          placed.add(box);
        }
        lines.push("      end");
      }
      const spanning = architecture.components.filter(
        (box) => !placed.has(box) && box.subnets.length > 1 && box.subnets.every((address) => tierAddresses.has(address)),
      );
      for (const box of spanning) {
        const names = subnets.filter((subnet) => box.subnets.includes(subnet.address)).map((subnet) => subnet.name);
        lines.push(node({ ...box, label: [...box.label, `in ${names.join(", ")}`] }, "      "));
        placed.add(box);
      }
      lines.push("    end");
    }
    // Boxes spanning both tiers of this VPC.
    const subnetsOfVpc = new Set(vpc.subnets.map((subnet) => subnet.address));
    for (const box of architecture.components.filter((candidate) => !placed.has(candidate) && candidate.subnets.some((s) => subnetsOfVpc.has(s)))) {
      lines.push(node(box, "    "));
      placed.add(box);
    }
    lines.push("  end");
  }
  for (const [title, kinds] of OUTSIDE_GROUPS) {
    const boxes = architecture.components.filter((box) => !placed.has(box) && kinds.includes(box.kind));
    if (boxes.length === 0) continue;
    lines.push(`  subgraph group_${title.toLowerCase()}[${text([title])}]`, "    direction TB");
    for (const box of boxes) {
      lines.push(node(box, "    "));
      placed.add(box);
    }
    lines.push("  end");
  }
  for (const box of architecture.components.filter((candidate) => !placed.has(candidate))) lines.push(node(box, "  "));
  for (const edge of architecture.edges) {
    const arrow = edge.kind === "network" ? "-->" : "-.->";
    lines.push(`  ${edge.from} ${arrow}|${text([edge.label.replace(/\btcp /g, "")])}| ${edge.to}`);
  }
  lines.push("  classDef subnet stroke-dasharray: 4 4");
  return lines.join("\n");
}

function bySubnetOrder(a: SubnetInfo, b: SubnetInfo): number {
  return a.availabilityZone.localeCompare(b.availabilityZone) || a.name.localeCompare(b.name);
}
