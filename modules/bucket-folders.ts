import { Construct } from "constructs";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { propChecks } from "../lib/construct-validation";
import { SecureBucket } from "./secure-bucket";

export interface BucketFoldersProps {
  readonly bucket: SecureBucket;
  /** Folder keys, each ending in `/`, e.g. `uploads/`. */
  readonly folders: readonly string[];
}

/**
 * Empty "folder" objects (keys ending in `/`) so a bucket shows its intended layout in the console
 * before the first upload. Construct ids are the folder names, so adding one never renames another.
 */
export class BucketFolders extends Construct {
  readonly objects: readonly S3Object[];

  constructor(scope: Construct, id: string, props: BucketFoldersProps) {
    super(scope, id);
    const check = propChecks(this);
    if (props.folders.length === 0) check.fail("folders", props.folders, "must list at least one folder");
    const seen = new Set<string>();
    this.objects = props.folders.map((folder) => {
      check.expect(
        /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*\/$/.test(folder),
        "folders",
        folder,
        "each must be a key like uploads/ (lowercase, no leading slash, ending in /)",
      );
      if (seen.has(folder)) check.fail("folders", folder, "is listed twice; each folder once");
      seen.add(folder);
      return new S3Object(this, folder.slice(0, -1).replace(/\//g, "-"), {
        bucket: props.bucket.bucket.id,
        key: folder,
        content: "",
        contentType: "application/x-directory",
      });
    });
  }
}
