import { CostCategory } from "./estimate";

/** One line of a seed document's own cost table, and the categories of this estimate it covers. */
export interface SeedItem {
  readonly label: string;
  readonly amount: number;
  readonly categories: readonly CostCategory[];
  /** How the seed's figure appears to be computed, so a reader can see where the two methods part. */
  readonly seedMethod: string;
}

/** A seed document's monthly estimate for one stack. */
export interface SeedEstimate {
  readonly stack: string;
  /** Document and section the figure comes from. */
  readonly source: string;
  readonly total: number;
  /** Set when the figure is derived from the document rather than printed in it. */
  readonly derivation?: string;
  /** The document's line items, when it itemizes (the Coherent document gives totals only). */
  readonly items: readonly SeedItem[];
}

const COHERENT = '"Coherent PMO Platform - AWS Architecture", Cost Optimization > Current Architecture Costs';
const TREASURY = '"Treasury Plane - AWS Architecture", Cost Breakdown';

/** The Treasury Plane document itemizes ~$183 for the architecture it draws (two NAT gateways: prod). */
const TREASURY_ITEMS: readonly SeedItem[] = [
  { label: "NAT Gateway (2 AZs)", amount: 65, categories: ["NAT gateways"], seedMethod: "2 × 730 h × $0.045, no data processing" },
  {
    label: "Aurora Serverless v2",
    amount: 43,
    categories: ["Databases"],
    seedMethod: "one instance at 0.5 ACU × 730 h × $0.12, no storage or I/O",
  },
  {
    label: "Elastic Beanstalk (2 t3.small)",
    amount: 30,
    categories: ["Compute", "Block storage"],
    seedMethod: "2 × t3.small × 730 h, no volumes",
  },
  { label: "Application Load Balancer", amount: 23, categories: ["Load balancers"], seedMethod: "hours plus about one LCU" },
  { label: "ElastiCache Redis", amount: 0, categories: ["Caches"], seedMethod: "disabled" },
  { label: "CloudFront (3 distributions)", amount: 5, categories: ["CDN"], seedMethod: "light traffic" },
  { label: "S3 Storage", amount: 3, categories: ["Object storage"], seedMethod: "a few GB" },
  { label: "Secrets Manager (5 secrets)", amount: 2.5, categories: ["Secrets"], seedMethod: "5 secrets at about $0.50" },
  { label: "Data Transfer", amount: 10, categories: ["Data transfer"], seedMethod: "~110 GB out at $0.09" },
];

export const SEED_ESTIMATES: readonly SeedEstimate[] = [
  { stack: "coherent-dev", source: COHERENT, total: 43, items: [] },
  { stack: "coherent-prod", source: COHERENT, total: 133, items: [] },
  { stack: "treasury-plane-prod", source: TREASURY, total: 183, items: TREASURY_ITEMS },
  {
    stack: "treasury-plane-dev",
    source: TREASURY,
    total: 138,
    derivation: "$183 less the document's own dev optimizations: one NAT gateway (-$30) and t3.micro instances (-$15)",
    items: TREASURY_ITEMS.map((item) =>
      item.label.startsWith("NAT")
        ? {
            ...item,
            label: "NAT Gateway (1 AZ, dev)",
            amount: 35,
            seedMethod: `${item.seedMethod}, less the document's -$30 for one gateway`,
          }
        : item.label.startsWith("Elastic Beanstalk")
          ? { ...item, label: "Elastic Beanstalk (2 t3.micro, dev)", amount: 15, seedMethod: "the document's -$15 for t3.micro instances" }
          : item,
    ),
  },
];

/** The seed's estimate for a stack, if the documents give one. */
export function seedEstimateFor(stack: string): SeedEstimate | undefined {
  return SEED_ESTIMATES.find((seed) => seed.stack === stack);
}
