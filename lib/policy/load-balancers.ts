import { ResourceConfig } from "./types";

/** `aws_lb` without load_balancer_type is an application load balancer. */
export const isApplicationLoadBalancer = (lb: ResourceConfig): boolean => (lb.config.load_balancer_type ?? "application") === "application";
