// Baseline for `npm run bench`: the smallest useful cdktf app (one provider, one resource), run the same way.
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";

export function buildOneResourceApp(app: App): App {
  const stack = new TerraformStack(app, "one-resource");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
  return app;
}

if (require.main === module) buildOneResourceApp(new App()).synth();
